// The vendor site's server: Acme's pages and sign-in, its static files, and the one route that
// matters for Keyport — `POST /account/keyport-token`, which turns Acme's session into a
// short-lived widget token through the Vendor API.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AcmeAccounts, AcmeCustomer } from "./acme-accounts.ts";
import { type AccountAreaName, accountPage, homePage, signInPage } from "./site-pages.ts";
import type { SiteSettings } from "./site-settings.ts";
import type { WidgetTokens } from "./widget-tokens.ts";

const SESSION_COOKIE = "acme_session";

export interface VendorSiteOptions {
  readonly settings: Pick<SiteSettings, "siteUrl" | "keyportUrl">;
  readonly accounts: AcmeAccounts;
  readonly tokens: WidgetTokens;
  readonly assets: SiteAssets;
  /** Told about each widget token handed out (the end-to-end test counts them). */
  readonly onTokenMinted?: (email: string) => void;
}

// #region csp
/**
 * The site's Content-Security-Policy: everything from its own origin, and API calls to Keyport.
 * No inline script or style: the widgets style themselves with constructable stylesheets.
 */
export function contentSecurityPolicy(keyportUrl: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${new URL(keyportUrl).origin}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
// #endregion csp

/**
 * The Hono app of the Acme site.
 *
 * @example
 * const app = createVendorSite({ settings, accounts, tokens, assets: await loadSiteAssets() });
 * serve({ fetch: app.fetch, port: 8790 });
 */
export function createVendorSite({
  settings,
  accounts,
  tokens,
  assets,
  onTokenMinted,
}: VendorSiteOptions): Hono {
  const app = new Hono();
  const csp = contentSecurityPolicy(settings.keyportUrl);
  const secureCookie = settings.siteUrl.startsWith("https:");
  const customerOf = (c: Context): AcmeCustomer | null =>
    accounts.session(getCookie(c, SESSION_COOKIE))?.customer ?? null;
  /** A form post or fetch from another site is refused: Acme's own CSRF check. */
  const fromThisSite = (c: Context) => c.req.header("origin") === settings.siteUrl;

  app.use(async (c, next) => {
    await next();
    c.header("Content-Security-Policy", csp);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    c.header("X-Frame-Options", "DENY");
    c.header("Cross-Origin-Opener-Policy", "same-origin");
  });

  for (const [path, file] of Object.entries(assets)) {
    app.get(path, (c) =>
      c.body(file.body, 200, { "Content-Type": file.type, "Cache-Control": "no-cache" }),
    );
  }

  app.get("/", (c) => c.html(homePage(customerOf(c))));

  app.get("/sign-in", (c) => {
    if (customerOf(c)) return c.redirect(safeNext(c.req.query("next")), 303);
    return c.html(signInPage({ next: safeNext(c.req.query("next")) }));
  });

  app.post("/sign-in", async (c) => {
    if (!fromThisSite(c)) return c.text("Forbidden", 403);
    const form = await c.req.parseBody();
    const email = String(form.email ?? "");
    const next = safeNext(String(form.next ?? ""));
    const customer = accounts.verify(email, String(form.password ?? ""));
    if (!customer) return c.html(signInPage({ next, email, failed: true }), 401);
    setCookie(c, SESSION_COOKIE, accounts.startSession(customer), {
      httpOnly: true,
      sameSite: "Lax",
      secure: secureCookie,
      path: "/",
      maxAge: 8 * 3600,
    });
    return c.redirect(next, 303);
  });

  app.post("/sign-out", (c) => {
    if (!fromThisSite(c)) return c.text("Forbidden", 403);
    accounts.endSession(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: secureCookie });
    return c.redirect("/", 303);
  });

  app.get("/account", (c) => c.redirect("/account/licenses", 303));
  const areas: Record<string, AccountAreaName> = {
    "/account/licenses": "licenses",
    "/account/machines": "machines",
    "/account/downloads": "downloads",
  };
  for (const [path, area] of Object.entries(areas)) {
    app.get(path, (c) => {
      const customer = customerOf(c);
      if (!customer) return c.redirect(`/sign-in?next=${encodeURIComponent(path)}`, 303);
      const licenseId = c.req.query("license");
      return c.html(
        accountPage({
          area,
          customer,
          keyportUrl: settings.keyportUrl,
          ...(licenseId && /^lic_[0-9A-Za-z]+$/.test(licenseId) ? { licenseId } : {}),
        }),
      );
    });
  }

  // #region token-route
  // The widgets' fetchToken calls this: Acme's session in, a short-lived Keyport token out.
  app.post("/account/keyport-token", async (c) => {
    if (!fromThisSite(c)) return c.json({ error: "cross-site request" }, 403);
    const customer = customerOf(c);
    if (!customer) return c.json({ error: "not signed in to Acme" }, 401);
    const issued = await tokens.mint(customer.keyportEmail);
    if (!issued) return c.json({ error: "no Keyport account for this customer" }, 404);
    onTokenMinted?.(customer.email);
    c.header("Cache-Control", "no-store");
    return c.json(issued);
  });
  // #endregion token-route

  app.onError((error, c) => {
    console.error("vendor site:", error);
    return c.text("Something went wrong at Acme. Try again in a moment.", 502);
  });
  return app;
}

/** Only paths into the account area, so a crafted `next` cannot send anyone elsewhere. */
function safeNext(next: string | undefined): string {
  return next && /^\/account(\/[a-z-]*)?(\?[\w=&-]*)?$/.test(next) ? next : "/account/licenses";
}

export interface SiteAsset {
  readonly body: string;
  readonly type: string;
}
export type SiteAssets = Readonly<Record<string, SiteAsset>>;

const asset = (body: string, type: string): SiteAsset => ({ body, type });

/**
 * The site's files: its stylesheet and logo, and its page script bundled the way a site's own
 * build would do it (esbuild here) with the elements it uses from the built `@keyport/elements`
 * package (`dist/`, which `npm run example:vendor` builds first).
 */
export async function loadSiteAssets(): Promise<SiteAssets> {
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  let script: Awaited<ReturnType<typeof build>>;
  try {
    script = await build({
      entryPoints: [here("./browser/account.ts")],
      bundle: true,
      format: "esm",
      target: "es2022",
      minify: true,
      legalComments: "none",
      write: false,
      logLevel: "silent",
    });
  } catch (error) {
    throw new Error(
      "The page script did not build; are @keyport/sdk and @keyport/elements built? `npm run example:vendor` builds them first.",
      { cause: error },
    );
  }
  return {
    "/assets/acme.css": asset(
      readFileSync(here("./public/acme.css"), "utf8"),
      "text/css; charset=utf-8",
    ),
    "/assets/acme-logo.svg": asset(
      readFileSync(here("./public/acme-logo.svg"), "utf8"),
      "image/svg+xml",
    ),
    "/assets/account.js": asset(script.outputFiles![0]!.text, "text/javascript; charset=utf-8"),
  };
}
