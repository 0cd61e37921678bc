/// <reference types="mocha" />
import type { Me } from "@keyport/sdk";
import { ContextProvider } from "@lit/context";
import { expect, fixture, html } from "@open-wc/testing";
import { LitElement } from "lit";
import { type PortalSession, portalContext } from "./context.ts";
import { findPortalProvider } from "./provider-link.ts";

/** A provider with what `<portal-provider>` offers, under a tag of its own. */
class TestProvider extends LitElement {
  readonly context = new ContextProvider(this, {
    context: portalContext,
    initialValue: { apiBase: "https://api.example", locale: "en", timezone: "UTC" },
  });
  me: Me | undefined;
  session: PortalSession = "signed-in";
  readonly sessionComplete = Promise.resolve<PortalSession>("signed-in");
  updateMe(me: Me): void {
    this.me = me;
  }
  async refresh(): Promise<void> {}
  protected override render() {
    return html`<slot></slot>`;
  }
}
customElements.define("test-link-provider", TestProvider);

/** Provides the portal context but cannot share a user: not a portal provider. */
class ContextOnly extends LitElement {
  readonly context = new ContextProvider(this, { context: portalContext });
  protected override render() {
    return html`<slot></slot>`;
  }
}
customElements.define("test-context-only", ContextOnly);

/** Puts its child in a shadow root of its own, as an element showing another does. */
class ShadowHost extends LitElement {
  protected override render() {
    return html`<div class="inner"><span class="target"></span></div>`;
  }
}
customElements.define("test-shadow-host", ShadowHost);

describe("findPortalProvider", () => {
  it("finds the provider around an element", async () => {
    const provider = await fixture<TestProvider>(
      html`<test-link-provider><div><span></span></div></test-link-provider>`,
    );
    expect(findPortalProvider(provider.querySelector("span")!)).to.equal(provider);
  });

  it("finds the nearest of two, the one whose context the element receives", async () => {
    const outer = await fixture<TestProvider>(
      html`<test-link-provider id="outer"
        ><test-link-provider id="inner"><span></span></test-link-provider
      ></test-link-provider>`,
    );
    const inner = outer.querySelector<TestProvider>("#inner")!;
    expect(findPortalProvider(outer.querySelector("span")!)).to.equal(inner);
    expect(findPortalProvider(inner)).to.equal(outer);
  });

  it("crosses shadow roots", async () => {
    const provider = await fixture<TestProvider>(
      html`<test-link-provider><test-shadow-host></test-shadow-host></test-link-provider>`,
    );
    const host = provider.querySelector<ShadowHost>("test-shadow-host")!;
    await host.updateComplete;
    const inside = host.shadowRoot!.querySelector(".target")!;
    expect(findPortalProvider(inside)).to.equal(provider);
  });

  it("is undefined without a provider, or when what answers cannot share a user", async () => {
    const lone = await fixture(html`<div><span></span></div>`);
    expect(findPortalProvider(lone.querySelector("span")!)).to.equal(undefined);
    const other = await fixture<ContextOnly>(
      html`<test-context-only><span></span></test-context-only>`,
    );
    expect(findPortalProvider(other.querySelector("span")!)).to.equal(undefined);
  });
});
