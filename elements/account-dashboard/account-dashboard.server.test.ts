/// <reference types="mocha" />
// Against the real server with the demo data (scripts/wtr-demo-server-plugin.mjs).
import type { Dashboard } from "@keyport/sdk";
import { expect, fixture, html } from "@open-wc/testing";
import { connectToDemoServer, type DemoServer } from "../internal/test-helpers.ts";
import type { AccountDashboard } from "./account-dashboard.ts";
import "./define.ts";

function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

async function dashboardOf(demo: DemoServer, locale = "en"): Promise<Dashboard> {
  const response = await fetch(`${demo.apiBase}/v1/dashboard`, {
    headers: { authorization: `Bearer ${demo.token}`, "accept-language": locale },
  });
  expect(response.status).to.equal(200);
  return response.json();
}

describe("<account-dashboard> against the real server", () => {
  before(async function startTheServer() {
    this.timeout(120_000);
    await connectToDemoServer();
  });

  async function shown(email: string, locale = "en") {
    const demo = await connectToDemoServer(email);
    const el = await fixture<AccountDashboard>(
      html`<account-dashboard api-base=${demo.apiBase} .token=${demo.token} locale=${locale}></account-dashboard>`,
    );
    await el.loadComplete;
    return { el, api: await dashboardOf(demo, locale) };
  }

  it("shows the demo owner's counts as GET /v1/dashboard has them", async () => {
    const { el, api } = await shown("olivia.owner@example.com");
    const root = el.shadowRoot!;
    expect(el.status).to.equal("complete");
    expect(text(root.querySelector('[part~="card-licenses"] .figure'))).to.equal(
      `${api.licenses.total} licenses`,
    );
    const legend = [...root.querySelectorAll('[part~="legend-item"]')].map((item) => text(item));
    const expected = (["active", "expiring", "expired", "suspended", "revoked"] as const)
      .filter((status) => api.licenses[status] > 0)
      .map((status) => `${status[0]!.toUpperCase()}${status.slice(1)} ${api.licenses[status]}`);
    expect(legend).to.deep.equal(expected);
    const meters = [...root.querySelectorAll('[part~="meter-bar"]')].map((m) =>
      m.getAttribute("aria-valuenow"),
    );
    expect(meters).to.deep.equal([String(api.seats.machines.used), String(api.seats.domains.used)]);
    const reasons = [...root.querySelectorAll('[part~="health-reason"] .reason-message')].map((r) =>
      text(r),
    );
    expect(reasons).to.deep.equal(api.health.reasons.map((reason) => reason.message));
    const expiring = text(root.querySelector('[part~="expiring-list"]'));
    for (const soon of api.expiringSoon) expect(expiring).to.contain(soon.name);
    expect(root.querySelectorAll('[part~="activity-entry"]').length).to.equal(
      Math.min(5, api.recentActivity.length),
    );
    await expect(el).to.be.accessible();
  });

  it("shows the API's German reasons, and reads well for the member with one license", async () => {
    const { el: german, api } = await shown("olivia.owner@example.com", "de");
    const reasons = [
      ...german.shadowRoot!.querySelectorAll('[part~="health-reason"] .reason-message'),
    ];
    expect(reasons.map((r) => text(r))).to.deep.equal(
      api.health.reasons.map((reason) => reason.message),
    );

    const { el: mia, api: hers } = await shown("mia.member@example.com");
    expect(hers.licenses.total).to.equal(1);
    expect(text(mia.shadowRoot!.querySelector('[part~="card-licenses"] .figure'))).to.equal(
      "1 license",
    );
    expect(
      text(mia.shadowRoot!.querySelector('[part~="card-licenses"] [part~="card-link"]')),
    ).to.equal("View your license →");
  });
});
