/// <reference types="mocha" />
// Against the real server with the demo data (scripts/wtr-demo-server-plugin.mjs).
import type { MyLicense } from "@keyport/sdk";
import { expect, fixture, html } from "@open-wc/testing";
import type { KeyportElement } from "../internal/keyport-element.ts";
import { connectToDemoServer, type DemoServer } from "../internal/test-helpers.ts";
import "./define.ts";
import type { LicensePortal } from "./license-portal.ts";

const BASE = "/portal-server-test/";

function text(node: Element | ShadowRoot | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

async function licensesOf(demo: DemoServer): Promise<MyLicense[]> {
  const response = await fetch(`${demo.apiBase}/v1/licenses?limit=100`, {
    headers: { authorization: `Bearer ${demo.token}` },
  });
  expect(response.status).to.equal(200);
  return (await response.json()).data;
}

describe("<license-portal> against the real server", () => {
  const startUrl = location.href;

  before(async function startTheServer() {
    this.timeout(120_000);
    await connectToDemoServer();
  });
  afterEach(() => history.replaceState(null, "", startUrl));

  async function portalFor(email: string, path = BASE) {
    const demo = await connectToDemoServer(email);
    history.replaceState(null, "", path);
    const el = await fixture<LicensePortal>(html`<license-portal
      api-base=${demo.apiBase}
      .token=${demo.token}
      product-name="Acme"
      base-path=${BASE}
    ></license-portal>`);
    await settled(el);
    return { el, demo };
  }

  async function settled(el: LicensePortal) {
    for (let i = 0; i < 3; i += 1) {
      await el.updateComplete;
      await el.provider?.sessionComplete;
      await el.updateComplete;
      const shown = [...el.shadowRoot!.querySelectorAll(".page-body > *, .page-body section > *")];
      await Promise.all(
        shown.map((page) => (page as { loadComplete?: Promise<unknown> }).loadComplete),
      );
    }
  }

  const page = (el: LicensePortal, tag: string) =>
    el.shadowRoot!.querySelector<KeyportElement>(tag);

  it("takes the demo owner through all six areas, each showing data", async function () {
    this.timeout(30_000);
    const { el, demo } = await portalFor("olivia.owner@example.com");
    expect(text(el.shadowRoot!.querySelector('[part~="user"]'))).to.contain("Olivia Owner");
    const licenses = await licensesOf(demo);
    const areas: [string, string, (root: ShadowRoot) => void][] = [
      [
        "Dashboard",
        "account-dashboard",
        (root) => expect(root.querySelector('[part~="cards"]')).to.exist,
      ],
      [
        "My Licenses",
        "license-list",
        (root) => {
          for (const license of licenses) expect(text(root)).to.contain(license.name);
        },
      ],
      ["Activations", "activation-manager", (root) => expect(text(root)).to.contain("OLD-PC")],
      ["Downloads", "download-center", (root) => expect(text(root)).to.contain("Acme Studio")],
      [
        "Profile & Security",
        "profile-settings",
        (root) => {
          expect(text(root)).to.contain("olivia.owner@example.com");
          expect(root.querySelector('[part~="section-sessions"]')).to.exist;
        },
      ],
      [
        "Account Settings",
        "account-settings",
        (root) => expect(text(root)).to.contain("Northwind"),
      ],
    ];
    for (const [name, tag, check] of areas) {
      const link = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="nav-link"]')].find(
        (candidate) => text(candidate) === name,
      )!;
      link.click();
      await settled(el);
      const shown = page(el, tag);
      expect(shown, tag).to.exist;
      expect(shown!.status, tag).to.equal("complete");
      check(shown!.shadowRoot!);
      expect(text(el.shadowRoot!.querySelector('[part~="page-title"]'))).to.equal(name);
    }
    await expect(el).to.be.accessible();
  });

  it("opens a license of the owner's by its URL", async () => {
    const demo = await connectToDemoServer("olivia.owner@example.com");
    const design = (await licensesOf(demo)).find((license) =>
      license.name.endsWith("Design team"),
    )!;
    const { el } = await portalFor("olivia.owner@example.com", `${BASE}licenses/${design.id}`);
    const detail = page(el, "license-detail")!;
    expect(detail.status).to.equal("complete");
    expect(text(detail.shadowRoot!.querySelector("h2"))).to.equal(design.name);
    expect(page(el, "activation-manager")?.status).to.equal("complete");
  });

  it("shows the member Mia only her one license", async () => {
    const { el, demo } = await portalFor("mia.member@example.com", `${BASE}licenses`);
    const mine = await licensesOf(demo);
    expect(mine).to.have.length(1);
    expect(text(el.shadowRoot!.querySelector('[part~="user"]'))).to.contain("Mia Member");
    const list = page(el, "license-list")!;
    expect(list.status).to.equal("complete");
    const shown = text(list.shadowRoot!);
    expect(shown).to.contain(mine[0]!.name);
    const owners = await licensesOf(await connectToDemoServer("olivia.owner@example.com"));
    for (const other of owners.filter((license) => license.id !== mine[0]!.id)) {
      expect(shown, other.name).not.to.contain(other.name);
    }
    // Every area is there for a member too: the API scopes what each shows.
    expect(el.shadowRoot!.querySelectorAll('[part~="nav-link"]')).to.have.length(6);
    await expect(el).to.be.accessible();
  });
});
