/// <reference types="mocha" />
import type { MyLicense } from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import type { MessageTemplate } from "../internal/i18n.ts";
import { licenseMessages } from "../internal/license-messages.ts";
import { messagesEn } from "../internal/messages-en.ts";
import { statusMessages } from "../internal/status-messages.ts";
import { type Deferred, deferred } from "../internal/test-helpers.ts";
import "./define.ts";
import type { LicenseList } from "./license-list.ts";
import { licenseListMessages } from "./license-list-messages.ts";

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

function license(fields: Partial<MyLicense> & Pick<MyLicense, "id" | "name">): MyLicense {
  return {
    product: { id: "prd_studio", name: "Acme Studio" },
    status: "active",
    keyMasked: `•••••-•••••-•••••-•••••-${fields.id.slice(-5).toUpperCase()}`,
    expiresAt: inDays(400),
    maintenanceExpiresAt: null,
    machines: { used: 1, total: 3 },
    domains: { used: 0, total: 0 },
    createdAt: "2026-01-01T00:00:00.000Z",
    ...fields,
  };
}

/** Demo-like data: a full team license, one about to expire, one expired, a web license. */
const demo: MyLicense[] = [
  license({
    id: "lic_design",
    name: "Design team",
    machines: { used: 3, total: 3 },
    // 20:00 UTC on 18 June is already 19 June in Auckland.
    expiresAt: "2027-06-18T20:00:00.000Z",
  }),
  license({ id: "lic_solo1", name: "Solo seat", status: "expiring", expiresAt: inDays(11.5) }),
  license({ id: "lic_t2025", name: "Team — 2025", status: "expired", expiresAt: inDays(-40.2) }),
  license({
    id: "lic_webx1",
    name: "Shop site",
    product: { id: "prd_cloud", name: "Acme Cloud" },
    expiresAt: null,
    machines: { used: 0, total: 0 },
    domains: { used: 1, total: 2 },
  }),
];
const fullKey = (id: string) => `7KQ2M-XB4RT-9HW3C-ZD8NP-${id.slice(-5).toUpperCase()}`;

const problem = (status: number, code: string) =>
  Response.json(
    { type: "about:blank", title: code, status, code },
    { status, headers: { "content-type": "application/problem+json" } },
  );

/** Answers `GET /v1/licenses` the way the API does: filters, search, keyset cursor, limit. */
function listAnswer(all: readonly MyLicense[], query: URLSearchParams): Response {
  const q = query.get("q")?.toLowerCase();
  const matching = all.filter(
    (item) =>
      (!query.has("status") || item.status === query.get("status")) &&
      (!query.has("productId") || item.product.id === query.get("productId")) &&
      (q === undefined ||
        item.name.toLowerCase().includes(q) ||
        item.product.name.toLowerCase().includes(q) ||
        item.keyMasked.toLowerCase().endsWith(q)),
  );
  const start = query.has("cursor")
    ? matching.findIndex((i) => i.id === query.get("cursor")) + 1
    : 0;
  const limit = Number(query.get("limit") ?? 20);
  const data = matching.slice(start, start + limit);
  const more = start + limit < matching.length;
  return Response.json({ data, nextCursor: more ? data.at(-1)!.id : null });
}

const text = (node: Node | null | undefined) =>
  node?.textContent?.replace(/\s+/g, " ").trim() ?? "";

const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 200 && !condition(); i += 1) await settle(10);
  expect(condition(), what).to.equal(true);
}

describe("<license-list>", () => {
  const realFetch = globalThis.fetch;
  let requests: Request[] = [];
  let licenses: MyLicense[] = demo;
  let answer: ((request: Request) => Response | Promise<Response>) | undefined;
  let written: string[] = [];

  beforeEach(() => {
    requests = [];
    licenses = demo;
    answer = undefined;
    written = [];
    // The page's fetch stands in for the API; the client under test is the real SDK.
    globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      if (answer !== undefined) return answer(request);
      const url = new URL(request.url);
      if (request.method === "GET" && url.pathname === "/v1/licenses") {
        return listAnswer(licenses, url.searchParams);
      }
      const reveal = url.pathname.match(/^\/v1\/licenses\/([^/]+)\/key$/);
      if (request.method === "POST" && reveal) return Response.json({ key: fullKey(reveal[1]!) });
      return problem(404, "NOT_FOUND");
    };
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: async (value: string) => void written.push(value) },
    });
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    // The stub is an own property; removing it uncovers the real getter.
    delete (navigator as { clipboard?: unknown }).clipboard;
  });

  const listCalls = () =>
    requests
      .filter((r) => r.method === "GET" && new URL(r.url).pathname === "/v1/licenses")
      .map((r) => Object.fromEntries(new URL(r.url).searchParams));
  const revealCalls = () => requests.filter((r) => r.method === "POST");

  /** A list in a wrapper of `width`, its attributes set before it connects (and loads). */
  async function listFixture(attributes: Record<string, string> = {}, width = 1100) {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="inline-size: ${width}px"></div>`,
    );
    const el = document.createElement("license-list");
    const all = { "api-base": "https://api.example", token: "tok", timezone: "Pacific/Auckland" };
    for (const [name, value] of Object.entries({ ...all, ...attributes })) {
      el.setAttribute(name, value);
    }
    wrapper.append(el);
    await el.loadComplete;
    return el;
  }

  const $ = <E extends Element = HTMLElement>(el: LicenseList, selector: string) =>
    el.shadowRoot!.querySelector<E>(selector);
  /** Elements of the layout on screen (the other one is `display: none`). */
  const visible = <E extends HTMLElement = HTMLElement>(el: LicenseList, selector: string) =>
    [...el.shadowRoot!.querySelectorAll<E>(selector)].filter((node) => node.offsetParent !== null);
  const rowOf = (el: LicenseList, id: string) => visible(el, `[data-license-id="${id}"]`)[0]!;
  const names = (el: LicenseList) => visible(el, '[part~="license-name"]').map(text);
  const stateBlock = (el: LicenseList) => $(el, '[part~="state"]');

  async function choose(select: HTMLSelectElement, value: string) {
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  it("shows the loading status while the first page loads", async () => {
    const pending: Deferred<Response> = deferred();
    answer = () => pending.promise;
    const el = await fixture<LicenseList>(
      html`<license-list api-base="https://api.example" token="tok"></license-list>`,
    );
    await el.updateComplete;

    expect(stateBlock(el)?.getAttribute("part")).to.equal("state state-loading");
    expect(text(stateBlock(el))).to.equal("Loading…");
    expect($(el, '[part~="toolbar"]'), "no filters before anything is known").to.equal(null);
    await expect(el).to.be.accessible();
    pending.resolve(listAnswer(demo, new URLSearchParams()));
    await el.loadComplete;
    expect(el.status).to.equal("complete");
  });

  it("lists name, product, status, masked key, seats and expiry in the user's zone", async () => {
    const el = await listFixture();

    expect(listCalls()).to.deep.equal([{ limit: "20" }]);
    expect(requests[0]!.headers.get("authorization")).to.equal("Bearer tok");
    expect($(el, '[part~="table"]')!.offsetParent, "table on a wide element").not.to.equal(null);
    expect(names(el)).to.deep.equal(["Design team", "Solo seat", "Team — 2025", "Shop site"]);

    const design = rowOf(el, "lic_design");
    expect(text(design.querySelector('[part~="product"]'))).to.equal("Acme Studio");
    expect(text(design.querySelector('[part~="badge"]'))).to.equal("Active");
    expect(text(design.querySelector('[part~="key"] [aria-hidden="true"]'))).to.equal(
      "•••••-•••••-•••••-•••••-ESIGN",
    );
    expect(text(design.querySelector('[part~="meter"]'))).to.equal("3 of 3 machines");
    expect(design.querySelector('[part~="meter"]')!.getAttribute("part")).to.contain("meter-full");
    expect(text(design.querySelector('[part~="expiry"]'))).to.equal("Expires 19 June 2027");

    const solo = rowOf(el, "lic_solo1");
    expect(text(solo.querySelector('[part~="badge"]'))).to.equal("Expiring in 12 days");
    const expired = rowOf(el, "lic_t2025");
    expect(text(expired.querySelector('[part~="badge"]'))).to.equal("Expired 40 days ago");
    expect(text(expired.querySelector('[part~="expiry"]'))).to.match(/^Expired \d+ \w+ \d{4}$/);
    const web = rowOf(el, "lic_webx1");
    expect(text(web.querySelector('[part~="meter"]'))).to.equal("1 of 2 domains");
    expect(text(web.querySelector('[part~="expiry"]'))).to.equal("No end date");
    expect($(el, '[part~="load-more-button"]'), "no more pages").to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("gives a revoked license no end date, as it ended whatever its date says", async () => {
    licenses = [license({ id: "lic_gone01", name: "Old seat", status: "revoked" })];
    const el = await listFixture();
    const row = rowOf(el, "lic_gone01");
    expect(text(row.querySelector('[part~="badge"]'))).to.equal("Revoked");
    expect(row.querySelector('[part~="expiry"]')!.getClientRects()).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it("uses stacked cards when the element is narrow, whatever the window", async () => {
    const el = await listFixture({}, 360);

    expect(getComputedStyle($(el, ".layout--table")!).display).to.equal("none");
    expect(getComputedStyle($(el, ".layout--cards")!).display).to.equal("block");
    const cards = visible(el, '[part~="card"]');
    expect(cards.map((card) => card.dataset.licenseId)).to.deep.equal(demo.map((l) => l.id));
    expect(text(cards[0]!.querySelector('[part~="badge"]'))).to.equal("Active");
    // Nothing sticks out of a 360 px element.
    for (const card of cards)
      expect(card.scrollWidth, card.dataset.licenseId).to.be.at.most(card.clientWidth);
    await expect(el).to.be.accessible();

    (el.parentElement as HTMLElement).style.inlineSize = "900px";
    await settle(50);
    expect(getComputedStyle($(el, ".layout--table")!).display).not.to.equal("none");
    expect(visible(el, '[part~="card"]')).to.have.length(0);
  });

  describe("the table beside the portal's sidebar", () => {
    /** The demo's longest names, badges and meters: what has to fit. */
    const long: MyLicense[] = [
      license({
        id: "lic_render",
        name: "Acme Studio Node-locked — Render box",
        status: "suspended",
        machines: { used: 1, total: 1 },
      }),
      license({
        id: "lic_forms1",
        name: "Acme Forms — northwind.example",
        product: { id: "prd_forms", name: "Acme Forms for WordPress" },
        machines: { used: 0, total: 0 },
        domains: { used: 3, total: 5 },
        expiresAt: "2027-09-17T10:00:00.000Z",
      }),
      license({
        id: "lic_team10",
        name: "Acme Studio Team — 2025",
        status: "expired",
        expiresAt: inDays(-40.2),
        machines: { used: 10, total: 10 },
      }),
      license({
        id: "lic_max01",
        name: "Acme Studio Pro — Max",
        status: "expiring",
        expiresAt: inDays(11.5),
      }),
    ];

    /** Whether the table is the layout shown and nothing of it, the dates least of all, sticks out. */
    function tableFits(el: LicenseList, what: string) {
      const table = $(el, '[part~="table"]')!;
      expect(table.offsetParent, `${what}: the table is shown`).not.to.equal(null);
      const box = el.getBoundingClientRect();
      expect(table.getBoundingClientRect().right, `${what}: the table`).to.be.at.most(
        box.right + 0.5,
      );
      for (const expiry of visible(el, '[part~="expiry"]')) {
        expect(expiry.getBoundingClientRect().right, `${what}: ${text(expiry)}`).to.be.at.most(
          table.getBoundingClientRect().right + 0.5,
        );
      }
    }

    it("fits at 990 px, the portal's content column at 1280 px, with each expiry under its status", async () => {
      licenses = long;
      const el = await listFixture({}, 990);
      tableFits(el, "990 px");
      const heads = [...el.shadowRoot!.querySelectorAll('[part~="table"] thead th')].map(text);
      expect(heads).to.deep.equal(["License", "Status", "Key", "In use"]);
      const forms = rowOf(el, "lic_forms1");
      const status = forms.querySelector(".cell-status")!;
      expect(text(status.querySelector('[part~="badge"]'))).to.equal("Active");
      expect(text(status.querySelector('[part~="expiry"]'))).to.equal("Expires 17 September 2027");
      await expect(el).to.be.accessible();
    });

    it("fits down to 860 px in English and German, and turns into cards below", async () => {
      licenses = long;
      for (const locale of ["en", "de"]) {
        const el = await listFixture({ locale }, 860);
        tableFits(el, `860 px, ${locale}`);
        (el.parentElement as HTMLElement).style.inlineSize = "859px";
        await settle(50);
        expect(visible(el, '[part~="table"]'), `859 px, ${locale}`).to.have.length(0);
        expect(visible(el, '[part~="card"]'), `859 px, ${locale}`).to.have.length(long.length);
      }
    });
  });

  it("teaches what belongs here when there are no licenses at all", async () => {
    licenses = [];
    const el = await listFixture();

    expect(stateBlock(el)?.getAttribute("part")).to.equal("state state-empty");
    expect(text(stateBlock(el))).to.contain("No licenses yet.");
    expect(text(stateBlock(el))).to.contain("When you buy a product");
    expect($(el, '[part~="clear-filters-button"]')).to.equal(null);
    expect($(el, '[part~="toolbar"]'), "nothing to filter").to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("says when filters match nothing, and Clear filters shows everything again", async () => {
    const el = await listFixture({ status: "revoked" });

    expect(listCalls()[0]).to.deep.equal({ limit: "20", status: "revoked" });
    expect(text(stateBlock(el))).to.contain("No licenses match these filters.");
    expect($(el, '[part~="toolbar"]'), "filters stay to change them").not.to.equal(null);
    expect($<HTMLSelectElement>(el, '[part~="status-filter"]')!.value).to.equal("revoked");
    await expect(el).to.be.accessible();

    $<HTMLButtonElement>(el, '[part~="clear-filters-button"]')!.click();
    await el.updateComplete;
    await el.loadComplete;
    await settle();

    expect(listCalls().at(-1)).to.deep.equal({ limit: "20" });
    expect(names(el)).to.have.length(4);
    expect(el.statusFilter).to.equal(undefined);
    expect(el.shadowRoot!.activeElement?.getAttribute("part")).to.equal("search");
  });

  it("shows an error with Try again, which loads again", async () => {
    answer = () => problem(500, "INTERNAL");
    const el = await listFixture();

    expect(stateBlock(el)?.getAttribute("part")).to.equal("state state-error");
    expect(stateBlock(el)?.getAttribute("role")).to.equal("alert");
    expect(text(stateBlock(el))).to.contain("Something went wrong.");
    expect(text(stateBlock(el))).not.to.contain("INTERNAL");
    await expect(el).to.be.accessible();

    answer = undefined;
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await el.updateComplete;
    await el.loadComplete;
    expect(names(el)).to.have.length(4);
    expect(listCalls()).to.have.length(2);
  });

  it("shows the signed-out state on a 401", async () => {
    answer = () => problem(401, "UNAUTHORIZED");
    const signedOut = oneEvent(document, "keyport-signed-out");
    const el = await listFixture();
    const event = await signedOut;

    expect(event.composed).to.equal(true);
    expect(stateBlock(el)?.getAttribute("part")).to.equal("state state-signed-out");
    expect(text(stateBlock(el))).to.equal("You are signed out. Sign in to continue.");
    expect($(el, '[part~="toolbar"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("asks the API again with the status and product chosen", async () => {
    const el = await listFixture();
    const products = [...$(el, '[part~="product-filter"]')!.querySelectorAll("option")].map(
      (option) => [option.value, text(option)],
    );
    expect(products).to.deep.equal([
      ["", "All products"],
      ["prd_cloud", "Acme Cloud"],
      ["prd_studio", "Acme Studio"],
    ]);

    await choose($<HTMLSelectElement>(el, '[part~="status-filter"]')!, "expired");
    await el.loadComplete;
    expect(listCalls().at(-1)).to.deep.equal({ limit: "20", status: "expired" });
    expect(names(el)).to.deep.equal(["Team — 2025"]);
    expect(el.statusFilter).to.equal("expired");

    await choose($<HTMLSelectElement>(el, '[part~="status-filter"]')!, "");
    await el.loadComplete;
    await choose($<HTMLSelectElement>(el, '[part~="product-filter"]')!, "prd_cloud");
    await el.loadComplete;
    expect(listCalls().at(-1)).to.deep.equal({ limit: "20", productId: "prd_cloud" });
    expect(names(el)).to.deep.equal(["Shop site"]);
    const stillOffered = [...$(el, '[part~="product-filter"]')!.querySelectorAll("option")];
    expect(stillOffered, "the other product stays a choice").to.have.length(3);
    await expect(el).to.be.accessible();
  });

  it("leaves the product filter out while there is only one product", async () => {
    licenses = demo.filter((item) => item.product.id === "prd_studio");
    const el = await listFixture();
    expect(names(el)).to.have.length(3);
    expect($(el, '[part~="product-filter"]')).to.equal(null);
    expect($(el, '[part~="status-filter"]')).not.to.equal(null);
  });

  it("searches after a pause in typing, with one request for the whole word", async () => {
    const el = await listFixture();
    const search = $<HTMLInputElement>(el, '[part~="search"]')!;
    search.focus();
    await sendKeys({ type: "design" });
    await settle(100);
    expect(listCalls(), "not while typing").to.have.length(1);

    await until(() => listCalls().length === 2, "searched");
    await el.loadComplete;
    expect(listCalls()[1]).to.deep.equal({ limit: "20", q: "design" });
    expect(names(el)).to.deep.equal(["Design team"]);
    expect(el.query).to.equal("design");
    expect(el.shadowRoot!.activeElement, "typing keeps its place").to.equal(search);
    expect(search.value).to.equal("design");
    expect(text($(el, '.toolbar [role="status"]'))).to.equal("1 license shown");
  });

  it("appends the next page on Load more, keeping the filters", async () => {
    const el = await listFixture({ "page-size": "2" });
    expect(names(el)).to.deep.equal(["Design team", "Solo seat"]);
    expect(text($(el, '.toolbar [role="status"]'))).to.equal("2 licenses shown, more to load");

    const more = $<HTMLButtonElement>(el, '[part~="load-more-button"]')!;
    expect(text(more)).to.equal("Load more");
    more.focus();
    more.click();
    await until(() => names(el).length === 4, "second page shown");

    expect(listCalls()).to.deep.equal([{ limit: "2" }, { limit: "2", cursor: "lic_solo1" }]);
    expect(names(el)).to.deep.equal(["Design team", "Solo seat", "Team — 2025", "Shop site"]);
    expect($(el, '[part~="load-more-button"]'), "last page").to.equal(null);
    await settle();
    expect(text(el.shadowRoot!.activeElement), "focus moves to the first new license").to.equal(
      "Team — 2025",
    );
    await expect(el).to.be.accessible();
  });

  it("reveals a key with one recorded call", async () => {
    const el = await listFixture();
    const row = rowOf(el, "lic_design");
    row.querySelector<HTMLButtonElement>('[part~="reveal-button"]')!.click();
    await until(() => text(row.querySelector('[part~="key"]')) === fullKey("lic_design"), "shown");

    expect(revealCalls().map((r) => new URL(r.url).pathname)).to.deep.equal([
      "/v1/licenses/lic_design/key",
    ]);
    expect(text(rowOf(el, "lic_solo1").querySelector('[part~="key"]'))).to.contain("•••••");
    await expect(el).to.be.accessible();
  });

  it("copies the full key and announces Copied", async () => {
    const el = await listFixture();
    const row = rowOf(el, "lic_solo1");
    row.querySelector<HTMLButtonElement>('[part~="copy-button"]')!.click();
    await until(() => written.length === 1, "copied");
    await el.updateComplete;

    expect(written).to.deep.equal([fullKey("lic_solo1")]);
    expect(text(row.querySelector('[role="status"]'))).to.equal("Copied");
    expect(revealCalls()).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it("emits license-select when a name is clicked or a row chosen", async () => {
    const el = await listFixture();
    const wrapper = el.parentElement!;

    const clicked = oneEvent(wrapper, "license-select");
    visible<HTMLButtonElement>(el, '[part~="license-name"]')[1]!.click();
    const event = await clicked;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(event.detail.licenseId).to.equal("lic_solo1");
    expect(event.detail.license).to.deep.equal(demo[1]);

    const onRow = oneEvent(el, "license-select");
    rowOf(el, "lic_webx1").querySelector<HTMLElement>('[part~="expiry"]')!.click();
    expect((await onRow).detail.licenseId).to.equal("lic_webx1");

    let selections = 0;
    el.addEventListener("license-select", () => (selections += 1));
    rowOf(el, "lic_design").querySelector<HTMLButtonElement>('[part~="copy-button"]')!.click();
    await until(() => written.length === 1, "copied");
    expect(selections, "a row's own buttons do not open it").to.equal(0);
  });

  it("emits license-select with Enter on a name", async () => {
    const el = await listFixture({}, 360);
    visible<HTMLButtonElement>(el, '[part~="license-name"]')[2]!.focus();
    const chosen = oneEvent(el, "license-select");
    await sendKeys({ press: "Enter" });
    expect((await chosen).detail.licenseId).to.equal("lic_t2025");
  });

  it("speaks German, with no English string left", async () => {
    const el = await listFixture({ locale: "de" });

    const shown = [
      text(el.shadowRoot),
      ...[...el.shadowRoot!.querySelectorAll("[aria-label], [placeholder], [title]")].flatMap(
        (node) =>
          ["aria-label", "placeholder", "title"].map((name) => node.getAttribute(name) ?? ""),
      ),
    ].join("\n");
    expect(shown).to.contain("Läuft am 19. Juni 2027 ab");
    expect(shown).to.contain("Läuft in 12 Tagen ab");
    expect(shown).to.contain("3 von 3 Geräten");
    expect(shown).to.contain("Alle Produkte");
    expect(shown).to.contain("Unbefristet");
    expect(shown).to.contain("Schlüssel von Design team anzeigen");

    // Every piece of every form between placeholders: "{used} of {count} machines" gives "machines".
    const texts = (template: MessageTemplate) =>
      (typeof template === "string" ? [template] : Object.values(template)).flatMap((form) =>
        form!.split(/\{\w+\}/).map((piece: string) => piece.trim()),
      );
    const catalogues = [licenseListMessages, licenseMessages, statusMessages];
    // Spelled alike in both languages; anything else in English on a German page is a leftover.
    const shared = new Set(["Status"]);
    const english = [
      ...catalogues.flatMap((c) => Object.values(c.catalogues.en).flatMap(texts)),
      ...Object.values(messagesEn),
    ].filter((phrase) => phrase.length > 2 && !shared.has(phrase));
    for (const phrase of english) expect(shown, `"${phrase}"`).not.to.contain(phrase);
    await expect(el).to.be.accessible();

    const empty = await listFixture({ locale: "de", status: "revoked" });
    expect(text(stateBlock(empty))).to.contain("Keine Lizenz passt zu diesen Filtern.");
    expect(text($(empty, '[part~="clear-filters-button"]'))).to.equal("Filter zurücksetzen");
  });
});
