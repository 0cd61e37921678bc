/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { css } from "lit";
import { KeyportElement } from "./keyport-element.ts";
import { LicenseKeyController, type LicenseKeyFields, licenseKeyStyles } from "./license-key.ts";
import "./test-helpers.ts";

const licenses: LicenseKeyFields[] = [
  { id: "lic_design", name: "Design team", keyMasked: "•••••-•••••-•••••-•••••-4TJG9" },
  { id: "lic_solo", name: "Solo", keyMasked: "•••••-•••••-•••••-•••••-P1C8F" },
];
const fullKeys: Record<string, string> = {
  lic_design: "7KQ2M-XB4RT-9HW3C-ZD8NP-4TJG9",
  lic_solo: "A1B2C-D3E4F-G5H6J-K7M8N-P1C8F",
};

/** A widget the way license elements use the key: one controller, several licenses. */
class KeyWidget extends KeyportElement<LicenseKeyFields[]> {
  // One CSSResult: KeyportElement types \`styles\` as one, so an array would not type-check.
  static override styles = css`${KeyportElement.styles}${licenseKeyStyles}`;
  readonly keys = new LicenseKeyController(this, { confirmationMs: 200 });

  protected override async load() {
    return licenses;
  }

  protected override renderData(data: LicenseKeyFields[]) {
    return html`${data.map((license) => html`<div data-id=${license.id}>${this.keys.render(license)}</div>`)}`;
  }
}
customElements.define("test-key-widget", KeyWidget);

const text = (node: Element | null | undefined) =>
  node?.textContent?.replace(/\s+/g, " ").trim() ?? "";

function row(el: KeyWidget, id: string) {
  const root = el.shadowRoot!.querySelector(`[data-id="${id}"]`)!;
  return {
    key: root.querySelector<HTMLElement>('[part~="key"]')!,
    reveal: root.querySelector<HTMLButtonElement>('[part~="reveal-button"]')!,
    copy: root.querySelector<HTMLButtonElement>('[part~="copy-button"]')!,
    live: root.querySelector<HTMLElement>('[role="status"]')!,
    alert: root.querySelector<HTMLElement>('[role="alert"]'),
  };
}

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(condition(), what).to.equal(true);
};

describe("LicenseKeyController", () => {
  const realFetch = globalThis.fetch;
  let requests: Request[] = [];
  let revealAnswer: (id: string) => Response;
  let written: string[] = [];
  let clipboardFails = false;

  beforeEach(() => {
    requests = [];
    written = [];
    clipboardFails = false;
    revealAnswer = (id) => Response.json({ key: fullKeys[id] });
    // The page's fetch answers as the API does; the client under test is the real SDK.
    globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      const match = new URL(request.url).pathname.match(/^\/v1\/licenses\/([^/]+)\/key$/);
      if (request.method === "POST" && match) return revealAnswer(decodeURIComponent(match[1]!));
      return new Response(null, { status: 404 });
    };
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: {
        writeText: async (value: string) => {
          if (clipboardFails) throw new DOMException("denied", "NotAllowedError");
          written.push(value);
        },
      },
    });
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    // The stub is an own property; removing it uncovers the real getter on Navigator.prototype.
    delete (navigator as { clipboard?: unknown }).clipboard;
  });

  async function widget() {
    const el = await fixture<KeyWidget>(
      html`<test-key-widget api-base="https://api.example" token="tok"></test-key-widget>`,
    );
    await el.loadComplete;
    return el;
  }
  const reveals = () => requests.filter((r) => r.method === "POST");

  it("shows the masked key in monospace, read aloud by its last group", async () => {
    const el = await widget();
    const { key, reveal, copy } = row(el, "lic_design");
    expect(key.tagName).to.equal("CODE");
    expect(key.querySelector('[aria-hidden="true"]')!.textContent).to.equal(
      "•••••-•••••-•••••-•••••-4TJG9",
    );
    expect(text(key.querySelector(".visually-hidden"))).to.equal("Key ending in 4TJG9");
    expect(getComputedStyle(key).fontFamily).to.match(/mono/i);
    expect(text(reveal)).to.equal("Reveal");
    expect(reveal.getAttribute("aria-label")).to.equal("Reveal the key of Design team");
    expect(text(copy)).to.equal("Copy");
    expect(requests, "nothing asked before Reveal").to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it("reveals the full key with one recorded call, and hides it again without another", async () => {
    const el = await widget();
    row(el, "lic_design").reveal.click();
    await until(() => text(row(el, "lic_design").key) === fullKeys.lic_design, "key shown");

    expect(reveals()).to.have.length(1);
    expect(new URL(reveals()[0]!.url).pathname).to.equal("/v1/licenses/lic_design/key");
    expect(reveals()[0]!.headers.get("authorization")).to.equal("Bearer tok");
    expect(text(row(el, "lic_solo").key), "the other key stays masked").to.contain("•••••");
    expect(text(row(el, "lic_design").reveal)).to.equal("Hide");
    await expect(el).to.be.accessible();

    row(el, "lic_design").reveal.click();
    await el.updateComplete;
    expect(text(row(el, "lic_design").key)).not.to.contain(fullKeys.lic_design);
    row(el, "lic_design").reveal.click();
    await el.updateComplete;
    expect(text(row(el, "lic_design").key)).to.equal(fullKeys.lic_design);
    expect(reveals(), "shown again from memory").to.have.length(1);
  });

  it("copies the full key, revealing it first, and announces Copied for a moment", async () => {
    const el = await widget();
    row(el, "lic_solo").copy.click();
    await until(() => text(row(el, "lic_solo").live) === "Copied", "Copied announced");

    expect(written).to.deep.equal([fullKeys.lic_solo]);
    expect(reveals()).to.have.length(1);
    expect(text(row(el, "lic_solo").copy)).to.contain("Copied");
    expect(text(row(el, "lic_design").live), "only on the copied row").to.equal("");
    await expect(el).to.be.accessible();

    await until(() => text(row(el, "lic_solo").live) === "", "confirmation ends");
    expect(text(row(el, "lic_solo").copy)).to.equal("Copy");

    row(el, "lic_solo").copy.click();
    await until(() => written.length === 2, "copied again");
    expect(reveals(), "no second reveal for a second copy").to.have.length(1);
  });

  it("says so when the clipboard refuses", async () => {
    const el = await widget();
    clipboardFails = true;
    row(el, "lic_design").copy.click();
    await until(() => row(el, "lic_design").alert !== null, "alert shown");
    expect(text(row(el, "lic_design").alert)).to.equal(
      "Copying did not work. Reveal the key and copy it by hand.",
    );
    expect(text(row(el, "lic_design").live)).to.equal("");
  });

  it("shows a failed reveal in the row and reports keyport-error", async () => {
    const el = await widget();
    revealAnswer = () =>
      Response.json(
        { type: "about:blank", title: "Server error", status: 500, code: "INTERNAL" },
        { status: 500, headers: { "content-type": "application/problem+json" } },
      );
    const failed = oneEvent(el, "keyport-error");
    row(el, "lic_design").reveal.click();
    const event = await failed;
    await el.updateComplete;

    expect((event.detail.error as { status: number }).status).to.equal(500);
    expect(text(row(el, "lic_design").alert)).to.equal(
      "The key could not be shown. Try again in a moment.",
    );
    expect(text(row(el, "lic_design").key)).to.contain("•••••");
    await expect(el).to.be.accessible();

    revealAnswer = (id) => Response.json({ key: fullKeys[id] });
    row(el, "lic_design").reveal.click();
    await until(() => text(row(el, "lic_design").key) === fullKeys.lic_design, "second try");
    expect(row(el, "lic_design").alert).to.equal(null);
  });

  it("speaks German", async () => {
    const el = await fixture<KeyWidget>(
      html`<test-key-widget locale="de" api-base="https://api.example" token="tok"></test-key-widget>`,
    );
    await el.loadComplete;
    const { key, reveal, copy } = row(el, "lic_design");
    expect(text(reveal)).to.equal("Anzeigen");
    expect(reveal.getAttribute("aria-label")).to.equal("Schlüssel von Design team anzeigen");
    expect(text(copy)).to.equal("Kopieren");
    expect(text(key.querySelector(".visually-hidden"))).to.equal("Schlüssel mit der Endung 4TJG9");
  });
});
