/// <reference types="mocha" />
import { expect, oneEvent, waitUntil } from "@open-wc/testing";
import "./define.ts";
import {
  FakeProfileApi,
  GOOD_CODE,
  PASSWORD,
  problem,
  RECOVERY_CODES,
  SECRET,
  testMatrix,
} from "./profile-settings.fixtures.ts";
import {
  $,
  $$,
  errorOf,
  fill,
  section,
  settingsFixture,
  settled,
  submit,
  text,
} from "./profile-settings.test-helpers.ts";
import type { ProfileSettings } from "./profile-settings.ts";

describe("<profile-settings> two-factor sign-in", () => {
  const realFetch = globalThis.fetch;
  let api: FakeProfileApi;
  let written: string[];
  beforeEach(() => {
    api = new FakeProfileApi();
    globalThis.fetch = api.fetch;
    written = [];
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: async (value: string) => void written.push(value) },
    });
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    delete (navigator as { clipboard?: unknown }).clipboard;
  });

  async function startSetup(el: ProfileSettings) {
    fill(el, "setupPassword", PASSWORD);
    $(el, '[part~="setup-button"]')!.click();
    await waitUntil(() => $(el, '[part~="qr-code"]'), "the QR code");
  }

  it("asks for the current password before it makes a key", async () => {
    const el = await settingsFixture();
    const field = $<HTMLInputElement>(el, "#setupPassword")!;
    expect(field.type).to.equal("password");
    expect(field.autocomplete).to.equal("current-password");
    await submit(el, "setupPassword");
    expect(errorOf(el, "setupPassword")).to.equal("Enter your current password.");
    expect(api.calls("POST", "/v1/me/totp")).to.have.length(0);

    fill(el, "setupPassword", "not my password");
    await submit(el, "setupPassword");
    await settled(el);
    expect(errorOf(el, "setupPassword")).to.equal("This is not your current password.");
    expect($(el, '[part~="qr-code"]')).to.equal(null);
    await expect(el).to.be.accessible();

    await startSetup(el);
    expect(api.calls("POST", "/v1/me/totp").map((c) => c.body)).to.deep.equal([
      { password: "not my password" },
      { password: PASSWORD },
    ]);
  });

  it("explains when the page's session may not change two-factor sign-in", async () => {
    api.overrides.set("POST /v1/me/totp", () => problem(403, "SECURITY_CHANGES_NOT_ALLOWED"));
    const el = await settingsFixture("de");
    fill(el, "setupPassword", PASSWORD);
    await submit(el, "setupPassword");
    await settled(el);
    expect(text(section(el, "two-factor"))).to.contain(
      "Auf dieser Seite lässt sich die Anmeldung nicht ändern.",
    );
    expect($(el, '[part~="qr-code"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("sets up with a QR code and the key as grouped text with Copy", async () => {
    const el = await settingsFixture();
    expect(text($(el, '[part~="two-factor-status"]'))).to.equal("Two-factor sign-in is off.");
    await expect(el).to.be.accessible();
    await startSetup(el);
    const qr = $(el, '[part~="qr-code"]')!;
    expect(qr.getAttribute("role")).to.equal("img");
    expect(qr.getAttribute("aria-label")).to.equal("QR code for your authenticator app");
    expect(qr.getAttribute("shape-rendering")).to.equal("crispEdges");
    expect(qr.getAttribute("viewBox")).to.equal("-4 -4 29 29");
    expect(qr.querySelectorAll("path")).to.have.length(1);
    const darkModules = testMatrix().rows.join("").replaceAll("0", "").length;
    const drawn = [
      ...qr
        .querySelector("path")!
        .getAttribute("d")!
        .matchAll(/h(\d+)/g),
    ]
      .map((m) => Number(m[1]))
      .reduce((a, b) => a + b, 0);
    expect(drawn).to.equal(darkModules);

    const secret = $(el, '[part~="secret"]')!;
    expect(text(secret)).to.equal("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    expect(getComputedStyle(secret).fontFamily).to.match(/mono/i);
    const code = $<HTMLInputElement>(el, "#code")!;
    expect(code.autocomplete).to.equal("one-time-code");
    expect(code.inputMode).to.equal("numeric");
    expect(el.shadowRoot!.activeElement).to.equal(code);

    $(el, '[part~="section-two-factor"] [part~="copy-button"]')!.click();
    await waitUntil(() => written.length === 1, "copied");
    expect(written).to.deep.equal([SECRET]);
    await el.updateComplete;
    expect(text($(el, '[part~="section-two-factor"] [part~="copy-button"]'))).to.contain(
      "Key copied",
    );
    await expect(el).to.be.accessible();
  });

  it("refuses a wrong code next to the field, then turns on and shows the recovery codes once", async () => {
    const el = await settingsFixture();
    await startSetup(el);
    fill(el, "code", "12345");
    await submit(el, "code");
    expect(errorOf(el, "code")).to.equal("Enter the 6 digits the app shows.");
    fill(el, "code", "654 321");
    await submit(el, "code");
    await settled(el);
    expect(api.calls("POST", "/v1/me/totp/enable").map((c) => c.body)).to.deep.equal([
      { code: "654321" },
    ]);
    expect(errorOf(el, "code")).to.match(/not the current code of the app/);
    await expect(el).to.be.accessible();

    fill(el, "code", GOOD_CODE);
    const changed = oneEvent(el, "two-factor-changed");
    await submit(el, "code");
    expect((await changed).detail).to.deep.equal({ enabled: true });
    await el.updateComplete;
    const box = $(el, '[part~="recovery-codes"]')!;
    expect($$(el, ".codes li").map((li) => text(li))).to.deep.equal(RECOVERY_CODES);
    expect(el.shadowRoot!.activeElement?.id).to.equal("codes-title");

    $(el, '[part~="recovery-codes"] [part~="copy-button"]')!.click();
    await waitUntil(() => written.length === 1, "copied");
    expect(written[0]).to.equal(RECOVERY_CODES.join("\n"));

    const link = box.querySelector<HTMLAnchorElement>('[part~="download-button"]')!;
    expect(link.download).to.equal("keyport-recovery-codes.txt");
    expect(link.href).to.match(/^blob:/);
    const file = await (await realFetch(link.href)).text();
    expect(file).to.contain("Keyport recovery codes for ada@example.com");
    for (const code of RECOVERY_CODES) expect(file).to.contain(`\n${code}`);
    await expect(el).to.be.accessible();

    $(el, '[part~="done-button"]')!.click();
    await el.updateComplete;
    expect($(el, '[part~="recovery-codes"]')).to.equal(null);
    expect(text($(el, '[part~="two-factor-status"]'))).to.equal("Two-factor sign-in is on.");
    // The codes are gone for good: the link no longer opens.
    const gone = await realFetch(link.href).then(
      () => "opened",
      () => "revoked",
    );
    expect(gone).to.equal("revoked");
  });

  it("turns off with the password and a code, as the API asks", async () => {
    api.me = { ...api.me, twoFactorEnabled: true };
    const el = await settingsFixture();
    $(el, '[part~="disable-button"]')!.click();
    await el.updateComplete;
    await submit(el, "disablePassword");
    expect(errorOf(el, "disablePassword")).to.equal("Enter your current password.");
    expect(errorOf(el, "disableCode")).to.equal("Enter the code.");

    fill(el, "disablePassword", "wrong");
    fill(el, "disableCode", "000000");
    await submit(el, "disablePassword");
    await settled(el);
    expect(errorOf(el, "disablePassword")).to.equal("This is not your current password.");
    fill(el, "disablePassword", PASSWORD);
    await submit(el, "disablePassword");
    await settled(el);
    expect(errorOf(el, "disableCode")).to.match(/neither a current code/);
    await expect(el).to.be.accessible();

    fill(el, "disableCode", RECOVERY_CODES[2]!);
    const changed = oneEvent(el, "two-factor-changed");
    await submit(el, "disablePassword");
    expect((await changed).detail).to.deep.equal({ enabled: false });
    await el.updateComplete;
    expect(api.calls("DELETE", "/v1/me/totp").at(-1)!.body).to.deep.equal({
      password: PASSWORD,
      code: RECOVERY_CODES[2],
    });
    expect(text(section(el, "two-factor"))).to.contain(
      "Two-factor sign-in is off. Sign-in now asks only for your password.",
    );
    expect($(el, '[part~="setup-button"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it("explains a setup refused because it was turned on elsewhere", async () => {
    const el = await settingsFixture();
    api.me = { ...api.me, twoFactorEnabled: true };
    fill(el, "setupPassword", PASSWORD);
    $(el, '[part~="setup-button"]')!.click();
    await waitUntil(
      () => text(section(el, "two-factor")).includes("already turned on"),
      "explained",
    );
    await waitUntil(() => $(el, '[part~="disable-button"]'), "shows it on");
    await expect(el).to.be.accessible();
  });

  it("sets up in German at 360 px", async () => {
    const el = await settingsFixture("de");
    el.style.width = "360px";
    await startSetup(el);
    expect($(el, '[part~="qr-code"]')!.getAttribute("aria-label")).to.equal(
      "QR-Code für Ihre Authenticator-App",
    );
    expect(text(section(el, "two-factor"))).to.contain("Geben Sie den 6-stelligen Code ein");
    const qr = $(el, '[part~="qr-code"]')!.getBoundingClientRect();
    expect(qr.width).to.be.greaterThan(150);
    expect(el.scrollWidth).to.be.at.most(360);
    await expect(el).to.be.accessible();
  });
});
