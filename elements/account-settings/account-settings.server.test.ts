/// <reference types="mocha" />
// Against the real server with the demo data, on another origin than this page (see
// scripts/wtr-demo-server-plugin.mjs): a saved time zone re-dates the other elements under the
// same provider. Saving changes the owner, so this file has a server of its own.
import { createPortalClient, type MyLicense, type PortalClient } from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../license-list/define.ts";
import { connectToDemoServer, type DemoServer } from "../internal/test-helpers.ts";
import type { LicenseList } from "../license-list/license-list.ts";
import "../portal-provider/define.ts";
import type { PortalProvider } from "../portal-provider/portal-provider.ts";
import type { AccountSettings } from "./account-settings.ts";
import "./define.ts";

const OWNER = "olivia.owner@example.com";
const SEEDED_ZONE = "Europe/London";
const NEW_ZONE = "Pacific/Kiritimati"; // UTC+14
/**
 * UTC−11 all year: 25 hours behind Kiritimati, so every instant has another date there. Only
 * used when the demo was seeded at a time of day (before about 10:00 UTC) at which no expiry
 * falls on different days in London and Kiritimati.
 */
const FALLBACK_ZONE = "Pacific/Pago_Pago";

const text = (node: Element | ShadowRoot | null | undefined) =>
  node?.textContent?.replace(/\s+/g, " ").trim() ?? "";

/** The date as the portal's English shows it, by Intl, independent of the elements' code. */
const dateIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone,
  }).format(new Date(iso));

/** How often this page has fetched `path` from the API (cross-origin entries carry the URL). */
const fetchesOf = (demo: DemoServer, path: string) =>
  performance
    .getEntriesByType("resource")
    .filter((entry) => new URL(entry.name).origin === new URL(demo.apiBase).origin)
    .filter((entry) => new URL(entry.name).pathname === path).length;

describe("<account-settings> against the real server", () => {
  let demo: DemoServer;
  let client: PortalClient;

  before(async function startTheServer() {
    this.timeout(120_000);
    demo = await connectToDemoServer(OWNER, { instance: "account-settings" });
    client = createPortalClient({ baseUrl: demo.apiBase, token: demo.token });
  });

  /** A license whose expiry is on another day in `from` than in the new zone, if any. */
  function redated(licenses: readonly MyLicense[], from: string) {
    return licenses.find(
      (license) =>
        // A revoked license shows no end date.
        license.status !== "revoked" &&
        license.expiresAt !== null &&
        dateIn(license.expiresAt, from) !== dateIn(license.expiresAt, NEW_ZONE),
    );
  }

  it("saves a zone picked by keyboard, and the license list re-dates without a reload", async function () {
    this.timeout(30_000);
    expect((await client.me.get()).timezone).to.equal(SEEDED_ZONE);
    const licenses = (await client.licenses.list({ limit: 100 })).data;
    let from = SEEDED_ZONE;
    let license = redated(licenses, from);
    if (license === undefined) {
      from = FALLBACK_ZONE;
      await client.me.update({ timezone: from });
      license = redated(licenses, from);
    }
    expect(license, "a license whose expiry date differs between the zones").to.exist;
    const before = dateIn(license!.expiresAt!, from);
    const after = dateIn(license!.expiresAt!, NEW_ZONE);
    expect(before).not.to.equal(after);

    const fetchesBefore = fetchesOf(demo, "/v1/licenses");
    const provider = await fixture<PortalProvider>(html`
      <portal-provider api-base=${demo.apiBase} .token=${demo.token}>
        <account-settings></account-settings>
        <license-list></license-list>
      </portal-provider>
    `);
    await provider.sessionComplete;
    const settings = provider.querySelector<AccountSettings>("account-settings")!;
    const list = provider.querySelector<LicenseList>("license-list")!;
    await settings.loadComplete;
    await list.loadComplete;
    expect(settings.status).to.equal("complete");
    expect(list.status).to.equal("complete");
    expect(provider.portalValue.timezone).to.equal(from);

    const expiry = () =>
      text(list.shadowRoot!.querySelector(`[data-license-id="${license!.id}"] [part~="expiry"]`));
    expect(expiry()).to.contain(before);
    expect(expiry()).not.to.contain(after);
    const listFetches = fetchesOf(demo, "/v1/licenses");
    expect(listFetches, "the list loaded from the API").to.equal(fetchesBefore + 1);

    // The combobox, by keyboard only: type to filter, Enter picks, Enter on the closed list saves.
    const input = settings.shadowRoot!.querySelector<HTMLInputElement>('[part~="zone-input"]')!;
    input.focus();
    input.select();
    await sendKeys({ type: "kiritimati" });
    await settings.updateComplete;
    expect(input.getAttribute("aria-expanded")).to.equal("true");
    const active = settings.shadowRoot!.getElementById(
      input.getAttribute("aria-activedescendant")!,
    );
    expect(text(active?.querySelector(".option-label"))).to.equal(NEW_ZONE);
    await sendKeys({ press: "Enter" });
    await settings.updateComplete;
    expect(input.getAttribute("aria-expanded")).to.equal("false");
    expect(input.value).to.equal(NEW_ZONE);

    const saved = oneEvent(settings, "settings-saved");
    await sendKeys({ press: "Enter" });
    expect((await saved).detail.me?.timezone).to.equal(NEW_ZONE);
    await provider.updateComplete;
    await list.updateComplete;
    expect(
      text(settings.shadowRoot!.querySelector('[part~="section-region"] [part~="save-status"]')),
    ).to.equal("Your language and time zone are saved.");

    // Re-dated in place: the new zone's day, and no second request for the list.
    expect(provider.portalValue.timezone).to.equal(NEW_ZONE);
    expect(expiry()).to.contain(after);
    expect(expiry()).not.to.contain(before);
    expect(fetchesOf(demo, "/v1/licenses"), "no reload of the list").to.equal(listFetches);

    // And saved on the server.
    const me = await fetch(`${demo.apiBase}/v1/me`, {
      headers: { authorization: `Bearer ${demo.token}` },
    });
    expect(me.status).to.equal(200);
    expect(((await me.json()) as { timezone: string }).timezone).to.equal(NEW_ZONE);
  });
});
