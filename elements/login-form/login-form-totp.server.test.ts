/// <reference types="mocha" />
// Against the real server with the demo data, on another origin than this page (see
// scripts/wtr-demo-server-plugin.mjs): two-factor sign-in in bearer mode. Turning two-factor on
// changes the user, so this file has a server of its own.
import { createPortalClient } from "@keyport/sdk";
import { expect, fixture, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import { connectToDemoServer, type DemoServer } from "../internal/test-helpers.ts";
import "./define.ts";
import type { LoginForm, SignedInDetail } from "./login-form.ts";

const EMAIL = "adam.admin@example.com";
const PASSWORD = "demo-password";
const STEP_SECONDS = 30;

/** RFC 4648 base32 (upper case, padding optional) to bytes. */
function base32Decode(text: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const clean = text.toUpperCase().replace(/=+$/, "");
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

/** The RFC 6238 code (HMAC-SHA1, 6 digits) of time step `step`, by Web Crypto. */
async function totpCode(key: Uint8Array, step: number): Promise<string> {
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    key as BufferSource,
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const counter = new DataView(new ArrayBuffer(8));
  counter.setUint32(0, Math.floor(step / 2 ** 32));
  counter.setUint32(4, step >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, counter.buffer));
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) |
    (mac[offset + 1]! << 16) |
    (mac[offset + 2]! << 8) |
    mac[offset + 3]!;
  return String(binary % 1_000_000).padStart(6, "0");
}

const currentStep = () => Math.floor(Date.now() / 1000 / STEP_SECONDS);

describe("<login-form> two-factor sign-in against the real server", () => {
  let keyport: DemoServer;
  let key: Uint8Array;
  let recoveryCodes: readonly string[];
  /** The server takes each time step once: the next sign-in needs a later one. */
  let lastStep: number;

  before(async function turnTwoFactorOn() {
    this.timeout(120_000);
    keyport = await connectToDemoServer(EMAIL, { instance: "login-form-totp" });
    // A widget token may not make security changes: set two-factor up as a signed-in script
    // would (the client keeps the bearer token it signs in with).
    const client = createPortalClient({ baseUrl: keyport.apiBase });
    await client.auth.login({ email: EMAIL, password: PASSWORD, tokenType: "bearer" });
    const setup = await client.me.totp.beginSetup({ password: PASSWORD });
    const uri = new URL(setup.uri);
    expect(uri.protocol).to.equal("otpauth:");
    expect(uri.searchParams.get("secret")).to.equal(setup.secret);
    expect(uri.searchParams.get("algorithm") ?? "SHA1").to.equal("SHA1");
    expect(uri.searchParams.get("digits") ?? "6").to.equal("6");
    expect(uri.searchParams.get("period") ?? "30").to.equal(String(STEP_SECONDS));
    key = base32Decode(uri.searchParams.get("secret")!);
    expect(key.length).to.equal(20);
    lastStep = currentStep();
    const enabled = await client.me.totp.enable({ code: await totpCode(key, lastStep) });
    recoveryCodes = enabled.recoveryCodes;
    expect(recoveryCodes).to.have.length(10);
    expect((await client.me.get()).twoFactorEnabled).to.equal(true);
  });

  /** A code the server has not seen: of now, or of the next step when now's is used. */
  async function freshCode(): Promise<string> {
    const step = Math.max(currentStep(), lastStep + 1);
    lastStep = step;
    return totpCode(key, step);
  }

  const root = (form: LoginForm) => form.shadowRoot!;
  const input = (form: LoginForm, id: string) =>
    root(form).querySelector<HTMLInputElement>(`#${id}`);
  const text = (node: Element | null | undefined) =>
    node?.textContent?.replace(/\s+/g, " ").trim() ?? "";

  async function type(form: LoginForm, id: string, value: string) {
    input(form, id)!.focus();
    await sendKeys({ type: value });
  }

  /** A fresh form, signed in with the password, showing the code step. */
  async function formAtCodeStep(): Promise<LoginForm> {
    const form = await fixture<LoginForm>(
      html`<login-form api-base=${keyport.apiBase}></login-form>`,
    );
    expect(form.effectiveTokenType).to.equal("bearer");
    await type(form, "email", EMAIL);
    await type(form, "password", PASSWORD);
    await sendKeys({ press: "Enter" });
    await waitUntil(() => form.currentStep === "totp", "the code step appears", {
      timeout: 10_000,
    });
    await form.updateComplete;
    expect(text(root(form).querySelector('[part~="title"]'))).to.equal("Two-step verification");
    expect(input(form, "code"), "the code field").to.exist;
    expect(input(form, "password"), "no password field now").to.equal(null);
    return form;
  }

  async function expectWorkingToken(detail: SignedInDetail) {
    expect(detail.tokenType).to.equal("bearer");
    expect(detail.user.email).to.equal(EMAIL);
    expect(detail.token).to.match(/^\S{20,}$/);
    const me = await fetch(`${keyport.apiBase}/v1/me`, {
      headers: { authorization: `Bearer ${detail.token}` },
    });
    expect(me.status).to.equal(200);
    const body = (await me.json()) as { email: string; twoFactorEnabled: boolean };
    expect(body.email).to.equal(EMAIL);
    expect(body.twoFactorEnabled).to.equal(true);
  }

  /** Waits for `signed-in` or for the form to say something; answers which came. */
  async function outcome(form: LoginForm, signedIn: Promise<CustomEvent<SignedInDetail>>) {
    let event: CustomEvent<SignedInDetail> | undefined;
    void signedIn.then((value) => {
      event = value;
    });
    await waitUntil(
      () => event !== undefined || text(root(form).querySelector('[part~="field-error"]')) !== "",
      "the form answers",
      { timeout: 10_000 },
    );
    return event;
  }

  it("asks for the code after the password and signs in with a fresh one", async function () {
    this.timeout(30_000);
    const form = await formAtCodeStep();
    const signedIn = oneEvent(form, "signed-in");
    await type(form, "code", await freshCode());
    await sendKeys({ press: "Enter" });
    const event = await outcome(form, signedIn);
    expect(event, "signed in").to.exist;
    await expectWorkingToken(event!.detail);
    expect(form.currentStep).to.equal("signed-in");
  });

  it("says a wrong code is not right in words and does not sign in", async function () {
    this.timeout(30_000);
    const form = await formAtCodeStep();
    // A code of an hour ago: well-formed, never valid now (unless it happens to equal a current one).
    const now = currentStep();
    const valid = await Promise.all([now - 1, now, now + 1, now + 2].map((s) => totpCode(key, s)));
    let wrongStep = now - 120;
    while (valid.includes(await totpCode(key, wrongStep))) wrongStep -= 1;
    await type(form, "code", await totpCode(key, wrongStep));
    await sendKeys({ press: "Enter" });
    const event = await outcome(form, oneEvent(form, "signed-in"));
    expect(event?.detail.user.email, "not signed in").to.equal(undefined);
    const error = root(form).querySelector('[part~="field-error"]');
    expect(text(error)).to.equal(
      "The code is not right, or it was used before. Enter the current code.",
    );
    expect(form.currentStep).to.equal("totp");
    expect(input(form, "code")!.getAttribute("aria-invalid")).to.equal("true");
    expect(input(form, "code")!.value, "the wrong code is cleared").to.equal("");
    await expect(form).to.be.accessible();
  });

  it("signs in with a recovery code once, and not twice", async function () {
    this.timeout(30_000);
    const recovery = recoveryCodes[0]!;
    const form = await formAtCodeStep();
    const useRecovery = [
      ...root(form).querySelectorAll<HTMLButtonElement>('[part~="link-button"]'),
    ].find((button) => text(button) === "Use a recovery code instead");
    expect(useRecovery, "the recovery link").to.exist;
    useRecovery!.click();
    await form.updateComplete;
    expect(text(root(form).querySelector('label[for="code"]'))).to.equal("Recovery code");
    const signedIn = oneEvent(form, "signed-in");
    await type(form, "code", recovery);
    await sendKeys({ press: "Enter" });
    const event = await outcome(form, signedIn);
    expect(event, "signed in with the recovery code").to.exist;
    await expectWorkingToken(event!.detail);

    // Used up: the same code a second time is refused.
    const again = await formAtCodeStep();
    [...root(again).querySelectorAll<HTMLButtonElement>('[part~="link-button"]')]
      .find((button) => text(button) === "Use a recovery code instead")!
      .click();
    await again.updateComplete;
    await type(again, "code", recovery);
    await sendKeys({ press: "Enter" });
    const second = await outcome(again, oneEvent(again, "signed-in"));
    expect(second?.detail.user.email, "not signed in twice").to.equal(undefined);
    expect(text(root(again).querySelector('[part~="field-error"]'))).to.contain(
      "The code is not right, or it was used before.",
    );
  });
});
