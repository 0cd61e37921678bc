/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../portal-provider/define.ts";
import { deferred } from "../internal/test-helpers.ts";
import "./define.ts";
import {
  FakeProfileApi,
  GOOD_EMAIL_TOKEN,
  PASSWORD,
  problem,
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

describe("<profile-settings>", () => {
  const realFetch = globalThis.fetch;
  let api: FakeProfileApi;
  beforeEach(() => {
    api = new FakeProfileApi();
    globalThis.fetch = api.fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("shows loading, then every section", async () => {
    const held = deferred<Response>();
    api.overrides.set("GET /v1/me/sessions", () => held.promise);
    const el = await fixture<ProfileSettings>(
      html`<profile-settings api-base="https://api.example" token="t"></profile-settings>`,
    );
    expect($(el, '[part~="state-loading"]')?.getAttribute("role")).to.equal("status");
    await expect(el).to.be.accessible();
    held.resolve(Response.json({ data: api.sessions, nextCursor: null }));
    await el.loadComplete;
    const titles = $$(el, '[part~="section-title"]').map((h) => text(h));
    expect(titles).to.deep.equal([
      "Profile",
      "Email address",
      "Password",
      "Where you are signed in",
      "Two-factor sign-in",
    ]);
    expect($<HTMLInputElement>(el, "#name")!.value).to.equal("Ada Lovelace");
    expect(text(section(el, "email"))).to.contain("Your current address is ada@example.com");
    await expect(el).to.be.accessible();
  });

  it("shows the error state with Try again, and the signed-out state on 401", async () => {
    api.overrides.set("GET /v1/me", () => problem(500, "INTERNAL"));
    const el = await settingsFixture();
    expect(el.status).to.equal("error");
    await expect(el).to.be.accessible();
    $(el, '[part~="retry-button"]')!.click();
    await el.loadComplete;
    expect(el.status).to.equal("complete");

    api.overrides.set("GET /v1/me", () => problem(401, "SESSION_EXPIRED"));
    const signedOut = await settingsFixture();
    expect(signedOut.status).to.equal("signed-out");
    await expect(signedOut).to.be.accessible();
  });

  describe("Profile", () => {
    it("saves the name with a confirmation and a profile-updated event", async () => {
      const el = await settingsFixture();
      fill(el, "name", "  Ada King  ");
      const updated = oneEvent(el, "profile-updated");
      await submit(el, "name");
      expect(text($(el, '[part~="section-profile"] [part~="save-button"]'))).to.equal("Saving…");
      const { detail } = await updated;
      expect(detail.me.name).to.equal("Ada King");
      await settled(el);
      expect(api.calls("PATCH", "/v1/me").map((c) => c.body)).to.deep.equal([{ name: "Ada King" }]);
      expect(text(section(el, "profile").querySelector('[role="status"]'))).to.equal(
        "Your name is saved.",
      );
      await expect(el).to.be.accessible();
    });

    it("puts an empty name's reason next to the field, without asking the API", async () => {
      const el = await settingsFixture();
      fill(el, "name", " ");
      await submit(el, "name");
      expect(errorOf(el, "name")).to.equal("Enter your name.");
      expect($(el, "#name")!.getAttribute("aria-invalid")).to.equal("true");
      expect(el.shadowRoot!.activeElement?.id).to.equal("name");
      expect(api.calls("PATCH", "/v1/me")).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it("shows the API's field error and a form-wide failure in plain words", async () => {
      const el = await settingsFixture();
      api.overrides.set("PATCH /v1/me", () =>
        problem(422, "VALIDATION_FAILED", [
          { field: "body.name", message: "at most 200 characters" },
        ]),
      );
      fill(el, "name", "x");
      await submit(el, "name");
      await settled(el);
      expect(errorOf(el, "name")).to.equal("At most 200 characters.");

      api.overrides.set("PATCH /v1/me", () => problem(503, "UNAVAILABLE"));
      const failed = oneEvent(el, "keyport-error");
      await submit(el, "name");
      await failed;
      await settled(el);
      expect(text(section(el, "profile").querySelector('[role="alert"]'))).to.match(/did not work/);
      await expect(el).to.be.accessible();
    });

    it("tells the surrounding provider, so every element shows the new name", async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<portal-provider api-base="https://api.example" token="t"><profile-settings></profile-settings></portal-provider>`,
      );
      const provider = wrapper as unknown as {
        me?: { name: string };
        sessionComplete: Promise<unknown>;
      };
      await provider.sessionComplete;
      const el = wrapper.querySelector("profile-settings")!;
      await el.loadComplete;
      // The provider's user is reused: one /v1/me for the page.
      expect(api.calls("GET", "/v1/me")).to.have.length(1);
      fill(el, "name", "Ada King");
      await submit(el, "name");
      await waitUntil(() => provider.me?.name === "Ada King", "the provider got the new name");
      await settled(el);
      expect($<HTMLInputElement>(el, "#name")!.value).to.equal("Ada King");
    });
  });

  describe("Email", () => {
    it("sends the link and says where to look", async () => {
      const el = await settingsFixture();
      fill(el, "newEmail", "new@example.com");
      fill(el, "emailPassword", PASSWORD);
      await submit(el, "newEmail");
      await waitUntil(() => $(el, '[part~="email-sent"]'), "the inbox state");
      expect(api.calls("POST", "/v1/me/email").map((c) => c.body)).to.deep.equal([
        { newEmail: "new@example.com", password: PASSWORD },
      ]);
      expect(text($(el, '[part~="email-sent"]'))).to.contain(
        "Check your inbox: we sent a link to new@example.com.",
      );
      await expect(el).to.be.accessible();
      $$(el, '[part~="section-email"] button')
        .find((b) => text(b) === "Use another address")!
        .click();
      await el.updateComplete;
      expect($(el, "#newEmail")).to.exist;
    });

    it("checks the address and puts a wrong password and a taken address next to their fields", async () => {
      const el = await settingsFixture();
      fill(el, "newEmail", "not-an-address");
      await submit(el, "newEmail");
      expect(errorOf(el, "newEmail")).to.equal("Enter an email address like name@example.com.");
      expect(errorOf(el, "emailPassword")).to.equal("Enter your current password.");
      expect(api.calls("POST", "/v1/me/email")).to.have.length(0);

      fill(el, "newEmail", "new@example.com");
      fill(el, "emailPassword", "wrong password");
      await submit(el, "newEmail");
      await settled(el);
      expect(errorOf(el, "emailPassword")).to.equal("This is not your current password.");
      expect(errorOf(el, "newEmail")).to.equal("");
      expect(el.shadowRoot!.activeElement?.id).to.equal("emailPassword");

      fill(el, "newEmail", "taken@example.com");
      fill(el, "emailPassword", PASSWORD);
      await submit(el, "newEmail");
      await settled(el);
      expect(errorOf(el, "newEmail")).to.equal("Another account uses this address already.");
      await expect(el).to.be.accessible();
    });

    it("confirms the link's token and says the new address", async () => {
      const el = await settingsFixture("en", { confirmToken: GOOD_EMAIL_TOKEN });
      const updated = oneEvent(el, "profile-updated");
      const { detail } = await updated;
      expect(detail.me.email).to.equal("new@example.com");
      await el.updateComplete;
      expect(api.calls("POST", "/v1/me/email/confirm").map((c) => c.body)).to.deep.equal([
        { token: GOOD_EMAIL_TOKEN },
      ]);
      expect(text($(el, '[part~="confirm-result"]'))).to.equal(
        "Your email address is now new@example.com.",
      );
      expect(text(section(el, "email"))).to.contain("Your current address is new@example.com");
      await expect(el).to.be.accessible();
    });

    it("says a used or expired link is not valid, and offers the form", async () => {
      const el = await settingsFixture("en", { confirmToken: "stale" });
      await waitUntil(() => $(el, '[part~="confirm-result"][role="alert"]'), "the failure");
      expect(text($(el, '[part~="confirm-result"]'))).to.match(/not valid any more/);
      expect($(el, "#newEmail")).to.exist;
      await expect(el).to.be.accessible();
    });
  });

  describe("Password", () => {
    it("changes it, says other sessions were signed out, and drops them from the list", async () => {
      const el = await settingsFixture();
      expect($$(el, '[part~="session"]')).to.have.length(3);
      fill(el, "currentPassword", PASSWORD);
      fill(el, "newPassword", "a much longer passphrase");
      fill(el, "confirmPassword", "a much longer passphrase");
      const changed = oneEvent(el, "password-changed");
      await submit(el, "currentPassword");
      expect((await changed).detail).to.deep.equal({ sessionsSignedOut: 2 });
      await settled(el);
      expect(text(section(el, "password").querySelector('[role="status"]'))).to.equal(
        "Your password is changed; other sessions were signed out.",
      );
      expect($<HTMLInputElement>(el, "#newPassword")!.value).to.equal("");
      expect($$(el, '[part~="session"]')).to.have.length(1);
      expect(text(section(el, "sessions"))).to.contain("You are signed in only here.");
      await expect(el).to.be.accessible();
    });

    it("shows the API's strength reasons under the new password, and a mismatch before asking", async () => {
      const el = await settingsFixture();
      fill(el, "currentPassword", PASSWORD);
      fill(el, "newPassword", "a much longer passphrase");
      fill(el, "confirmPassword", "a different one");
      await submit(el, "currentPassword");
      expect(errorOf(el, "confirmPassword")).to.equal("The two new passwords are not the same.");
      expect(api.calls("POST", "/v1/me/password")).to.have.length(0);

      for (const [password, words] of [
        ["short", "Use at least 12 characters."],
        [
          "password1234",
          "This is one of the most common passwords. Choose one that is harder to guess.",
        ],
      ] as const) {
        fill(el, "newPassword", password);
        fill(el, "confirmPassword", password);
        await submit(el, "currentPassword");
        await settled(el);
        expect(errorOf(el, "newPassword")).to.equal(words);
        expect($(el, "#newPassword")!.getAttribute("aria-describedby")).to.equal(
          "newPassword-hint newPassword-error",
        );
      }
      fill(el, "currentPassword", "wrong");
      fill(el, "newPassword", "a much longer passphrase");
      fill(el, "confirmPassword", "a much longer passphrase");
      await submit(el, "currentPassword");
      await settled(el);
      expect(errorOf(el, "currentPassword")).to.equal("This is not your current password.");
      await expect(el).to.be.accessible();
    });

    it("says when to try again after too many wrong passwords", async () => {
      const el = await settingsFixture();
      api.overrides.set("POST /v1/me/password", () =>
        problem(429, "RATE_LIMITED", undefined, { retryAfter: 120 }),
      );
      fill(el, "currentPassword", "x");
      fill(el, "newPassword", "a much longer passphrase");
      fill(el, "confirmPassword", "a much longer passphrase");
      await submit(el, "currentPassword");
      await settled(el);
      expect(text(section(el, "password").querySelector('[role="alert"]'))).to.equal(
        "Too many wrong passwords or codes. Try again in 2 minutes.",
      );
    });
  });

  describe("Sessions", () => {
    it("lists this device first, with address and last use, exact time as title", async () => {
      const el = await settingsFixture();
      const rows = $$(el, '[part~="session"]');
      expect(rows.map((r) => r.dataset.id)).to.deep.equal(["ses_here", "ses_phone", "ses_script"]);
      expect(text(rows[0]!.querySelector('[part~="current-badge"]'))).to.equal("This device");
      expect(rows[0]!.querySelector('[part~="revoke-button"]')).to.equal(null);
      expect(text(rows[1])).to.contain("Safari 17 on iOS");
      expect(text(rows[1])).to.contain("203.0.113.9");
      const time = rows[1]!.querySelector("time")!;
      expect(text(time)).to.equal("3 days ago");
      expect(time.title).to.match(/\d{4} at \d{2}:\d{2}/);
      expect(text(rows[2])).to.contain("Unknown address");
      expect(
        rows[2]!.querySelector('[part~="revoke-button"]')!.getAttribute("aria-label"),
      ).to.equal("Sign out Unknown device, last used 2 hours ago");
    });

    it("signs another session out and announces it", async () => {
      const el = await settingsFixture();
      const revoked = oneEvent(el, "session-revoked");
      $(el, '[data-id="ses_phone"] [part~="revoke-button"]')!.click();
      expect((await revoked).detail.session.id).to.equal("ses_phone");
      await el.updateComplete;
      expect(api.calls("DELETE", "/v1/me/sessions/ses_phone")).to.have.length(1);
      expect($(el, '[data-id="ses_phone"]')).to.equal(null);
      expect(text($(el, ':host > [role="status"], .visually-hidden[role="status"]'))).to.equal(
        "Safari 17 on iOS is signed out.",
      );
      await expect(el).to.be.accessible();
    });

    it("drops a session that had already ended, and keeps one that failed", async () => {
      const el = await settingsFixture();
      api.sessions = api.sessions.filter((s) => s.id !== "ses_phone");
      $(el, '[data-id="ses_phone"] [part~="revoke-button"]')!.click();
      await waitUntil(() => $(el, '[data-id="ses_phone"]') === null, "dropped");
      expect(text($(el, '.visually-hidden[role="status"]'))).to.equal(
        "That session had already ended.",
      );

      api.overrides.set("DELETE /v1/me/sessions/ses_script", () => problem(500, "INTERNAL"));
      $(el, '[data-id="ses_script"] [part~="revoke-button"]')!.click();
      await waitUntil(
        () => text($(el, '.visually-hidden[role="status"]')).includes("could not"),
        "failure said",
      );
      expect($(el, '[data-id="ses_script"]')).to.exist;
    });
  });

  it("speaks German in the Sie-form", async () => {
    const el = await settingsFixture("de");
    expect(text($(el, '[part~="title"]'))).to.equal("Profil & Sicherheit");
    expect(text(section(el, "sessions"))).to.contain("Dieses Gerät");
    expect(text(section(el, "sessions"))).to.contain("vor 3 Tagen");
    fill(el, "currentPassword", PASSWORD);
    fill(el, "newPassword", "short");
    fill(el, "confirmPassword", "short");
    await submit(el, "currentPassword");
    await settled(el);
    expect(errorOf(el, "newPassword")).to.equal("Verwenden Sie mindestens 12 Zeichen.");
    fill(el, "newEmail", "neu@example.com");
    fill(el, "emailPassword", PASSWORD);
    await submit(el, "newEmail");
    await waitUntil(() => $(el, '[part~="email-sent"]'), "sent");
    expect(text($(el, '[part~="email-sent"]'))).to.contain(
      "Wir haben einen Link an neu@example.com gesendet.",
    );
    await expect(el).to.be.accessible();
  });

  it("stacks the sections and the sessions at 360 px", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div class="narrow"></div>`);
    wrapper.style.width = "360px";
    const el = document.createElement("profile-settings");
    Object.assign(el, { apiBase: "https://api.example", token: "t", locale: "en" });
    wrapper.append(el);
    await el.loadComplete;
    const profile = section(el, "profile");
    const [head, body] = [
      profile.querySelector(".section-head")!,
      profile.querySelector(".section-body")!,
    ];
    expect(body.getBoundingClientRect().top).to.be.greaterThan(
      head.getBoundingClientRect().bottom - 1,
    );
    const row = $(el, '[data-id="ses_phone"]')!;
    expect(getComputedStyle(row).display).to.equal("block");
    expect(el.scrollWidth).to.be.at.most(360);
    await expect(el).to.be.accessible();
  });
});
