/// <reference types="mocha" />
import type { Me, MyLicense, NotificationPreferences } from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import { license } from "../account-dashboard/account-dashboard.fixtures.ts";
import { type Deferred, deferred } from "../internal/test-helpers.ts";
import type { LicenseList } from "../license-list/license-list.ts";
import "../license-list/define.ts";
import "../portal-provider/define.ts";
import type { PortalProvider } from "../portal-provider/portal-provider.ts";
import type { AccountSettings, SettingsSavedDetail } from "./account-settings.ts";
import { settingsMessages } from "./account-settings-messages.ts";
import "./define.ts";

const API = "https://api.example";

const olivia: Me = {
  id: "usr_olivia",
  email: "olivia.owner@example.com",
  name: "Olivia Owner",
  role: "owner",
  timezone: "America/Los_Angeles",
  locale: "en",
  twoFactorEnabled: false,
  account: { id: "acc_northwind", name: "Northwind Traders", kind: "organization" },
  createdAt: "2026-01-01T00:00:00.000Z",
};

const preferences: NotificationPreferences = {
  licenseExpiring: true,
  licenseExpiringDays: 30,
  newRelease: false,
  activationChanges: true,
  securityNotices: true,
};

/** 23:30 UTC: the 14th in Los Angeles, already the 15th in Tokyo. */
const EXPIRES = "2027-03-14T23:30:00.000Z";

const problem = (status: number, code: string, errors?: object[]) =>
  Response.json(
    { type: "about:blank", title: code, status, code, ...(errors ? { errors } : {}) },
    { status, headers: { "content-type": "application/problem+json" } },
  );

function text(node: Element | ShadowRoot | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

/** A fake of the `/v1/me` routes that keeps what is saved, as the API does. */
class FakeMeApi {
  me: Me = olivia;
  notifications: NotificationPreferences = preferences;
  readonly requests: Request[] = [];
  hold: Deferred<void> | undefined;
  fail: { method: string; path: string; status: number } | undefined;
  licenses: MyLicense[] = [license({ id: "lic_design", name: "Design team", expiresAt: EXPIRES })];

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    this.requests.push(request.clone());
    const path = new URL(request.url).pathname;
    if (this.hold !== undefined && request.method !== "GET") await this.hold.promise;
    const failure = this.fail;
    if (failure !== undefined && failure.method === request.method && failure.path === path) {
      return problem(failure.status, failure.status === 401 ? "UNAUTHORIZED" : "INTERNAL");
    }
    if (path === "/v1/me" && request.method === "GET") return Response.json(this.me);
    if (path === "/v1/me" && request.method === "PATCH") {
      const body = (await request.json()) as Partial<Me>;
      if (body.timezone === "Mars/Olympus") {
        return problem(422, "VALIDATION_FAILED", [{ field: "body.timezone", message: "bad" }]);
      }
      this.me = { ...this.me, ...body };
      return Response.json(this.me);
    }
    if (path === "/v1/me/notifications" && request.method === "GET") {
      return Response.json(this.notifications);
    }
    if (path === "/v1/me/notifications" && request.method === "PUT") {
      this.notifications = (await request.json()) as NotificationPreferences;
      return Response.json(this.notifications);
    }
    if (path === "/v1/licenses") return Response.json({ data: this.licenses, nextCursor: null });
    return problem(404, "NOT_FOUND");
  };

  bodies(method: string, path: string): unknown[] {
    return this.requests
      .filter((r) => r.method === method && new URL(r.url).pathname === path)
      .map((r) => r.clone());
  }
}

describe("<account-settings>", () => {
  const realFetch = globalThis.fetch;
  let api: FakeMeApi;

  beforeEach(() => {
    api = new FakeMeApi();
    globalThis.fetch = api.fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  async function standalone(locale = "en") {
    const el = await fixture<AccountSettings>(
      html`<account-settings api-base=${API} token="t" locale=${locale}></account-settings>`,
    );
    await el.loadComplete;
    return el;
  }

  async function underProvider() {
    const provider = await fixture<PortalProvider>(html`<portal-provider api-base=${API} token="t">
      <account-settings></account-settings>
      <license-list></license-list>
    </portal-provider>`);
    await provider.sessionComplete;
    const el = provider.querySelector("account-settings")!;
    const list = provider.querySelector<LicenseList>("license-list")!;
    await el.loadComplete;
    await list.loadComplete;
    return { provider, el, list };
  }

  const $ = <E extends Element = HTMLElement>(el: AccountSettings, selector: string) =>
    el.shadowRoot!.querySelector<E>(selector)!;
  const zoneInput = (el: AccountSettings) => $<HTMLInputElement>(el, '[part~="zone-input"]');
  const options = (el: AccountSettings) => [
    ...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="zone-option"]'),
  ];
  const activeOption = (el: AccountSettings) => {
    const id = zoneInput(el).getAttribute("aria-activedescendant");
    return id === null ? null : el.shadowRoot!.getElementById(id);
  };
  const saveButton = (el: AccountSettings, section: string) =>
    $(el, `[part~="section-${section}"] [part~="save-button"]`);

  it("shows loading as a polite status, then every group", async () => {
    const held = deferred<void>();
    globalThis.fetch = async (input, init) => {
      await held.promise;
      return api.fetch(input, init);
    };
    const el = await fixture<AccountSettings>(
      html`<account-settings api-base=${API} token="t"></account-settings>`,
    );
    expect($(el, '[part~="state-loading"]').getAttribute("role")).to.equal("status");
    await expect(el).to.be.accessible();
    held.resolve();
    await el.loadComplete;
    expect(el.status).to.equal("complete");
    const titles = [...el.shadowRoot!.querySelectorAll("h2")].map((h) => text(h));
    expect(titles).to.deep.equal(["Language and time zone", "Email notifications", "Your account"]);
    await expect(el).to.be.accessible();
  });

  it("shows the account's name and kind and the user's role, read-only", async () => {
    const el = await standalone();
    const details = $(el, '[part~="account-details"]');
    expect(text(details)).to.equal(
      "Account Northwind Traders Kind Organization Your role Owner You see and manage every license of the account.",
    );
    expect(details.querySelectorAll("input, select, button")).to.have.length(0);
  });

  it("previews the local time in the chosen zone", async () => {
    const el = await standalone();
    expect(zoneInput(el).value).to.equal("America/Los Angeles");
    const expected = new Intl.DateTimeFormat("en-GB", {
      timeZone: "America/Los_Angeles",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date());
    expect(text($(el, '[part~="preview"]')))
      .to.contain(expected)
      .and.contain("America/Los Angeles");
  });

  it("finds a zone by typing and picks it with the keyboard", async () => {
    const el = await standalone();
    const input = zoneInput(el);
    input.focus();
    input.select();
    await sendKeys({ type: "tokyo" });
    await el.updateComplete;
    expect(input.getAttribute("aria-expanded")).to.equal("true");
    expect(options(el).map((o) => text(o.querySelector(".option-label")))).to.deep.equal([
      "Asia/Tokyo",
    ]);
    expect(text(activeOption(el)?.querySelector(".option-label"))).to.equal("Asia/Tokyo");
    expect(text($(el, '[part~="zone-field"] [role="status"]'))).to.equal("1 time zone matches.");
    await expect(el).to.be.accessible();

    await sendKeys({ press: "Enter" });
    await el.updateComplete;
    expect(input.getAttribute("aria-expanded")).to.equal("false");
    expect(input.value).to.equal("Asia/Tokyo");
    expect(text($(el, '[part~="preview"]'))).to.contain("Asia/Tokyo");
    expect(api.bodies("PATCH", "/v1/me"), "nothing saved before Save").to.have.length(0);
  });

  it("moves through the list with the arrow keys, and Escape restores the zone", async () => {
    const el = await standalone();
    const input = zoneInput(el);
    input.focus();
    input.select();
    await sendKeys({ type: "europe/b" });
    await el.updateComplete;
    const labels = options(el).map((o) => text(o.querySelector(".option-label")));
    expect(labels).to.include.members(["Europe/Berlin", "Europe/Brussels", "Europe/Budapest"]);
    const first = activeOption(el)!.id;
    await sendKeys({ press: "ArrowDown" });
    await el.updateComplete;
    const second = activeOption(el)!;
    expect(second.id).not.to.equal(first);
    expect(second.getAttribute("aria-selected")).to.equal("true");
    await sendKeys({ press: "ArrowUp" });
    await el.updateComplete;
    expect(activeOption(el)!.id).to.equal(first);

    await sendKeys({ press: "Escape" });
    await el.updateComplete;
    expect(input.getAttribute("aria-expanded")).to.equal("false");
    expect(input.value).to.equal("America/Los Angeles");
    expect(el.shadowRoot!.activeElement).to.equal(input);

    // Closed, the down arrow opens the list at the chosen zone.
    await sendKeys({ press: "ArrowDown" });
    await el.updateComplete;
    expect(text(activeOption(el)?.querySelector(".option-label"))).to.equal("America/Los Angeles");
  });

  it("says so when no zone matches", async () => {
    const el = await standalone();
    zoneInput(el).focus();
    await sendKeys({ type: "zzzz" });
    await el.updateComplete;
    expect(options(el)).to.have.length(0);
    expect(zoneInput(el).hasAttribute("aria-activedescendant")).to.equal(false);
    expect(text($(el, '[part~="zone-field"] [role="status"]'))).to.contain("No time zone matches");
  });

  it("saves language and zone, shows Saving… then the confirmation, and emits settings-saved", async () => {
    const el = await standalone();
    zoneInput(el).focus();
    zoneInput(el).select();
    await sendKeys({ type: "berlin" });
    await sendKeys({ press: "Enter" });
    const select = $<HTMLSelectElement>(el, "#language");
    select.value = "de";
    select.dispatchEvent(new Event("change"));
    await el.updateComplete;

    api.hold = deferred();
    const saved = oneEvent(el, "settings-saved");
    saveButton(el, "region").click();
    await el.updateComplete;
    expect(text(saveButton(el, "region"))).to.equal("Saving…");
    expect(saveButton(el, "region").getAttribute("aria-disabled")).to.equal("true");
    await expect(el).to.be.accessible();
    api.hold.resolve();

    const { detail } = (await saved) as CustomEvent<SettingsSavedDetail>;
    expect(detail.me?.timezone).to.equal("Europe/Berlin");
    const [patch] = api.bodies("PATCH", "/v1/me") as Request[];
    expect(await patch!.json()).to.deep.equal({ locale: "de", timezone: "Europe/Berlin" });
    await el.updateComplete;
    // The element's own `locale` attribute pins English; the confirmation says the choice applies elsewhere.
    expect(text($(el, '[part~="section-region"] [part~="save-status"]'))).to.match(/^Saved\. /);
    await expect(el).to.be.accessible();
  });

  it("standalone without a language of its own, follows the saved language at once", async () => {
    const el = await fixture<AccountSettings>(
      html`<account-settings api-base=${API} token="t"></account-settings>`,
    );
    await el.loadComplete;
    const select = $<HTMLSelectElement>(el, "#language");
    select.value = "de";
    select.dispatchEvent(new Event("change"));
    const saved = oneEvent(el, "settings-saved");
    saveButton(el, "region").click();
    await saved;
    await el.updateComplete;
    expect(text($(el, "h2"))).to.equal("Sprache und Zeitzone");
    expect(text($(el, '[part~="section-region"] [part~="save-status"]'))).to.equal(
      "Ihre Sprache und Zeitzone sind gespeichert.",
    );
  });

  it("shows what went wrong when a save fails, and keeps the choice to try again", async () => {
    const el = await standalone();
    api.fail = { method: "PATCH", path: "/v1/me", status: 503 };
    const failed = oneEvent(el, "keyport-error");
    saveButton(el, "region").click();
    await failed;
    await el.updateComplete;
    const alert = $(el, '[part~="section-region"] [part~="save-error"]');
    expect(alert.getAttribute("role")).to.equal("alert");
    expect(text(alert)).to.equal(settingsMessages("en", "save.failed"));
    await expect(el).to.be.accessible();

    api.fail = undefined;
    saveButton(el, "region").click();
    await oneEvent(el, "settings-saved");
    await el.updateComplete;
    expect(text(alert)).to.equal("");
  });

  it("saves the notification switches with every field, as PUT requires", async () => {
    const el = await standalone();
    const newRelease = $<HTMLInputElement>(el, "#notify-newRelease");
    expect(newRelease.getAttribute("role")).to.equal("switch");
    expect(newRelease.checked).to.equal(false);
    const hint = el.shadowRoot!.getElementById(newRelease.getAttribute("aria-describedby")!);
    expect(text(hint)).to.contain("new version");
    newRelease.click();
    const days = $<HTMLInputElement>(el, "#notify-days");
    days.value = "14";
    days.dispatchEvent(new Event("input"));
    await el.updateComplete;

    const saved = oneEvent(el, "settings-saved");
    saveButton(el, "notifications").click();
    const { detail } = (await saved) as CustomEvent<SettingsSavedDetail>;
    const expected = { ...preferences, newRelease: true, licenseExpiringDays: 14 };
    expect(detail.notifications).to.deep.equal(expected);
    const [put] = api.bodies("PUT", "/v1/me/notifications") as Request[];
    expect(await put!.json()).to.deep.equal(expected);
    await el.updateComplete;
    expect(text($(el, '[part~="section-notifications"] [part~="save-status"]'))).to.equal(
      "Your notification choices are saved.",
    );
    await expect(el).to.be.accessible();
  });

  it("refuses days outside 1–90 before asking the API, and disables them with the mail off", async () => {
    const el = await standalone();
    const days = $<HTMLInputElement>(el, "#notify-days");
    days.value = "120";
    days.dispatchEvent(new Event("input"));
    await el.updateComplete;
    saveButton(el, "notifications").click();
    await el.updateComplete;
    await el.updateComplete;
    expect(days.getAttribute("aria-invalid")).to.equal("true");
    expect(el.shadowRoot!.activeElement).to.equal(days);
    expect(api.bodies("PUT", "/v1/me/notifications")).to.have.length(0);
    await expect(el).to.be.accessible();

    $<HTMLInputElement>(el, "#notify-licenseExpiring").click();
    await el.updateComplete;
    expect(days.disabled).to.equal(true);
  });

  it("shows the error state with Try again when loading fails", async () => {
    api.fail = { method: "GET", path: "/v1/me/notifications", status: 500 };
    const el = await standalone();
    expect(el.status).to.equal("error");
    await expect(el).to.be.accessible();
    api.fail = undefined;
    $(el, '[part~="retry-button"]').click();
    await el.loadComplete;
    expect(el.status).to.equal("complete");
  });

  it("shows the signed-out state on a 401", async () => {
    api.fail = { method: "GET", path: "/v1/me/notifications", status: 401 };
    const el = await standalone();
    expect(el.status).to.equal("signed-out");
    await expect(el).to.be.accessible();
  });

  it("speaks German in the Sie-form", async () => {
    const el = await standalone("de");
    const shown = text(el.shadowRoot!);
    expect(shown).to.contain("Sprache und Zeitzone").and.contain("E-Mail-Benachrichtigungen");
    expect(shown).to.contain("Organisation").and.contain("Inhaber");
    expect(shown).to.contain("Sie sehen und verwalten");
    expect(shown).not.to.contain("Email notifications");
    await expect(el).to.be.accessible();
  });

  it("under a provider, a new zone re-dates another element without a reload", async () => {
    const { provider, el, list } = await underProvider();
    const expiry = () => text(list.shadowRoot!.querySelector("tbody") ?? list.shadowRoot!);
    expect(expiry()).to.contain("14 March 2027");
    const meCalls = api.bodies("GET", "/v1/me").length;
    expect(meCalls, "the provider's /v1/me serves the element too").to.equal(1);

    zoneInput(el).focus();
    zoneInput(el).select();
    await sendKeys({ type: "tokyo" });
    await sendKeys({ press: "Enter" });
    const saved = oneEvent(el, "settings-saved");
    await sendKeys({ press: "Enter" }); // the closed list: Enter submits the form
    await saved;
    await provider.updateComplete;
    await list.updateComplete;
    expect(provider.me?.timezone).to.equal("Asia/Tokyo");
    expect(expiry()).to.contain("15 March 2027");
    expect(text($(el, '[part~="section-region"] [part~="save-status"]'))).to.equal(
      "Your language and time zone are saved.",
    );
    expect(api.bodies("GET", "/v1/licenses"), "no reload of the list").to.have.length(1);
  });

  it("under a provider, a new language switches every element's words", async () => {
    const { el, list } = await underProvider();
    const select = $<HTMLSelectElement>(el, "#language");
    select.value = "de";
    select.dispatchEvent(new Event("change"));
    const saved = oneEvent(el, "settings-saved");
    saveButton(el, "region").click();
    await saved;
    await list.updateComplete;
    await el.updateComplete;
    expect(text($(el, "h2"))).to.equal("Sprache und Zeitzone");
    expect(text(list.shadowRoot!)).to.contain("März 2027");
  });
});
