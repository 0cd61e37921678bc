/// <reference types="mocha" />
// Against the real server with the demo data (scripts/wtr-demo-server-plugin.mjs).
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { connectToDemoServer } from "../internal/test-helpers.ts";
import "./define.ts";
import type { DownloadCenter, DownloadStartDetail } from "./download-center.ts";

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

describe("<download-center> against the real server", () => {
  before(async function startTheServer() {
    this.timeout(120_000);
    await connectToDemoServer();
  });

  let followed: string[] = [];
  const stopFollowing = (event: Event) => {
    // Recorded and fetched by the test instead of handing the file to the browser's downloads.
    const anchor = event.composedPath()[0];
    if (anchor instanceof HTMLAnchorElement) {
      event.preventDefault();
      followed.push(anchor.href);
    }
  };
  beforeEach(() => {
    followed = [];
    document.addEventListener("click", stopFollowing, true);
  });
  afterEach(() => document.removeEventListener("click", stopFollowing, true));

  it("downloads a real installer whose bytes match its SHA-256", async () => {
    const demo = await connectToDemoServer();
    const el = await fixture<DownloadCenter>(
      html`<download-center api-base=${demo.apiBase} .token=${demo.token} platform="all"></download-center>`,
    );
    await el.loadComplete;
    expect(el.status).to.equal("complete");
    const row = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="asset"]')].find(
      (candidate) =>
        candidate.querySelector<HTMLButtonElement>('[part~="download-button"]')?.disabled ===
          false && candidate.textContent?.includes("Installer"),
    );
    expect(row, "a downloadable installer").to.exist;

    const started = oneEvent(el, "download-start");
    row!.querySelector<HTMLButtonElement>('[part~="download-button"]')!.click();
    const { detail } = (await started) as CustomEvent<DownloadStartDetail>;
    expect(followed).to.deep.equal([detail.url]);
    expect(new URL(detail.url).pathname).to.match(new RegExp(`^/dl/${detail.asset.id}/`));

    // The link is the one the customer's browser follows: on the server's public address.
    expect(new URL(detail.url).origin).to.equal(new URL(demo.apiBase).origin);
    const response = await fetch(detail.url);
    expect(response.status).to.equal(200);
    const bytes = await response.arrayBuffer();
    expect(bytes.byteLength).to.equal(detail.asset.size);
    expect(hex(await crypto.subtle.digest("SHA-256", bytes))).to.equal(detail.asset.sha256);
  });

  it("shows the expired customer's releases greyed, with the API's reasons", async () => {
    const demo = await connectToDemoServer("ivan.indie@example.com");
    const el = await fixture<DownloadCenter>(
      html`<download-center api-base=${demo.apiBase} .token=${demo.token} platform="all"></download-center>`,
    );
    await el.loadComplete;
    const blocked = el.shadowRoot!.querySelectorAll('[part~="release-not-covered"]');
    expect(blocked.length).to.be.greaterThan(0);
    expect(blocked[0]!.querySelector('[part~="release-reason"]')?.textContent).to.match(/renew/i);
    await expect(el).to.be.accessible();
  });
});
