/// <reference types="mocha" />
// Against the real server with the demo data, on another origin than this page (see
// scripts/wtr-demo-server-plugin.mjs): CORS, bearer tokens and the customer's own settings.
import { expect, fixture, html } from "@open-wc/testing";
import { connectToDemoServer } from "../internal/test-helpers.ts";
import "./define.ts";
import type { PortalProvider } from "./portal-provider.ts";

describe("<portal-provider> against the real server", () => {
  before(async function startTheServer() {
    // The first call starts Keyport and seeds the demo: seconds, not milliseconds.
    this.timeout(120_000);
    await connectToDemoServer();
  });

  it("signs in across origins with a vendor-minted token and takes the customer's saved settings", async () => {
    const demo = await connectToDemoServer("ivan.indie@example.com");
    expect(new URL(demo.apiBase).origin).not.to.equal(location.origin);
    const provider = await fixture<PortalProvider>(
      html`<portal-provider api-base=${demo.apiBase} .token=${demo.token}></portal-provider>`,
    );
    await provider.sessionComplete;
    expect(provider.session).to.equal("signed-in");
    expect(provider.me?.email).to.equal("ivan.indie@example.com");
    // Ivan saved German in the demo: the provider speaks it without being told.
    expect(provider.portalValue.locale).to.equal("de");
  });

  it("reports a token the server does not know as signed out", async () => {
    const demo = await connectToDemoServer();
    const provider = await fixture<PortalProvider>(
      html`<portal-provider api-base=${demo.apiBase} token="kps_not-a-real-token"></portal-provider>`,
    );
    await provider.sessionComplete;
    expect(provider.session).to.equal("signed-out");
  });
});
