/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing";
import { LitElement } from "lit";
import { colorTokens, type KeyportTheme, keyportBaseStyles } from "./styles.ts";

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

class StyledProbe extends LitElement {
  static override styles = keyportBaseStyles;
  protected override render() {
    return html`<button class="button button--primary">Go</button>`;
  }
}
customElements.define("test-styled-probe", StyledProbe);

describe("design tokens", () => {
  it("checks contrast correctly (reference values)", () => {
    expect(contrast("#000000", "#ffffff")).to.be.closeTo(21, 0.01);
    expect(contrast("#777777", "#ffffff")).to.be.closeTo(4.48, 0.01);
  });

  for (const theme of ["light", "dark"] as const satisfies KeyportTheme[]) {
    it(`keeps text readable (≥ 4.5:1) in the ${theme} theme`, () => {
      const surface = colorTokens.surface[theme];
      for (const name of ["text", "muted", "primary", "success", "warning", "danger"] as const) {
        expect(contrast(colorTokens[name][theme], surface), name).to.be.at.least(4.5);
      }
      expect(
        contrast(colorTokens["on-primary"][theme], colorTokens.primary[theme]),
        "button text",
      ).to.be.at.least(4.5);
    });
  }
});

describe("keyportBaseStyles", () => {
  it("inherits the page's text colour and font when no theme is set", async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="color: rgb(1, 2, 3); font-family: serif"><test-styled-probe></test-styled-probe></div>`,
    );
    const probe = wrapper.querySelector("test-styled-probe")!;
    expect(getComputedStyle(probe).color).to.equal("rgb(1, 2, 3)");
    expect(getComputedStyle(probe).fontFamily).to.equal("serif");
  });

  it("paints the dark theme and lets a page token override it", async () => {
    const probe = await fixture<StyledProbe>(
      html`<test-styled-probe theme="dark"></test-styled-probe>`,
    );
    expect(getComputedStyle(probe).color).to.equal("rgb(229, 231, 235)");
    expect(getComputedStyle(probe).backgroundColor).to.equal("rgb(17, 19, 24)");

    probe.style.setProperty("--keyport-color-primary", "rgb(0, 128, 128)");
    const button = probe.shadowRoot!.querySelector("button")!;
    expect(getComputedStyle(button).backgroundColor).to.equal("rgb(0, 128, 128)");
  });
});
