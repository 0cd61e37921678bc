/// <reference types="mocha" />
// A page that registered the portal's class and its provider, but none of the areas' elements:
// Web Test Runner runs each test file in a page of its own, so nothing else registers them here.
import { expect, fixture, html } from "@open-wc/testing";
import { setViewport } from "@web/test-runner-commands";
import "../internal/test-helpers.ts";
import "../portal-provider/define.ts";
import { LicensePortal } from "./license-portal.ts";
import { PAGE_TAGS } from "./portal-pages.ts";
import { PORTAL_AREAS } from "./portal-routes.ts";
import { API, PortalTestApi } from "./portal-test-api.ts";

const BASE = "/portal-unregistered-test/";
customElements.define("test-license-portal", LicensePortal);

function text(node: Element | ShadowRoot | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe("<license-portal> on a page without the areas' elements", () => {
  const realFetch = globalThis.fetch;
  const startUrl = location.href;

  beforeEach(async () => {
    await setViewport({ width: 1280, height: 900 });
    globalThis.fetch = new PortalTestApi().fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    history.replaceState(null, "", startUrl);
  });

  async function portalAt(path: string) {
    history.replaceState(null, "", path);
    const el = await fixture<LicensePortal>(html`<test-license-portal
      api-base=${API}
      token="tok-1"
      locale="en"
      product-name="Acme"
      base-path=${BASE}
    ></test-license-portal>`);
    await el.updateComplete;
    await el.provider?.sessionComplete;
    await el.updateComplete;
    return el;
  }

  const $ = (el: LicensePortal, selector: string) => el.shadowRoot!.querySelector(selector);

  it("registers none of the areas' elements here", () => {
    for (const tag of Object.values(PAGE_TAGS).flat()) {
      expect(customElements.get(tag), tag).to.equal(undefined);
    }
  });

  it("says each area is not available, under the area's own title and sentence", async () => {
    for (const area of PORTAL_AREAS) {
      const el = await portalAt(`${BASE}${area === "dashboard" ? "" : area}`);
      expect($(el, '[part~="page-title"]'), area).to.exist;
      expect(text($(el, '[part~="page-intro"]')), area).not.to.equal("");
      expect(text($(el, '[part~="unavailable"]')), area).to.contain("not part of this portal yet");
      expect($(el, PAGE_TAGS[area][0]!), area).to.equal(null);
    }
  });

  it("shows a page once its element is registered", async () => {
    const el = await portalAt(`${BASE}profile`);
    expect(text($(el, '[part~="page-title"]'))).to.equal("Profile & Security");
    expect(text($(el, '[part~="unavailable"]'))).to.contain("not part of this portal yet");
    await expect(el).to.be.accessible();
    customElements.define("profile-settings", class extends HTMLElement {});
    await nextFrame();
    await el.updateComplete;
    expect($(el, "profile-settings")).to.exist;
    expect($(el, '[part~="unavailable"]')).to.equal(null);
  });
});
