/// <reference types="mocha" />
import type { Activation, MyLicense } from "@keyport/sdk";
import { expect, fixture, html } from "@open-wc/testing";
import { LitElement } from "lit";
import { property } from "lit/decorators.js";
import {
  activationStatusText,
  licenseStatusText,
  renderActivationStatusBadge,
  renderLicenseStatusBadge,
  statusBadgeStyles,
} from "./status-badge.ts";
import { keyportBaseStyles } from "./styles.ts";
import "./test-helpers.ts";
import { whenLocaleLoaded } from "./i18n.ts";

const DAY = 86_400_000;
const now = new Date("2026-05-01T12:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();

type LicenseState = Pick<MyLicense, "status" | "expiresAt">;
type ActivationState = Pick<Activation, "status" | "lastSeenAt">;

const licenses: LicenseState[] = [
  { status: "active", expiresAt: at(400) },
  { status: "expiring", expiresAt: at(12) },
  { status: "expired", expiresAt: at(-40) },
  { status: "suspended", expiresAt: null },
  { status: "revoked", expiresAt: null },
];
const activations: ActivationState[] = [
  { status: "active", lastSeenAt: at(0) },
  { status: "inactive", lastSeenAt: at(-3) },
  { status: "dead", lastSeenAt: at(-9) },
  { status: "deactivated", lastSeenAt: at(-20) },
];

/** Every badge in one element, drawn with the shared styles, as a real element would. */
class BadgeProbe extends LitElement {
  static override styles = [keyportBaseStyles, statusBadgeStyles];
  @property() locale: "en" | "de" = "en";

  protected override render() {
    const settings = { locale: this.locale, timezone: "Europe/Berlin", now };
    return html`
      <p>${licenses.map((license) => renderLicenseStatusBadge(license, settings))}</p>
      <p>${activations.map((activation) => renderActivationStatusBadge(activation, settings))}</p>
    `;
  }
}
customElements.define("test-badge-probe", BadgeProbe);

function rgb(color: string): [number, number, number] {
  const [r, g, b] = color.match(/\d+(\.\d+)?/g)!.map(Number);
  return [r!, g!, b!];
}

/** WCAG 2 contrast of two computed `rgb()` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = rgb(color)
      .map((c) => c / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const badges = (el: Element) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="badge"]'),
];
const text = (node: Element) => node.textContent!.replace(/\s+/g, " ").trim();

describe("status badges", () => {
  // The German strings load on demand; an element waits for them, a direct lookup does not.
  before(() => whenLocaleLoaded("de"));

  it("word every license status, counting days to and since expiry", () => {
    const words = licenses.map((license) => licenseStatusText(license, { locale: "en", now }));
    expect(words).to.deep.equal([
      "Active",
      "Expiring in 12 days",
      "Expired 40 days ago",
      "Suspended",
      "Revoked",
    ]);
    // Part of a day left counts as a day, as the API counts it.
    expect(
      licenseStatusText({ status: "expiring", expiresAt: at(0.3) }, { locale: "en", now }),
    ).to.equal("Expiring in 1 day");
    expect(licenseStatusText(licenses[2]!, { locale: "de", now })).to.equal(
      "Seit 40 Tagen abgelaufen",
    );
  });

  it("word every activation status", () => {
    const words = activations.map((a) => activationStatusText(a, { locale: "en" }));
    expect(words).to.deep.equal(["Active", "Not seen lately", "Dead", "Deactivated"]);
    expect(activationStatusText(activations[1]!, { locale: "de" })).to.equal("Länger inaktiv");
  });

  it("render colour and word, with a part per status and the exact date as title", async () => {
    const el = await fixture<BadgeProbe>(html`<test-badge-probe></test-badge-probe>`);
    const all = badges(el);
    expect(all.map((badge) => badge.getAttribute("part"))).to.deep.equal([
      "badge badge-active",
      "badge badge-expiring",
      "badge badge-expired",
      "badge badge-suspended",
      "badge badge-revoked",
      "badge badge-active",
      "badge badge-inactive",
      "badge badge-dead",
      "badge badge-deactivated",
    ]);
    expect(all.map(text)).to.deep.equal([
      "Active",
      "Expiring in 12 days",
      "Expired 40 days ago",
      "Suspended",
      "Revoked",
      "Active",
      "Not seen lately",
      "Dead",
      "Deactivated",
    ]);
    expect(all[1]!.title).to.equal("13 May 2026");
    expect(all[6]!.title).to.equal("28 April 2026 at 14:00 CEST");
    const colours = new Set(all.map((badge) => getComputedStyle(badge).color));
    expect(colours.size, "success, warning, danger and muted").to.equal(4);
    await expect(el).to.be.accessible();
  });

  for (const theme of ["light", "dark"] as const) {
    it(`keep every badge's word at ≥ 4.5:1 in the ${theme} theme`, async () => {
      // A page background the badge does not depend on: it paints the surface behind its word.
      const wrapper = await fixture<HTMLElement>(
        html`<div style="background: rgb(128, 128, 128)">
          <test-badge-probe theme=${theme}></test-badge-probe>
        </div>`,
      );
      for (const badge of badges(wrapper.querySelector("test-badge-probe")!)) {
        const style = getComputedStyle(badge);
        expect(contrast(style.color, style.backgroundColor), text(badge)).to.be.at.least(4.5);
      }
    });
  }

  it("speak German", async () => {
    const el = await fixture<BadgeProbe>(html`<test-badge-probe locale="de"></test-badge-probe>`);
    expect(badges(el).map(text)).to.deep.equal([
      "Aktiv",
      "Läuft in 12 Tagen ab",
      "Seit 40 Tagen abgelaufen",
      "Gesperrt",
      "Widerrufen",
      "Aktiv",
      "Länger inaktiv",
      "Ohne Rückmeldung",
      "Deaktiviert",
    ]);
    expect(badges(el)[1]!.title).to.equal("13. Mai 2026");
  });
});
