/// <reference types="mocha" />
import type { MyLicense } from "@keyport/sdk";
import { expect, fixture, html } from "@open-wc/testing";
import { LitElement } from "lit";
import { property } from "lit/decorators.js";
import { whenLocaleLoaded } from "./i18n.ts";
import { isSeatMeterFull, renderSeatMeters, seatMeterStyles, seatMeterText } from "./seat-meter.ts";
import { colorTokens, keyportBaseStyles } from "./styles.ts";
import "./test-helpers.ts";

type SeatFields = Pick<MyLicense, "machines" | "domains">;

class MeterProbe extends LitElement {
  static override styles = [keyportBaseStyles, seatMeterStyles];
  @property({ attribute: false }) license: SeatFields = {
    machines: { used: 2, total: 3 },
    domains: { used: 0, total: 0 },
  };
  @property() locale: "en" | "de" = "en";

  protected override render() {
    return renderSeatMeters(this.license, { locale: this.locale });
  }
}
customElements.define("test-meter-probe", MeterProbe);

const meters = (el: MeterProbe) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="meter"]'),
];
const bar = (meter: HTMLElement) => meter.querySelector<HTMLElement>('[part~="meter-bar"]')!;
const fill = (meter: HTMLElement) => meter.querySelector<HTMLElement>('[part~="meter-fill"]')!;
const text = (node: Element) => node.textContent!.replace(/\s+/g, " ").trim();

function hexToRgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

describe("seat meters", () => {
  // The German strings load on demand; an element waits for them, a direct lookup does not.
  before(() => whenLocaleLoaded("de"));

  it("count used of allowed, choosing the plural by the total", () => {
    expect(seatMeterText("machines", { used: 2, total: 3 }, { locale: "en" })).to.equal(
      "2 of 3 machines",
    );
    expect(seatMeterText("machines", { used: 1, total: 1 }, { locale: "en" })).to.equal(
      "1 of 1 machine",
    );
    expect(seatMeterText("domains", { used: 0, total: 5 }, { locale: "de" })).to.equal(
      "0 von 5 Domains",
    );
    expect(seatMeterText("machines", { used: 1, total: 1 }, { locale: "de" })).to.equal(
      "1 von 1 Gerät",
    );
    expect(isSeatMeterFull({ used: 3, total: 3 })).to.equal(true);
    expect(isSeatMeterFull({ used: 4, total: 3 }), "over a lowered limit").to.equal(true);
    expect(isSeatMeterFull({ used: 2, total: 3 })).to.equal(false);
    expect(isSeatMeterFull({ used: 0, total: 0 }), "nothing allowed is not full").to.equal(false);
  });

  it("draw a labelled meter with its values and a bar as wide as the share", async () => {
    const el = await fixture<MeterProbe>(
      html`<test-meter-probe style="inline-size: 300px"></test-meter-probe>`,
    );
    const [machines] = meters(el);
    expect(meters(el), "no domain meter without domains").to.have.length(1);
    expect(text(machines!)).to.equal("2 of 3 machines");
    const meter = bar(machines!);
    expect(meter.getAttribute("role")).to.equal("meter");
    expect(meter.getAttribute("aria-label")).to.equal("Machines in use");
    expect(meter.getAttribute("aria-valuenow")).to.equal("2");
    expect(meter.getAttribute("aria-valuemax")).to.equal("3");
    expect(meter.getAttribute("aria-valuetext")).to.equal("2 of 3 machines");
    const share =
      fill(machines!).getBoundingClientRect().width / meter.getBoundingClientRect().width;
    expect(share).to.be.closeTo(2 / 3, 0.01);
    expect(getComputedStyle(fill(machines!)).backgroundColor).to.equal(
      hexToRgb(colorTokens.primary.light),
    );
    await expect(el).to.be.accessible();
  });

  it("turn a full bar and its text the warning colour, and show domains when allowed", async () => {
    const license: SeatFields = {
      machines: { used: 3, total: 3 },
      domains: { used: 1, total: 2 },
    };
    const el = await fixture<MeterProbe>(
      html`<test-meter-probe .license=${license}></test-meter-probe>`,
    );
    const [machines, domains] = meters(el);
    expect(machines!.getAttribute("part")).to.equal("meter meter-machines meter-full");
    expect(domains!.getAttribute("part")).to.equal("meter meter-domains");
    const warning = hexToRgb(colorTokens.warning.light);
    expect(getComputedStyle(fill(machines!)).backgroundColor).to.equal(warning);
    expect(getComputedStyle(machines!.querySelector(".meter-text")!).color).to.equal(warning);
    expect(getComputedStyle(fill(domains!)).backgroundColor).not.to.equal(warning);
    expect(text(domains!)).to.equal("1 of 2 domains");
    await expect(el).to.be.accessible();
  });

  it("show only domains for a domain license, in German", async () => {
    const license: SeatFields = { machines: { used: 0, total: 0 }, domains: { used: 2, total: 5 } };
    const el = await fixture<MeterProbe>(
      html`<test-meter-probe locale="de" .license=${license}></test-meter-probe>`,
    );
    expect(meters(el).map(text)).to.deep.equal(["2 von 5 Domains"]);
    expect(bar(meters(el)[0]!).getAttribute("aria-label")).to.equal("Belegte Domains");
  });

  // Last in the file: the policy stays on this test page once added.
  it("set the bar's width without a style attribute, which a vendor's strict CSP blocks", async () => {
    const violations: string[] = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      violations.push(event.violatedDirective),
    );
    const policy = document.createElement("meta");
    policy.httpEquiv = "Content-Security-Policy";
    policy.content = "style-src-attr 'none'";
    document.head.append(policy);

    const license: SeatFields = { machines: { used: 1, total: 4 }, domains: { used: 0, total: 0 } };
    const el = await fixture<MeterProbe>(
      html`<test-meter-probe .license=${license}></test-meter-probe>`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [machines] = meters(el);
    const share =
      fill(machines!).getBoundingClientRect().width / bar(machines!).getBoundingClientRect().width;
    expect(violations).to.deep.equal([]);
    expect(share).to.be.closeTo(1 / 4, 0.01);
  });
});
