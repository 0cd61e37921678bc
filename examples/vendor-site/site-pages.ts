// Acme's pages: its own header, look and words, with Keyport's widgets in the account area.
// `html` from Hono escapes every interpolated value.
import { html } from "hono/html";
import type { AcmeCustomer } from "./acme-accounts.ts";

type Html = ReturnType<typeof html>;

export interface AccountArea {
  readonly path: string;
  readonly label: string;
  readonly title: string;
  readonly intro: string;
}

/** The account pages, each around one widget. */
export const ACCOUNT_AREAS = {
  licenses: {
    path: "/account/licenses",
    label: "Licenses",
    title: "Your licenses",
    intro:
      "Every Acme license of your organisation, with its key. Choose one to see its computers.",
  },
  machines: {
    path: "/account/machines",
    label: "Computers & sites",
    title: "Computers & sites",
    intro:
      "Where your licenses are in use. Moving Acme Studio to a new computer? Free the old one's slot here first.",
  },
  downloads: {
    path: "/account/downloads",
    label: "Downloads",
    title: "Downloads",
    intro: "Installers and manuals your licenses cover, each with its SHA-256.",
  },
} as const satisfies Record<string, AccountArea>;

export type AccountAreaName = keyof typeof ACCOUNT_AREAS;

function layout({
  title,
  customer,
  body,
  scripts = html``,
}: {
  title: string;
  customer: AcmeCustomer | null;
  body: Html;
  scripts?: Html;
}): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · Acme Software</title>
    <link rel="icon" href="/assets/acme-logo.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/assets/acme.css" />
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="site-header">
      <a class="brand" href="/">
        <img src="/assets/acme-logo.svg" alt="" width="34" height="34" />
        <span>Acme Software</span>
      </a>
      <nav class="site-nav" aria-label="Main">
        <a href="/#products">Products</a>
        <a href="/#support">Support</a>
        <a href="/account">Account</a>
      </nav>
      ${
        customer
          ? html`<form class="site-user" method="post" action="/sign-out">
              <span>${customer.name}</span>
              <button type="submit" class="link-button">Sign out</button>
            </form>`
          : html`<a class="site-user button button--ghost" href="/sign-in">Sign in</a>`
      }
    </header>
    <main id="main">${body}</main>
    <footer class="site-footer">
      <p>© Acme Software Ltd. · Licenses and downloads served by Keyport.</p>
    </footer>
    ${scripts}
  </body>
</html>`;
}

export function homePage(customer: AcmeCustomer | null): Html {
  return layout({
    title: "Design software for teams",
    customer,
    body: html`
      <section class="hero">
        <p class="eyebrow">Acme Studio 3.0 is here</p>
        <h1>Design software your whole team can count on.</h1>
        <p class="lede">
          A new canvas engine, Linux support and cloud sync. Your licenses, computers and
          installers are in your Acme account.
        </p>
        <p class="hero-actions">
          <a class="button" href="/account">Open your account</a>
          <a class="button button--ghost" href="#products">See the products</a>
        </p>
      </section>
      <section id="products" class="products" aria-labelledby="products-title">
        <h2 id="products-title">Products</h2>
        <div class="product-grid">
          <article class="product">
            <h3>Acme Studio</h3>
            <p>The desktop design suite for Windows, macOS and Linux. Licensed per computer.</p>
          </article>
          <article class="product">
            <h3>Acme Forms for WordPress</h3>
            <p>Forms, payments and workflows for your WordPress sites. Licensed per site.</p>
          </article>
        </div>
      </section>
      <section id="support" class="support" aria-labelledby="support-title">
        <h2 id="support-title">Support</h2>
        <p>
          Questions about a license? Write to <a href="mailto:support@acme.example">support@acme.example</a>
          and quote the last five characters of its key.
        </p>
      </section>
    `,
  });
}

export function signInPage({
  next,
  email = "",
  failed = false,
}: {
  next: string;
  email?: string;
  failed?: boolean;
}): Html {
  return layout({
    title: "Sign in",
    customer: null,
    body: html`
      <section class="sign-in">
        <h1>Sign in to Acme</h1>
        <p class="lede">Your licenses, computers and downloads in one place.</p>
        ${
          failed
            ? html`<p class="form-error" role="alert">
                That email and password do not match an Acme account. Check both and try again.
              </p>`
            : ""
        }
        <form method="post" action="/sign-in" class="sign-in-form">
          <input type="hidden" name="next" value="${next}" />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value="${email}" />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit" class="button">Sign in</button>
        </form>
        <aside class="demo-note" aria-label="Demo accounts">
          <strong>Demo:</strong> sign in as a customer of Keyport's demo, such as
          <code>olivia.owner@example.com</code> or <code>mia.member@example.com</code>, with the
          password <code>acme-demo</code>.
        </aside>
      </section>
    `,
  });
}

export function accountPage({
  area,
  customer,
  keyportUrl,
  licenseId,
}: {
  area: AccountAreaName;
  customer: AcmeCustomer;
  keyportUrl: string;
  licenseId?: string;
}): Html {
  const current = ACCOUNT_AREAS[area];
  const links = Object.values(ACCOUNT_AREAS).map(
    (each) =>
      html`<a href="${each.path}" ${each === current ? html`aria-current="page"` : ""}>${each.label}</a>`,
  );
  const widget =
    area === "licenses"
      ? html`<license-list page-size="20"></license-list>`
      : area === "machines"
        ? html`<activation-manager ${licenseId ? html`license-id="${licenseId}"` : ""}></activation-manager>`
        : html`<download-center></download-center>`;
  return layout({
    title: current.title,
    customer,
    body: html`
      <div class="account">
        <nav class="account-nav" aria-label="Account">${links}</nav>
        <section class="account-main" aria-labelledby="account-title">
          <h1 id="account-title">${current.title}</h1>
          <p class="lede">${current.intro}</p>
          <p id="acme-notice" class="notice" role="status"></p>
          <portal-provider api-base="${keyportUrl}" locale="en" data-token-url="/account/keyport-token">
            ${widget}
          </portal-provider>
        </section>
      </div>
    `,
    // The elements and the page's script, in one file built by the site (see site-app.ts).
    scripts: html`<script type="module" src="/assets/account.js"></script>`,
  });
}
