/// <reference types="mocha" />
// The story customers come with, against the real server with the demo data (its own instance,
// since it frees OLD-PC): find the license in the list, reveal its key, open it, see why a new
// machine cannot be activated, deactivate OLD-PC from the finding, and see the check turn clean
// and the deactivation recorded in the activity trail.
import { createPortalClient } from "@keyport/sdk";
import { expect, fixture, html, oneEvent, waitUntil } from "@open-wc/testing";
import type { LicenseSelectDetail } from "../license-list/license-list.ts";
import "../license-list/define.ts";
import { connectToDemoServer, type DemoServer } from "../internal/test-helpers.ts";
import type { LicenseList } from "../license-list/license-list.ts";
import "./define.ts";
import type { LicenseDetail } from "./license-detail.ts";

const inShadow = <T extends Element>(host: Element, selector: string): T[] => [
  ...(host.shadowRoot?.querySelectorAll<T>(selector) ?? []),
];
const text = (node: Element | undefined) => node?.textContent?.replace(/\s+/g, " ").trim() ?? "";

describe("licensing flow against the real server", () => {
  let demo: DemoServer;

  before(async function startTheServer() {
    this.timeout(120_000);
    demo = await connectToDemoServer("olivia.owner@example.com", { instance: "licensing-flow" });
  });

  it("list → reveal → diagnose Design team → deactivate OLD-PC from the finding → clean, and recorded", async function () {
    this.timeout(60_000);
    const list = await fixture<LicenseList>(
      html`<license-list api-base=${demo.apiBase} .token=${demo.token}></license-list>`,
    );
    await list.loadComplete;
    const rows = inShadow(list, '[part~="row"]');
    const designTeam = rows.find((row) => text(row).includes("Design team"));
    expect(designTeam, "the Design team row").to.exist;

    // Reveal shows the full key, which the server records.
    designTeam!.querySelector<HTMLButtonElement>('[part~="reveal-button"]')!.click();
    await waitUntil(
      () =>
        /^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/.test(
          text(designTeam!.querySelector('[part~="key"]') ?? undefined),
        ),
      "the key is revealed",
      { timeout: 10_000 },
    );

    const selected = oneEvent(list, "license-select");
    designTeam!.querySelector<HTMLButtonElement>('[part~="license-name"]')!.click();
    const { detail } = (await selected) as CustomEvent<LicenseSelectDetail>;
    expect(detail.license.name).to.contain("Design team");
    expect(detail.license.machines).to.deep.equal({ used: 3, total: 3 });

    const licenseDetail = await fixture<LicenseDetail>(
      html`<license-detail api-base=${demo.apiBase} .token=${demo.token} license-id=${detail.licenseId}></license-detail>`,
    );
    await licenseDetail.loadComplete;
    inShadow<HTMLButtonElement>(licenseDetail, '[part~="diagnose-button"]')[0]!.click();
    await waitUntil(
      () => inShadow(licenseDetail, '[part~="finding"]').length > 0,
      "the diagnosis",
      { timeout: 10_000 },
    );
    const warning = inShadow(licenseDetail, '[part~="finding-warning"]').find((row) =>
      text(row).includes("All machine slots in use"),
    );
    expect(warning, "the full license is named").to.exist;
    const fix = warning!.querySelector<HTMLButtonElement>('[part~="fix-button"]');
    expect(text(fix!)).to.equal("Deactivate OLD-PC");

    // The fix opens the confirmation, which says what happens; confirming frees the slot.
    fix!.click();
    await waitUntil(() => licenseDetail.shadowRoot!.querySelector("dialog[open]"), "the dialog", {
      timeout: 10_000,
    });
    const dialog = licenseDetail.shadowRoot!.querySelector("dialog[open]")!;
    expect(text(dialog)).to.contain("OLD-PC will stop working");
    const deactivated = oneEvent(licenseDetail, "activation-deactivated");
    dialog.querySelector<HTMLButtonElement>('[part~="confirm-button"]')!.click();
    await deactivated;

    // The diagnosis runs again by itself and finds nothing left to fix.
    await waitUntil(
      () =>
        inShadow(licenseDetail, '[part~="finding"]').length > 0 &&
        inShadow(licenseDetail, '[part~="finding-warning"], [part~="finding-error"]').length === 0,
      "a clean diagnosis",
      { timeout: 15_000 },
    );
    expect(text(inShadow(licenseDetail, '[part~="finding-ok"]')[0])).to.contain(
      "Everything is in order",
    );

    // What the server now holds: two machines, and the reveal and deactivation in the trail.
    const client = createPortalClient({ baseUrl: demo.apiBase, token: demo.token });
    expect((await client.licenses.get(detail.licenseId)).machines).to.deep.equal({
      used: 2,
      total: 3,
    });
    const activity = await client.activity.list({ limit: 20 });
    const actions = activity.data
      .filter((entry) => entry.licenseId === detail.licenseId)
      .map((entry) => entry.action);
    expect(actions).to.include("activation.deactivated");
    expect(actions).to.include("license.key_revealed");
  });
});
