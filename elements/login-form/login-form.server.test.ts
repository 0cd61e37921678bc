/// <reference types="mocha" />
// Against the real server with the demo data, on another origin than this page (see
// scripts/wtr-demo-server-plugin.mjs): the embedded case, where the form asks for a bearer token.
import { createPortalClient } from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { connectToDemoServer, type DemoServer } from "../internal/test-helpers.ts";
import "./define.ts";
import type { LoginForm } from "./login-form.ts";

describe("<login-form> against the real server", () => {
  let keyport: DemoServer;
  before(async function startTheServer() {
    // The first call starts Keyport and seeds the demo: seconds, not milliseconds.
    this.timeout(120_000);
    keyport = await connectToDemoServer();
  });

  async function signIn(form: LoginForm, email: string, password: string) {
    const root = form.shadowRoot!;
    root.querySelector<HTMLInputElement>("#email")!.value = email;
    root.querySelector<HTMLInputElement>("#password")!.value = password;
    root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
  }

  it("signs the demo owner in with a bearer token that then works on the API", async function () {
    this.timeout(20_000);
    expect(new URL(keyport.apiBase).origin).not.to.equal(location.origin);
    const form = await fixture<LoginForm>(
      html`<login-form api-base=${keyport.apiBase}></login-form>`,
    );
    expect(form.effectiveTokenType).to.equal("bearer");
    const signedIn = oneEvent(form, "signed-in");
    await signIn(form, "olivia.owner@example.com", "demo-password");
    const { detail } = await signedIn;
    expect(detail.tokenType).to.equal("bearer");
    expect(detail.token).to.match(/^\S{20,}$/);
    expect(Date.parse(detail.expiresAt!)).to.be.greaterThan(Date.now());
    expect(detail.user.email).to.equal("olivia.owner@example.com");
    expect(detail.me?.email).to.equal("olivia.owner@example.com");

    // The token is the page's to keep: a fresh client with it reads the customer's data.
    const client = createPortalClient({ baseUrl: keyport.apiBase, token: detail.token! });
    const me = await client.me.get();
    expect(me.email).to.equal("olivia.owner@example.com");
    expect((await client.licenses.list({ limit: 1 })).data.length).to.equal(1);
  });

  it("says the password is wrong in plain words, as the real API answers it", async function () {
    this.timeout(20_000);
    const form = await fixture<LoginForm>(
      html`<login-form api-base=${keyport.apiBase}></login-form>`,
    );
    await signIn(form, "mia.member@example.com", "not-the-password");
    const alert = form.shadowRoot!.querySelector('[part~="form-error"]')!;
    for (let i = 0; i < 200 && !alert.textContent?.trim(); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(alert.textContent).to.contain("The email address or the password is not right.");
    await expect(form).to.be.accessible();
  });
});
