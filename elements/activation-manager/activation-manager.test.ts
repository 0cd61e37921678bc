/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys, setViewport } from "@web/test-runner-commands";
import { deferred } from "../internal/test-helpers.ts";
import { activationManagerMessages } from "./activation-manager-messages.ts";
import { ActivationManager } from "./define.ts";
import { demoCustomer, FakePortalApi, fakeActivation } from "./test-helpers.ts";

function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Lets the element's own follow-ups (after a dialog closed, a page arrived) run and render. */
async function settle(el: ActivationManager) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  await el.updateComplete;
}

describe("<activation-manager>", () => {
  const realFetch = globalThis.fetch;
  let api: FakePortalApi;

  beforeEach(() => {
    api = new FakePortalApi();
    // The page's fetch stands in for the API; the client under test is the real SDK.
    globalThis.fetch = api.fetch;
  });
  afterEach(async () => {
    globalThis.fetch = realFetch;
    await setViewport({ width: 1280, height: 800 });
  });

  async function managerFixture(attributes: { licenseId?: string; locale?: string } = {}) {
    const el = await fixture<ActivationManager>(html`<activation-manager
      api-base="https://api.test"
      token="tok"
      timezone="Europe/Berlin"
      locale=${attributes.locale ?? "en"}
      license-id=${attributes.licenseId ?? ""}
    ></activation-manager>`);
    await el.loadComplete;
    return el;
  }

  const root = (el: ActivationManager) => el.shadowRoot!;
  const part = (el: ActivationManager, name: string) =>
    root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
  const rowOf = (el: ActivationManager, id: string) =>
    root(el).querySelector<HTMLTableRowElement>(`[part~="row"][data-id="${id}"]`)!;
  const names = (el: ActivationManager) =>
    [...root(el).querySelectorAll('[part~="group"] [part~="row"] .name')].map((n) => text(n));
  const button = (el: ActivationManager, id: string) =>
    rowOf(el, id).querySelector<HTMLButtonElement>('[part~="deactivate-button"]')!;
  const selects = (el: ActivationManager) => [...root(el).querySelectorAll("select")];

  async function choose(el: ActivationManager, select: HTMLSelectElement, value: string) {
    select.focus();
    select.value = value;
    select.dispatchEvent(new Event("change"));
    await el.loadComplete;
  }

  async function openDialogFor(el: ActivationManager, id: string) {
    const opener = button(el, id);
    opener.focus();
    opener.click();
    await el.updateComplete;
    await frame();
    return opener;
  }

  describe("states", () => {
    it("shows loading while the first page is on its way", async () => {
      demoCustomer(api);
      const held = deferred<void>();
      api.hold = held.promise;
      const el = await fixture<ActivationManager>(
        html`<activation-manager api-base="https://api.test" token="tok"></activation-manager>`,
      );
      expect(el.status).to.equal("loading");
      expect(part(el, "state-loading")).to.exist;
      await expect(el).to.be.accessible();
      held.resolve();
      api.hold = undefined;
      await el.loadComplete;
      expect(el.status).to.equal("complete");
    });

    it("teaches what shows up here when there is nothing yet", async () => {
      demoCustomer(api);
      api.activations = [];
      const el = await managerFixture();
      expect(el.status).to.equal("empty");
      expect(text(part(el, "state-empty"))).to.equal(
        "No activations yet. When you install Acme Studio and enter your key, the machine shows up here.",
      );
      expect(part(el, "filters"), "no filters over nothing").to.equal(null);
      await expect(el).to.be.accessible();
    });

    it("names the license and product when scoped to an empty license", async () => {
      demoCustomer(api);
      api.activations = [];
      const el = await managerFixture({ licenseId: "lic_design" });
      expect(text(part(el, "state-empty"))).to.equal(
        "No activations of Design team yet. When you install Acme Studio and enter its key, the machine shows up here.",
      );
    });

    it("shows an error with Try again, which loads again", async () => {
      demoCustomer(api);
      api.failures.push({ path: "/v1/activations", status: 500, times: 1 });
      const el = await managerFixture();
      expect(el.status).to.equal("error");
      expect(text(part(el, "state-error"))).not.to.contain("raw");
      await expect(el).to.be.accessible();

      part(el, "retry-button")!.click();
      await el.updateComplete;
      await el.loadComplete;
      expect(el.status).to.equal("complete");
      expect(names(el)).to.include("OLD-PC");
    });

    it("says a license that is not the customer's does not exist, without a retry", async () => {
      demoCustomer(api);
      const el = await managerFixture({ licenseId: "lic_someone_elses" });
      expect(el.status).to.equal("error");
      expect(part(el, "state-error")).to.equal(null);
      expect(part(el, "retry-button")).to.equal(null);
      expect(text(part(el, "state-not-found"))).to.equal(
        "This license does not exist or is not yours to see. Check the link, or open the license from your list of licenses.",
      );
      await expect(el).to.be.accessible();

      el.locale = "de";
      await el.updateComplete;
      expect(text(part(el, "state-not-found"))).to.contain(
        "Diese Lizenz gibt es nicht, oder Sie dürfen sie nicht sehen.",
      );
    });

    it("shows the signed-out state on a 401", async () => {
      demoCustomer(api);
      api.signedOut = true;
      const el = await managerFixture();
      expect(el.status).to.equal("signed-out");
      expect(part(el, "state-signed-out")).to.exist;
      expect(part(el, "filters")).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe("the list", () => {
    it("groups live activations by license with seat counts, details and status badges", async () => {
      demoCustomer(api);
      const el = await managerFixture();

      const groups = [...root(el).querySelectorAll('[part~="group"]')];
      expect(groups.map((g) => text(g.querySelector("h3")))).to.deep.equal([
        "Design team · Acme Studio",
        "Web shop · Acme Studio",
        "Agency seats · Acme Studio",
      ]);
      expect(text(groups[0]!.querySelector('[part~="meter"]'))).to.equal("3 of 3 machines");
      expect(names(el), "deactivated history is hidden").to.deep.equal([
        "STUDIO-MAC",
        "BUILD-01",
        "OLD-PC",
        "shop.example.com",
        "AGENCY-WS1",
      ]);

      const old = rowOf(el, "act_07");
      expect(text(old.querySelector(".secondary"))).to.equal("Machine · old-pc.office.local");
      expect(text(old)).to.contain("Windows 10").and.to.contain("2.4.0");
      expect(text(old.querySelector('[part~="badge"]'))).to.equal("Not seen lately");
      expect(old.querySelector('[part~="badge"]')!.className).to.contain("badge--warning");
      expect(text(rowOf(el, "act_08").querySelector('[part~="badge"]'))).to.equal("Dead");
      expect(rowOf(el, "act_08").getAttribute("part")).to.equal("row row-dead");
      expect(text(rowOf(el, "act_05").querySelector(".secondary"))).to.equal("Domain");
      await expect(el).to.be.accessible();
    });

    it("writes the platforms the API names in lower case as their makers do, others as reported", async () => {
      demoCustomer(api);
      const [mac, build, old] = api.activations as { platform: string | null }[];
      mac!.platform = "macos";
      build!.platform = "linux";
      old!.platform = "FreeBSD 14";
      const el = await managerFixture();
      const platform = (id: string) => text(rowOf(el, id).querySelector("td[data-label]"));
      expect([platform("act_09"), platform("act_08"), platform("act_07")]).to.deep.equal([
        "macOS",
        "Linux",
        "FreeBSD 14",
      ]);
    });

    it("lets a domain or host name wrap after its dots, not inside a word", async () => {
      demoCustomer(api);
      const el = await managerFixture();
      const name = rowOf(el, "act_05").querySelector(".name")!;
      expect(text(name)).to.equal("shop.example.com");
      expect(name.querySelectorAll("wbr")).to.have.length(2);
      const host = rowOf(el, "act_07").querySelector(".secondary")!;
      expect(text(host)).to.equal("Machine · old-pc.office.local");
      expect(host.querySelectorAll("wbr")).to.have.length(2);
    });

    it("says which license its activations are of when it shows one", async () => {
      demoCustomer(api);
      const el = await managerFixture({ licenseId: "lic_design" });
      expect(text(part(el, "intro"))).to.equal(
        "The machines and domains using this license. Deactivate one to free its slot.",
      );
    });

    it("shows last seen as relative time with the exact time in a title, and on keyboard focus", async () => {
      demoCustomer(api);
      const el = await managerFixture();
      const time = rowOf(el, "act_07").querySelector("time")!;
      expect(text(time)).to.equal("140 days ago");
      expect(time.title).to.match(/^\d{1,2} \w+ 20\d\d at \d\d:\d\d (CET|CEST|GMT\+\d)$/);
      expect(time.getAttribute("datetime")).to.equal(api.activations[2]!.lastSeenAt);
      const tip = root(el).getElementById(time.getAttribute("aria-describedby")!)!;
      expect(text(tip)).to.equal(time.title);
      expect(getComputedStyle(tip).display).to.equal("none");

      // Tab through the page to the time: the tooltip shows for keyboard focus.
      time.focus();
      await sendKeys({ press: "Shift+Tab" });
      await sendKeys({ press: "Tab" });
      expect(root(el).activeElement).to.equal(time);
      expect(getComputedStyle(tip).display).to.equal("block");
    });

    it("filters by kind and status through the API", async () => {
      demoCustomer(api);
      const el = await managerFixture();
      const [kind, status] = selects(el);

      await choose(el, kind!, "domain");
      expect(api.calls("/v1/activations").at(-1)!.searchParams.get("kind")).to.equal("domain");
      expect(names(el)).to.deep.equal(["shop.example.com"]);
      expect(root(el).activeElement, "the filter keeps its place").to.equal(selects(el)[0]);

      await choose(el, kind!, "all");
      await choose(el, status!, "dead");
      expect(api.calls("/v1/activations").at(-1)!.searchParams.get("status")).to.equal("dead");
      expect(names(el)).to.deep.equal(["BUILD-01"]);

      await choose(el, status!, "inactive");
      expect(names(el)).to.deep.equal(["OLD-PC"]);
      await expect(el).to.be.accessible();
    });

    it("says when nothing matches the filters and offers to show all", async () => {
      demoCustomer(api);
      const el = await managerFixture({ licenseId: "lic_web" });
      await choose(el, selects(el)[1]!, "dead");
      expect(el.status).to.equal("complete");
      expect(text(part(el, "state-empty"))).to.contain("No activations match these filters.");
      root(el).querySelector<HTMLButtonElement>('[part~="state-empty"] button')!.click();
      await el.updateComplete;
      await el.loadComplete;
      expect(names(el)).to.deep.equal(["shop.example.com"]);
    });

    it("shows deactivated activations on demand", async () => {
      demoCustomer(api);
      const el = await managerFixture();
      expect(part(el, "history")).to.equal(null);

      const toggle = root(el).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
      toggle.click();
      await settle(el);

      expect(api.calls("/v1/activations").at(-1)!.searchParams.get("status")).to.equal(
        "deactivated",
      );
      const history = part(el, "history")!;
      expect(text(history.querySelector(".name"))).to.equal("LAPTOP-2023");
      expect(text(history)).to.contain("Deactivated by you 20 days ago");
      await expect(el).to.be.accessible();

      toggle.click();
      await el.updateComplete;
      expect(part(el, "history")).to.equal(null);
    });

    it("scopes to one license with license-id", async () => {
      demoCustomer(api);
      const el = await managerFixture({ licenseId: "lic_design" });
      expect(api.calls("/v1/activations")[0]!.searchParams.get("licenseId")).to.equal("lic_design");
      expect(names(el)).to.deep.equal(["STUDIO-MAC", "BUILD-01", "OLD-PC"]);
    });

    it("loads more with Load more", async () => {
      const { design } = demoCustomer(api);
      api.activations = Array.from({ length: 30 }, (_, i) =>
        fakeActivation(design, { id: `act_${String(i).padStart(2, "0")}`, name: `PC-${i}` }),
      );
      const el = await managerFixture();
      expect(names(el)).to.have.length(25);
      const more = part(el, "load-more-button")!;
      expect(text(more)).to.equal("Load more");

      more.click();
      await el.updateComplete;
      expect(text(part(el, "load-more-button"))).to.equal("Loading…");
      await settle(el);
      expect(names(el)).to.have.length(30);
      expect(names(el).at(-1)).to.equal("PC-0");
      expect(part(el, "load-more-button")).to.equal(null);
    });
  });

  describe("deactivation", () => {
    it("opens the dialog with focus inside, keeps Tab inside, and Escape returns focus", async () => {
      demoCustomer(api);
      const el = await managerFixture();
      const opener = await openDialogFor(el, "act_07");

      const dialog = part(el, "dialog") as HTMLDialogElement;
      expect(dialog.open).to.equal(true);
      expect(text(part(el, "dialog-title"))).to.equal("Deactivate OLD-PC?");
      expect(text(dialog)).to.contain("You have 4 of 5 deactivations left in the next 30 days.");
      expect(root(el).activeElement).to.equal(part(el, "cancel-button"));
      await expect(el).to.be.accessible();

      await sendKeys({ press: "Tab" });
      expect(root(el).activeElement).to.equal(part(el, "confirm-button"));
      await sendKeys({ press: "Tab" });
      expect(root(el).activeElement).to.equal(part(el, "cancel-button"));

      await sendKeys({ press: "Escape" });
      await el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect(root(el).activeElement).to.equal(opener);
      expect(api.calls("/v1/activations/act_07/deactivate", "POST")).to.have.length(0);
    });

    it("does nothing on Cancel", async () => {
      demoCustomer(api);
      const el = await managerFixture();
      await openDialogFor(el, "act_07");
      part(el, "cancel-button")!.click();
      await el.updateComplete;
      expect((part(el, "dialog") as HTMLDialogElement).open).to.equal(false);
      expect(api.calls("/v1/activations/act_07/deactivate", "POST")).to.have.length(0);
      expect(text(rowOf(el, "act_07").querySelector('[part~="badge"]'))).to.equal(
        "Not seen lately",
      );
    });

    it("deactivates once, updates the row and the seat count, announces it and emits the event", async () => {
      demoCustomer(api);
      const el = await managerFixture();
      await openDialogFor(el, "act_07");
      const emitted = oneEvent(el, "activation-deactivated");

      part(el, "confirm-button")!.click();
      const { detail } = await emitted;
      await settle(el);

      expect(api.calls("/v1/activations/act_07/deactivate", "POST")).to.have.length(1);
      expect(detail.activation.id).to.equal("act_07");
      expect(detail.deactivationsLeft).to.equal(3);
      const row = rowOf(el, "act_07");
      expect(text(row.querySelector('[part~="badge"]'))).to.equal("Deactivated");
      expect(row.querySelector('[part~="deactivate-button"]')).to.equal(null);
      expect(text(row)).to.contain("Deactivated by you");
      expect(text(root(el).querySelector('[part~="group"] [part~="meter"]'))).to.equal(
        "2 of 3 machines",
      );
      const live = root(el).querySelector('p[role="status"].visually-hidden')!;
      expect(text(live)).to.equal(
        "OLD-PC is deactivated and its slot is free. In use now: 2 of 3 machines.",
      );
      expect(root(el).activeElement, "focus lands on the row").to.equal(
        row.querySelector(".cell-name"),
      );

      await openDialogFor(el, "act_09");
      expect(text(part(el, "dialog"))).to.contain("You have 3 of 5 deactivations left");
      await expect(el).to.be.accessible();
    });

    it("shows the next allowed date when the API answers 429, then explains it on the rows", async () => {
      const { design } = demoCustomer(api);
      Object.assign(design, { nextAllowedAt: "2027-03-14T09:00:00.000Z" });
      design.usedInWindow = 4;
      const el = await managerFixture();
      // Someone else used the last deactivation after the list was loaded.
      design.usedInWindow = 5;

      await openDialogFor(el, "act_07");
      part(el, "confirm-button")!.click();
      await settle(el);
      expect(text(part(el, "dialog-error"))).to.equal(
        "You have used all deactivations this license allows for now. You can deactivate again on 14 March 2027.",
      );
      await expect(el).to.be.accessible();

      part(el, "cancel-button")!.click();
      await settle(el);
      expect(button(el, "act_09").disabled).to.equal(true);
      expect(text(rowOf(el, "act_09").querySelector('[part~="deactivate-reason"]'))).to.equal(
        "You can deactivate again on 14 March 2027.",
      );
    });

    it("disables protected and limit-reached rows with the reason before the customer tries", async () => {
      demoCustomer(api);
      const el = await managerFixture();

      const agency = button(el, "act_04");
      expect(agency.disabled).to.equal(true);
      const protectedReason = rowOf(el, "act_04").querySelector('[part~="deactivate-reason"]')!;
      expect(text(protectedReason)).to.equal(
        "This license is managed by your vendor; contact support to move it.",
      );
      expect(agency.getAttribute("aria-describedby")).to.equal(protectedReason.id);

      const shop = button(el, "act_05");
      expect(shop.disabled).to.equal(true);
      const limitReason = rowOf(el, "act_05").querySelector('[part~="deactivate-reason"]')!;
      expect(text(limitReason)).to.equal("You can deactivate again on 14 March 2027.");
      expect(shop.getAttribute("aria-describedby")).to.equal(limitReason.id);
      expect(button(el, "act_07").disabled).to.equal(false);
      expect(
        api.requests.filter((r) => r.method === "POST"),
        "nothing was tried",
      ).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it("dates the next allowed deactivation from the activation itself, in the user's zone", async () => {
      const { web } = demoCustomer(api);
      // 23:30 UTC on the 13th is already the 14th in Berlin.
      Object.assign(web, { nextAllowedAt: "2027-03-13T23:30:00.000Z" });
      const el = await managerFixture();
      expect(text(rowOf(el, "act_05").querySelector('[part~="deactivate-reason"]'))).to.equal(
        "You can deactivate again on 14 March 2027.",
      );

      const de = await managerFixture({ locale: "de" });
      expect(text(rowOf(de, "act_05").querySelector('[part~="deactivate-reason"]'))).to.equal(
        "Ab dem 14. März 2027 können Sie wieder deaktivieren.",
      );
      expect(api.requests.filter((r) => r.method === "POST")).to.have.length(0);
    });

    it("says only support can deactivate when the limit allows none", async () => {
      const { web } = demoCustomer(api);
      Object.assign(web, { deactivationLimit: 0, usedInWindow: 0 });
      const el = await managerFixture();
      expect(button(el, "act_05").disabled).to.equal(true);
      expect(text(rowOf(el, "act_05").querySelector('[part~="deactivate-reason"]'))).to.equal(
        "This license does not let you deactivate yourself; contact support to move it.",
      );
    });

    it("says when the next one is allowed right after the last allowed deactivation", async () => {
      const { design } = demoCustomer(api);
      Object.assign(design, { nextAllowedAt: "2027-03-14T09:00:00.000Z" });
      design.usedInWindow = 4;
      const el = await managerFixture();
      expect(text(rowOf(el, "act_09"))).not.to.contain("deactivate again");

      await openDialogFor(el, "act_07");
      expect(text(part(el, "dialog"))).to.contain("You have 1 of 5 deactivations left");
      part(el, "confirm-button")!.click();
      const reason = () => text(rowOf(el, "act_09").querySelector('[part~="deactivate-reason"]'));
      // The date comes with the license the element reads again after the deactivation: wait for
      // it rather than a fixed time, which a busy machine can outlast.
      await waitUntil(() => reason() === "You can deactivate again on 14 March 2027.", undefined, {
        timeout: 5_000,
      }).catch(() => undefined);
      expect(reason()).to.equal("You can deactivate again on 14 March 2027.");
      expect(button(el, "act_09").disabled).to.equal(true);
      expect(api.calls("/v1/activations/act_09/deactivate", "POST")).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  it("speaks German with no English catalogue string left", async () => {
    demoCustomer(api);
    const el = await managerFixture({ locale: "de" });
    await openDialogFor(el, "act_07");
    const shown = text(root(el) as unknown as Element);
    expect(shown).to.contain("Aktivierungen");
    expect(shown).to.contain("OLD-PC deaktivieren?");
    expect(shown).to.contain("Länger inaktiv");
    expect(shown).to.contain("vor 140 Tagen");
    expect(shown).to.contain("3 von 3 Geräten");

    const english: string[] = Object.values(activationManagerMessages.catalogues.en).flatMap(
      (template) => (typeof template === "string" ? [template] : Object.values(template)),
    );
    const german = new Set<string>(
      Object.values(await activationManagerMessages.load("de")).flatMap((template) =>
        typeof template === "string" ? [template] : Object.values(template),
      ),
    );
    for (const template of english) {
      if (german.has(template)) continue; // "Status", "Name", "Version", "Domain" are German too
      const fixed = template
        .split(/\{\w+\}/)
        .sort((a, b) => b.length - a.length)[0]!
        .trim();
      if (fixed.length > 3) expect(shown, template).not.to.contain(fixed);
    }
    for (const word of [
      "Machine",
      "Last seen",
      "Not seen",
      "Active",
      "Dead",
      "Deactivate",
      "Cancel",
    ]) {
      expect(shown, word).not.to.contain(word);
    }
    await expect(el).to.be.accessible();
  });

  it("stacks the rows as cards at 360 px, without overflow", async () => {
    demoCustomer(api);
    await setViewport({ width: 360, height: 800 });
    const el = await managerFixture();
    const row = rowOf(el, "act_07");
    expect(getComputedStyle(row).display).to.equal("grid");
    expect(getComputedStyle(root(el).querySelector("thead")!).position).to.equal("absolute");
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    for (const card of root(el).querySelectorAll<HTMLElement>('[part~="row"]')) {
      expect(card.getBoundingClientRect().right).to.be.at.most(
        el.getBoundingClientRect().right + 0.5,
      );
    }
    expect(getComputedStyle(row.querySelector("td[data-label]")!, "::before").content).to.equal(
      '"Platform"',
    );
    await expect(el).to.be.accessible();

    await openDialogFor(el, "act_07");
    const dialog = part(el, "dialog")!;
    expect(dialog.getBoundingClientRect().width).to.be.at.most(360);
    await expect(el).to.be.accessible();
  });

  it("registers its tag from define.ts", () => {
    expect(customElements.get("activation-manager")).to.equal(ActivationManager);
  });

  it("keeps wide tables at 1280 px", async () => {
    demoCustomer(api);
    const el = await managerFixture();
    expect(getComputedStyle(rowOf(el, "act_07")).display).to.equal("table-row");
  });
});
