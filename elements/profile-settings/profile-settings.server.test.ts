/// <reference types="mocha" />
// Against the real server with the demo data (scripts/wtr-demo-server-plugin.mjs).
import { expect, fixture, html, oneEvent, waitUntil } from "@open-wc/testing";
import { connectToDemoServer, type DemoServer } from "../internal/test-helpers.ts";
import "./define.ts";
import { $, fill, submit } from "./profile-settings.test-helpers.ts";
import type { ProfileSettings } from "./profile-settings.ts";

const OWNER = "olivia.owner@example.com";

describe("<profile-settings> against the real server", () => {
  let demo: DemoServer;
  before(async function startTheServer() {
    this.timeout(120_000);
    demo = await connectToDemoServer(OWNER);
  });

  async function settings() {
    const el = await fixture<ProfileSettings>(
      html`<profile-settings api-base=${demo.apiBase} .token=${demo.token} locale="en"></profile-settings>`,
    );
    await el.loadComplete;
    expect(el.status).to.equal("complete");
    return el;
  }

  it("lists the owner's sessions and signs another one out", async () => {
    // A second session of the owner, as a script signing in would make it.
    const login = await fetch(`${demo.apiBase}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: OWNER, password: "demo-password", tokenType: "bearer" }),
    });
    expect(login.status).to.equal(200);
    const { session, token } = (await login.json()) as { session: { id: string }; token: string };

    const el = await settings();
    const row = $(el, `[data-id="${session.id}"]`);
    expect(row, "the new session is listed").to.exist;
    expect($(el, '[part~="session-current"] [part~="current-badge"]')?.textContent).to.contain(
      "This device",
    );

    const revoked = oneEvent(el, "session-revoked");
    row!.querySelector<HTMLButtonElement>('[part~="revoke-button"]')!.click();
    expect((await revoked).detail.session.id).to.equal(session.id);
    await el.updateComplete;
    expect($(el, `[data-id="${session.id}"]`)).to.equal(null);

    // Gone on the server too: its token no longer works, and a fresh list leaves it out.
    const me = await fetch(`${demo.apiBase}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).to.equal(401);
    await el.reload();
    await el.loadComplete;
    expect($(el, `[data-id="${session.id}"]`)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("changes the name and reads it back", async () => {
    const el = await settings();
    const before = $<HTMLInputElement>(el, "#name")!.value;
    const wanted = `${before} (renamed)`;
    try {
      fill(el, "name", wanted);
      const updated = oneEvent(el, "profile-updated");
      await submit(el, "name");
      expect((await updated).detail.me.name).to.equal(wanted);
      const fresh = await settings();
      expect($<HTMLInputElement>(fresh, "#name")!.value).to.equal(wanted);
    } finally {
      // Other server tests share the demo: leave the owner as found.
      fill(el, "name", before);
      await submit(el, "name");
      await waitUntil(
        () => el.shadowRoot!.querySelector('[part~="section-profile"] .notice')?.textContent,
        "restored",
      );
    }
  });
});
