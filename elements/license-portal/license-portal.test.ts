/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys, setViewport } from "@web/test-runner-commands";
import type { KeyportElement } from "../internal/keyport-element.ts";
import "../internal/test-helpers.ts";
import type { PortalProvider } from "../portal-provider/portal-provider.ts";
import "./define.ts";
import type { LicensePortal, PortalNavigateDetail } from "./license-portal.ts";
import { API, CONFIRMED_EMAIL, EMAIL_TOKEN, PASSWORD, PortalTestApi } from "./portal-test-api.ts";

const BASE = "/portal-test/";

function text(node: Element | ShadowRoot | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("<license-portal>", () => {
  const realFetch = globalThis.fetch;
  const startUrl = location.href;
  const startTitle = document.title;
  let api: PortalTestApi;

  beforeEach(async () => {
    await setViewport({ width: 1280, height: 900 });
    api = new PortalTestApi();
    globalThis.fetch = api.fetch;
    history.replaceState(null, "", BASE);
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    history.replaceState(null, "", startUrl);
    document.title = startTitle;
  });

  async function portalAt(path = BASE, { locale = "en" } = {}) {
    history.replaceState(null, "", path);
    const el = await fixture<LicensePortal>(html`<license-portal
      api-base=${API}
      token="tok-1"
      locale=${locale}
      timezone="Europe/Berlin"
      product-name="Acme"
      base-path=${BASE}
      theme="light"
    ></license-portal>`);
    await settled(el);
    return el;
  }

  /** Waits until the portal and the page it shows have loaded. */
  async function settled(el: LicensePortal) {
    for (let i = 0; i < 3; i += 1) {
      await el.updateComplete;
      await el.provider?.sessionComplete;
      await el.updateComplete;
      const pages = [
        ...el.shadowRoot!.querySelectorAll<KeyportElement>(
          ".page-body > *, .page-body section > *",
        ),
      ];
      await Promise.all(
        pages.map((page) => (page as { loadComplete?: Promise<unknown> }).loadComplete),
      );
    }
  }

  const $ = <E extends Element = HTMLElement>(el: LicensePortal, selector: string) =>
    el.shadowRoot!.querySelector<E>(selector);
  const title = (el: LicensePortal) => text($(el, '[part~="page-title"]'));
  const navLink = (el: LicensePortal, name: string) =>
    [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part~="nav-link"]')].find(
      (link) => text(link) === name,
    )!;
  const announced = (el: LicensePortal) => text($(el, '.portal > [aria-live="polite"]'));

  async function follow(el: LicensePortal, link: HTMLElement) {
    link.click();
    await settled(el);
  }

  it("opens on the dashboard with the sidebar, the user and the page's opening", async () => {
    const el = await portalAt();
    expect($(el, "account-dashboard")).to.exist;
    expect(title(el)).to.equal("Dashboard");
    expect(text($(el, '[part~="page-intro"]'))).to.equal(
      "What needs your attention, and your licenses at a glance.",
    );
    expect(text($(el, '[part~="page-action"]'))).to.equal("Open My Licenses");
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part~="nav-link"]')];
    expect(links.map((link) => [text(link), link.getAttribute("href")])).to.deep.equal([
      ["Dashboard", "/portal-test/"],
      ["My Licenses", "/portal-test/licenses"],
      ["Activations", "/portal-test/activations"],
      ["Downloads", "/portal-test/downloads"],
      ["Profile & Security", "/portal-test/profile"],
      ["Account Settings", "/portal-test/settings"],
    ]);
    expect(links[0]!.getAttribute("aria-current")).to.equal("page");
    expect(text($(el, '[part~="user"]')))
      .to.contain("Olivia Owner")
      .and.contain("Sign out");
    // A long address wraps after its "@", not inside a name.
    const email = $(el, ".user-email")!;
    expect(text(email)).to.equal("olivia.owner@example.com");
    expect(email.querySelector("wbr")?.previousSibling?.textContent).to.equal("olivia.owner@");
    expect($(el, '[part~="brand"]')?.textContent).to.contain("Acme");
    expect(document.title).to.equal("Dashboard · Acme");
    expect(api.calls("/v1/me")).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it("renders every area's element, each with its title and data", async () => {
    const el = await portalAt();
    const areas: [string, string, string][] = [
      ["My Licenses", "license-list", "My Licenses · Acme"],
      ["Activations", "activation-manager", "Activations · Acme"],
      ["Downloads", "download-center", "Downloads · Acme"],
      ["Profile & Security", "profile-settings", "Profile & Security · Acme"],
      ["Account Settings", "account-settings", "Account Settings · Acme"],
      ["Dashboard", "account-dashboard", "Dashboard · Acme"],
    ];
    for (const [name, tag, documentTitle] of areas) {
      await follow(el, navLink(el, name));
      const page = $<KeyportElement>(el, tag);
      expect(page, tag).to.exist;
      expect(page!.status, tag).to.equal("complete");
      expect(title(el)).to.equal(name);
      expect(document.title).to.equal(documentTitle);
      expect(navLink(el, name).getAttribute("aria-current")).to.equal("page");
      await expect(el).to.be.accessible();
    }
  });

  it("keeps the skip link out of sight until it takes focus, then moves focus to the title", async () => {
    const el = await portalAt(`${BASE}licenses`);
    const skip = $<HTMLButtonElement>(el, ".skip-link")!;
    expect(skip.getBoundingClientRect().width, "hidden").to.be.at.most(1);
    skip.focus();
    expect(skip.getBoundingClientRect().width, "shown on focus").to.be.greaterThan(40);
    skip.click();
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="page-title"]'));
  });

  it("says Profile & Security's sentence once, in the page's header", async () => {
    const el = await portalAt(`${BASE}profile`);
    expect(text($(el, '[part~="page-intro"]'))).to.equal(
      "Your name, email, password, signed-in devices and two-factor sign-in.",
    );
    const profile = $(el, "profile-settings")!;
    const own = profile.shadowRoot!.querySelector<HTMLElement>('[part~="intro"]')!;
    expect(own, "the element's own sentence").to.exist;
    expect(getComputedStyle(own).display).to.equal("none");
    const ownTitle = profile.shadowRoot!.querySelector<HTMLElement>('[part~="title"]')!;
    expect(
      ownTitle.getBoundingClientRect().width,
      "its heading only for screen readers",
    ).to.be.at.most(1);
    await expect(el).to.be.accessible();
  });

  it("says Activations' sentence once, in the page's header, at the header's spacing", async () => {
    const el = await portalAt(`${BASE}activations`);
    expect(text($(el, '[part~="page-intro"]'))).to.equal(
      "The machines and domains using your licenses; deactivate one to free its seat.",
    );
    const manager = $(el, "activation-manager")!;
    await (manager as HTMLElement & { loadComplete: Promise<unknown> }).loadComplete;
    const own = manager.shadowRoot!.querySelector<HTMLElement>('[part~="intro"]')!;
    expect(own, "the element's own sentence").to.exist;
    expect(getComputedStyle(own).display).to.equal("none");
    await expect(el).to.be.accessible();
  });

  it("gives Downloads an outline from the page's h1 to the products' h2", async () => {
    const el = await portalAt(`${BASE}downloads`);
    expect(
      el.shadowRoot!.querySelectorAll(".page-body h2"),
      "no heading of the portal's own",
    ).to.have.length(0);
    const center = $(el, "download-center")!;
    const first = center.shadowRoot!.querySelector("h1, h2, h3, h4, h5, h6");
    expect(first?.tagName).to.equal("H2");
    expect(text(first)).to.equal("Acme Studio");
  });

  it("opens a deep link on load: a license with its activations", async () => {
    const el = await portalAt(`${BASE}licenses/lic_design#activations`);
    expect($(el, "license-detail")?.getAttribute("license-id")).to.equal("lic_design");
    expect($(el, "#activations activation-manager")?.getAttribute("license-id")).to.equal(
      "lic_design",
    );
    expect(title(el)).to.equal("License details");
    expect(navLink(el, "My Licenses").getAttribute("aria-current")).to.equal("page");
    expect($(el, '[part~="back-link"]')?.getAttribute("href")).to.equal("/portal-test/licenses");
    expect($(el, '[part~="page-action"]'), "the check is in the diagnostics below").to.equal(null);
    expect(document.title).to.equal("License details · Acme");
    await expect(el).to.be.accessible();
  });

  it("says once that a license is not there or not the customer's, without its activations", async () => {
    const el = await portalAt(`${BASE}licenses/lic_someone_elses`);
    const detail = $(el, "license-detail") as KeyportElement<unknown>;
    await detail.loadComplete;
    await waitUntil(
      () => $(el, "#activations") === null,
      "no second not-found from the activations",
    );
    expect($(el, "activation-manager")).to.equal(null);
    const states = detail.shadowRoot!.querySelectorAll('[part~="state-not-found"]');
    expect(states).to.have.length(1);
    expect(text(states[0])).to.contain("This license does not exist or is not yours to see.");
    expect(title(el)).to.equal("License details");
    await expect(el).to.be.accessible();
  });

  it("keeps a filter from the URL", async () => {
    const el = await portalAt(`${BASE}licenses?status=expiring`);
    expect($(el, "license-list")?.getAttribute("status")).to.equal("expiring");
  });

  it("goes Back and Forward through the pages it pushed, focusing and announcing each title", async () => {
    const el = await portalAt();
    await follow(el, navLink(el, "My Licenses"));
    expect(location.pathname).to.equal("/portal-test/licenses");
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="page-title"]'));
    expect(announced(el)).to.equal("My Licenses");
    await follow(el, navLink(el, "Downloads"));
    expect(location.pathname).to.equal("/portal-test/downloads");

    const back = oneEvent(window, "popstate");
    history.back();
    await back;
    await settled(el);
    expect(location.pathname).to.equal("/portal-test/licenses");
    expect($(el, "license-list")).to.exist;
    expect(title(el)).to.equal("My Licenses");
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="page-title"]'));
    expect(announced(el)).to.equal("My Licenses");

    const forward = oneEvent(window, "popstate");
    history.forward();
    await forward;
    await settled(el);
    expect($(el, "download-center")).to.exist;
    expect(document.title).to.equal("Downloads · Acme");
  });

  it("follows license-select and keyport-navigate from the pages, and emits portal-navigate", async () => {
    const el = await portalAt(`${BASE}licenses`);
    const list = $(el, "license-list")!;
    const navigated = oneEvent(el, "portal-navigate");
    list.dispatchEvent(
      new CustomEvent("license-select", {
        detail: { licenseId: "lic_web" },
        bubbles: true,
        composed: true,
      }),
    );
    const { detail } = (await navigated) as CustomEvent<PortalNavigateDetail>;
    expect(detail.path).to.equal("/portal-test/licenses/lic_web");
    await settled(el);
    expect($(el, "license-detail")?.getAttribute("license-id")).to.equal("lic_web");

    $(el, "license-detail")!.dispatchEvent(
      new CustomEvent("keyport-navigate", {
        detail: { area: "licenses", status: "suspended" },
        bubbles: true,
        composed: true,
      }),
    );
    await settled(el);
    expect(location.pathname + location.search).to.equal("/portal-test/licenses?status=suspended");
    expect($(el, "license-list")?.getAttribute("status")).to.equal("suspended");
  });

  it("follows a real click on a license in the list", async () => {
    const el = await portalAt(`${BASE}licenses`);
    const list = $(el, "license-list")!;
    const name = [...list.shadowRoot!.querySelectorAll<HTMLElement>("a, button")].find(
      (node) => text(node) === "Web shop",
    );
    expect(name, "the list's link to Web shop").to.exist;
    name!.click();
    await settled(el);
    expect(location.pathname).to.equal("/portal-test/licenses/lic_web");
  });

  it("leaves a click with a modifier key or to another site to the browser", async () => {
    const el = await portalAt();
    const link = navLink(el, "Downloads");
    let prevented: boolean | undefined;
    const spy = (event: Event) => {
      prevented = event.defaultPrevented;
      event.preventDefault(); // the test page must not actually leave
    };
    document.addEventListener("click", spy);
    try {
      link.dispatchEvent(
        new MouseEvent("click", { bubbles: true, composed: true, cancelable: true, ctrlKey: true }),
      );
      expect(prevented, "ctrl-click").to.equal(false);
      link.dispatchEvent(
        new MouseEvent("click", { bubbles: true, composed: true, cancelable: true, button: 1 }),
      );
      expect(prevented, "middle click").to.equal(false);
      link.dispatchEvent(
        new MouseEvent("click", { bubbles: true, composed: true, cancelable: true }),
      );
      expect(prevented, "plain click").to.equal(true);
    } finally {
      document.removeEventListener("click", spy);
    }
    expect(location.pathname).to.equal("/portal-test/downloads");
  });

  it("folds the sidebar into a top bar under 720 px; the menu opens, takes focus and closes on Escape", async () => {
    await setViewport({ width: 360, height: 800 });
    const el = await portalAt(`${BASE}downloads`);
    const sidebar = $(el, '[part~="sidebar"]')!;
    const menu = $<HTMLButtonElement>(el, '[part~="menu-button"]')!;
    expect(getComputedStyle($(el, '[part~="topbar"]')!).display).to.equal("flex");
    expect(getComputedStyle(sidebar).display).to.equal("none");
    expect(menu.getAttribute("aria-expanded")).to.equal("false");
    expect(menu.getAttribute("aria-controls")).to.equal(sidebar.id);
    expect(el.scrollWidth, "nothing scrolls sideways").to.be.at.most(360);
    await expect(el).to.be.accessible();

    menu.focus();
    await sendKeys({ press: "Enter" });
    await el.updateComplete;
    expect(menu.getAttribute("aria-expanded")).to.equal("true");
    expect(getComputedStyle(sidebar).display).to.equal("flex");
    expect(sidebar.contains(el.shadowRoot!.activeElement)).to.equal(true);
    await expect(el).to.be.accessible();

    await sendKeys({ press: "Tab" });
    await sendKeys({ press: "Escape" });
    await el.updateComplete;
    expect(menu.getAttribute("aria-expanded")).to.equal("false");
    expect(el.shadowRoot!.activeElement).to.equal(menu);

    // A link in the open menu goes there and closes it.
    menu.click();
    await el.updateComplete;
    await follow(el, navLink(el, "My Licenses"));
    expect(menu.getAttribute("aria-expanded")).to.equal("false");
    expect(title(el)).to.equal("My Licenses");
  });

  it("when the session ends, signs in again and returns to the same page", async () => {
    const el = await portalAt(`${BASE}licenses`);
    api.expireSessions();
    const signedOut = oneEvent(el, "keyport-signed-out");
    await follow(el, navLink(el, "Downloads"));
    await signedOut;
    await el.updateComplete;
    const form = $(el, "login-form")!;
    expect(form).to.exist;
    expect(text($(el, '[part~="session-notice"]'))).to.contain("Your session has ended");
    expect(document.title).to.equal("Sign in · Acme");
    expect(location.pathname).to.equal("/portal-test/downloads");
    await expect(el).to.be.accessible();

    const root = form.shadowRoot!;
    root.querySelector<HTMLInputElement>("#email")!.value = "olivia.owner@example.com";
    root.querySelector<HTMLInputElement>("#password")!.value = PASSWORD;
    const signedIn = oneEvent(el, "signed-in");
    root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    await signedIn;
    await settled(el);
    expect($(el, "login-form")).to.equal(null);
    expect(title(el)).to.equal("Downloads");
    expect($<KeyportElement>(el, "download-center")?.status).to.equal("complete");
    expect(el.token).to.equal("tok-2");
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="page-title"]'));
    expect(document.title).to.equal("Downloads · Acme");
  });

  it("on a first visit without a session, shows the sign-in form without saying a session ended", async () => {
    api.expireSessions();
    const el = await portalAt(`${BASE}downloads`);
    expect($(el, "login-form")).to.exist;
    expect($(el, '[part~="session-notice"]')).to.equal(null);
    expect($(el, '[part~="sidebar"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("signs out from the sidebar and shows the sign-in form", async () => {
    const el = await portalAt(`${BASE}activations`);
    $<HTMLButtonElement>(el, '[part~="sign-out-button"]')!.click();
    await settled(el);
    await el.updateComplete;
    expect(api.calls("/v1/auth/logout", "POST")).to.have.length(1);
    expect($(el, "login-form")).to.exist;
    expect($(el, '[part~="session-notice"]'), "a chosen sign-out is no ended session").to.equal(
      null,
    );
    expect(location.pathname).to.equal("/portal-test/");
    expect(el.token).to.equal(undefined);
  });

  it("opens the mails' links in the sign-in form's modes, without the sidebar", async () => {
    const el = await portalAt(`${BASE}reset-password?token=reset-123`);
    const form = $(el, "login-form")!;
    expect(form.getAttribute("mode")).to.equal("reset");
    expect(form.getAttribute("token")).to.equal("reset-123");
    expect($(el, '[part~="sidebar"]')).to.equal(null);
    await expect(el).to.be.accessible();

    const invitation = await portalAt(`${BASE}accept-invitation?token=inv-9`);
    expect($(invitation, "login-form")?.getAttribute("mode")).to.equal("invitation");
  });

  it("hands an email confirmation link to Profile & Security and drops the token from the URL", async () => {
    const el = await portalAt(`${BASE}confirm-email?token=${EMAIL_TOKEN}`);
    expect(location.pathname + location.search).to.equal("/portal-test/profile");
    expect(title(el)).to.equal("Profile & Security");
    const profile = $<KeyportElement>(el, "profile-settings")!;
    expect(profile.getAttribute("confirm-token")).to.equal(EMAIL_TOKEN);
    // <profile-settings> confirms the address, and the portal's provider shares the new one.
    await waitUntil(
      () => text($(el, '[part~="user"]')).includes(CONFIRMED_EMAIL),
      "the sidebar shows the confirmed address",
    );
    const confirmations = api.calls("/v1/me/email/confirm", "POST");
    expect(confirmations).to.have.length(1);
    expect(await confirmations[0]!.json()).to.deep.equal({ token: EMAIL_TOKEN });
    // Leaving the page drops the token: coming back does not confirm again.
    await follow(el, navLink(el, "Downloads"));
    await follow(el, navLink(el, "Profile & Security"));
    expect($<KeyportElement>(el, "profile-settings")?.status).to.equal("complete");
    expect($(el, "profile-settings")?.hasAttribute("confirm-token")).to.equal(false);
    expect(api.calls("/v1/me/email/confirm", "POST")).to.have.length(1);
  });

  it("says so for an unknown address, with a way back", async () => {
    const el = await portalAt(`${BASE}nothing-here`);
    expect(title(el)).to.equal("Page not found");
    expect($(el, '[part~="page-action"]')?.getAttribute("href")).to.equal("/portal-test/");
    await expect(el).to.be.accessible();
  });

  it("speaks German", async () => {
    const el = await portalAt(`${BASE}licenses`, { locale: "de" });
    expect(title(el)).to.equal("Meine Lizenzen");
    expect(text($(el, '[part~="page-intro"]'))).to.contain("Ihre Schlüssel");
    const names = [...el.shadowRoot!.querySelectorAll('[part~="nav-link"]')].map((l) => text(l));
    expect(names).to.deep.equal([
      "Übersicht",
      "Meine Lizenzen",
      "Aktivierungen",
      "Downloads",
      "Profil & Sicherheit",
      "Kontoeinstellungen",
    ]);
    expect(text($(el, '[part~="sign-out-button"]'))).to.equal("Abmelden");
    expect(document.title).to.equal("Meine Lizenzen · Acme");
    expect(
      api.calls("/v1/licenses").every((r) => r.headers.get("accept-language") === "de"),
    ).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it("works inside a provider of the page's, with that provider's one /v1/me", async () => {
    history.replaceState(null, "", `${BASE}downloads`);
    const provider =
      await fixture<PortalProvider>(html`<portal-provider api-base=${API} token="tok-1">
      <license-portal product-name="Acme" base-path=${BASE}></license-portal>
    </portal-provider>`);
    await provider.sessionComplete;
    const el = provider.querySelector("license-portal")!;
    await settled(el);
    expect(el.provider).to.equal(provider);
    expect(el.shadowRoot!.querySelector("portal-provider")).to.equal(null);
    expect($<KeyportElement>(el, "download-center")?.status).to.equal("complete");
    expect(api.calls("/v1/me")).to.have.length(1);
    expect(text($(el, '[part~="user"]'))).to.contain("Olivia Owner");
  });
});
