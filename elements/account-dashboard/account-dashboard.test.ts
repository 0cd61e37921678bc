/// <reference types="mocha" />
import type { Dashboard, MyLicense } from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { formatDate } from "../internal/format.ts";
import { type Deferred, deferred } from "../internal/test-helpers.ts";
import {
  emptyDashboard,
  ids,
  license,
  memberDashboard,
  ownerDashboard,
  ownerLicenses,
} from "./account-dashboard.fixtures.ts";
import type { AccountDashboard } from "./account-dashboard.ts";
import { dashboardMessages } from "./account-dashboard-messages.ts";
import { activityMessages } from "./activity-messages.ts";
import "./define.ts";
import type { KeyportNavigateDetail } from "../internal/navigate-event.ts";

const problem = (status: number, code: string) =>
  Response.json(
    { type: "about:blank", title: code, status, code },
    { status, headers: { "content-type": "application/problem+json" } },
  );

function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("<account-dashboard>", () => {
  const realFetch = globalThis.fetch;
  let requests: Request[];
  let dashboard: () => Response | Promise<Response>;
  let licenses: () => Response | Promise<Response>;

  const answer = (body: Dashboard) => () => Response.json(body);
  const page = (data: MyLicense[]) => () => Response.json({ data, nextCursor: null });

  beforeEach(() => {
    requests = [];
    dashboard = answer(ownerDashboard());
    licenses = page(ownerLicenses());
    // The page's fetch answers as the API does; the client under test is the real SDK.
    globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      const path = new URL(request.url).pathname;
      if (path === "/v1/dashboard") return dashboard();
      if (path === "/v1/licenses") return licenses();
      return problem(404, "NOT_FOUND");
    };
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  async function dashboardFixture(attributes = html``, locale = "en") {
    const el = await fixture<AccountDashboard>(
      html`<account-dashboard api-base="https://api.example" token="t" locale=${locale}
        timezone="Europe/Berlin">${attributes}</account-dashboard>`,
    );
    await el.loadComplete;
    return el;
  }

  const root = (el: AccountDashboard) => el.shadowRoot!;
  const part = (el: AccountDashboard, name: string) =>
    root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
  const parts = (el: AccountDashboard, name: string) => [
    ...root(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`),
  ];

  async function navigationFrom(_el: AccountDashboard, target: HTMLElement) {
    // Listened for on the document: the event must bubble out of the shadow root.
    const event = oneEvent(document, "keyport-navigate");
    target.click();
    const { detail, bubbles, composed } = (await event) as CustomEvent<KeyportNavigateDetail>;
    expect(bubbles && composed, "bubbles and composed").to.equal(true);
    return detail;
  }

  it("shows a skeleton while loading, as a polite status", async () => {
    const held: Deferred<Response> = deferred();
    dashboard = () => held.promise;
    const el = await fixture<AccountDashboard>(
      html`<account-dashboard api-base="https://api.example" token="t"></account-dashboard>`,
    );
    const loading = part(el, "state-loading");
    expect(loading?.getAttribute("role")).to.equal("status");
    expect(part(el, "skeleton")).to.exist;
    expect(text(loading)).to.equal("Loading…");
    expect(el.status).to.equal("loading");
    await expect(el).to.be.accessible();
    held.resolve(Response.json(ownerDashboard()));
    await el.loadComplete;
    expect(el.status).to.equal("complete");
  });

  it("renders the API's figures: statuses, seats, expiries and activity", async () => {
    const api = ownerDashboard();
    dashboard = answer(api);
    const el = await dashboardFixture();
    expect(requests.map((r) => new URL(r.url).pathname).sort()).to.deep.equal([
      "/v1/dashboard",
      "/v1/licenses",
    ]);

    expect(text(part(el, "card-licenses")?.querySelector(".figure"))).to.equal("5 licenses");
    const legend = parts(el, "legend-item").map((item) => text(item));
    expect(legend).to.deep.equal(["Active 3", "Expiring 1", "Suspended 1"]);
    const chart = part(el, "status-chart")!;
    expect(chart.getAttribute("aria-label")).to.equal(
      "Licenses by status: 3 Active, 1 Expiring, 1 Suspended",
    );
    const widths = parts(el, "chart-segment").map((s) => Number(s.getAttribute("width")));
    expect(widths).to.deep.equal([60, 20, 20]);

    const meters = parts(el, "meter-bar");
    expect(
      meters.map((m) => [m.getAttribute("aria-valuenow"), m.getAttribute("aria-valuemax")]),
    ).to.deep.equal([
      [String(api.seats.machines.used), String(api.seats.machines.total)],
      [String(api.seats.domains.used), String(api.seats.domains.total)],
    ]);
    expect(parts(el, "meter").map((m) => text(m))).to.deep.equal([
      "5 of 10 machines",
      "3 of 5 domains",
    ]);

    // The warning window's license from the API, and one further out from the license list.
    const expiring = [...part(el, "expiring-list")!.querySelectorAll("li")].map((li) => text(li));
    expect(expiring).to.have.length(2);
    expect(expiring[0]).to.contain("Max").and.contain("Expiring in 12 days");
    expect(expiring[1]).to.contain("Studio later");

    const activity = parts(el, "activity-entry").map((li) => text(li));
    expect(activity).to.deep.equal([
      "Olivia Owner revealed the key of Design team · 3 hours ago",
      "Your software activated OLD-PC on Design team · 3 hours ago",
      "Olivia Owner downloaded studio-3.0.0.exe · 3 hours ago",
    ]);
    const time = parts(el, "activity-entry")[0]!.querySelector("time")!;
    expect(time.getAttribute("title")).to.match(/\d{4} at \d{2}:\d{2}/);
    expect(time.getAttribute("datetime")).to.equal(api.recentActivity[0]!.createdAt);
    await expect(el).to.be.accessible();
  });

  it("opens with the health line, the API's reasons word for word", async () => {
    const el = await dashboardFixture();
    const health = part(el, "health")!;
    expect(text(health.querySelector("h2"))).to.equal("3 things need your attention");
    const reasons = parts(el, "health-reason").map((r) => text(r.querySelector(".reason-message")));
    expect(reasons).to.deep.equal(ownerDashboard().health.reasons.map((r) => r.message));
    // Seven failing licenses, two named: the rest behind "and 5 more".
    const failing = part(el, "health-reason-FAILING_VALIDATIONS")!;
    expect([...failing.querySelectorAll("button")].map((b) => text(b))).to.deep.equal([
      "Northwind forms",
      "Design team",
      "5 more licenses",
    ]);
  });

  it("sends each health reason's license to the place that fixes it", async () => {
    const el = await dashboardFixture();
    const link = (code: string, index = 0) =>
      part(el, `health-reason-${code}`)!.querySelectorAll<HTMLElement>('[part~="health-link"]')[
        index
      ]!;

    expect(await navigationFrom(el, link("LICENSES_EXPIRING"))).to.deep.equal({
      area: "licenses",
      licenseId: ids.max,
    });
    expect(await navigationFrom(el, link("AT_LIMIT"))).to.deep.equal({
      area: "licenses",
      licenseId: ids.designTeam,
      section: "activations",
    });
    expect(await navigationFrom(el, link("FAILING_VALIDATIONS"))).to.deep.equal({
      area: "licenses",
      licenseId: ids.forms,
      section: "diagnosis",
    });
    expect(await navigationFrom(el, link("FAILING_VALIDATIONS", 2))).to.deep.equal({
      area: "licenses",
    });
    expect(link("AT_LIMIT").getAttribute("aria-label")).to.equal(
      "Show the activations of Design team",
    );
  });

  it("leads from every card to its page", async () => {
    const el = await dashboardFixture();
    const cardLink = (card: string) =>
      part(el, `card-${card}`)!.querySelector<HTMLElement>('[part~="card-link"]')!;
    expect(await navigationFrom(el, cardLink("licenses"))).to.deep.equal({ area: "licenses" });
    expect(await navigationFrom(el, cardLink("seats"))).to.deep.equal({ area: "activations" });
    expect(await navigationFrom(el, cardLink("expiring"))).to.deep.equal({
      area: "licenses",
      status: "expiring",
    });
    expect(await navigationFrom(el, cardLink("activity"))).to.deep.equal({ area: "activity" });
    expect(await navigationFrom(el, parts(el, "legend-item")[2]!)).to.deep.equal({
      area: "licenses",
      status: "suspended",
    });
    expect(await navigationFrom(el, part(el, "expiring-link")!)).to.deep.equal({
      area: "licenses",
      licenseId: ids.max,
    });
  });

  it("dates the timeline in the user's zone", async () => {
    // 23:30 UTC is already the next day in Berlin.
    const soon = new Date(Date.now() + 20 * 86_400_000);
    soon.setUTCHours(23, 30, 0, 0);
    const api = ownerDashboard();
    dashboard = answer({
      ...api,
      expiringSoon: [{ ...api.expiringSoon[0]!, expiresAt: soon.toISOString(), daysLeft: 21 }],
    });
    const el = await dashboardFixture();
    const berlin = formatDate(soon, { locale: "en", timezone: "Europe/Berlin" });
    expect(berlin).not.to.equal(formatDate(soon, { locale: "en", timezone: "UTC" }));
    expect(text(part(el, "expiring-list")!.querySelector("li"))).to.contain(berlin);
    const dates = [...part(el, "timeline")!.querySelectorAll(".timeline-date")].map((t) => text(t));
    expect(dates[0]).to.equal("Today");
    expect(dates).to.have.length(4);
  });

  it("reads well for a member with one license", async () => {
    const mine = license({ id: ids.designTeam, name: "Design team" });
    dashboard = answer(memberDashboard());
    licenses = page([mine]);
    const el = await dashboardFixture();

    expect(text(part(el, "health")?.querySelector("h2"))).to.match(/Everything looks good$/);
    expect(text(part(el, "card-licenses")?.querySelector(".figure"))).to.equal("1 license");
    expect(parts(el, "legend-item").map((item) => text(item))).to.deep.equal(["Active 1"]);
    expect(text(part(el, "meter"))).to.equal("1 of 3 machines");
    expect(parts(el, "meter")).to.have.length(1);
    expect(text(part(el, "card-expiring"))).to.contain("Nothing expires in the next 90 days.");
    const link = part(el, "card-licenses")!.querySelector<HTMLElement>('[part~="card-link"]')!;
    expect(text(link)).to.equal("View your license →");
    expect(await navigationFrom(el, link)).to.deep.equal({
      area: "licenses",
      licenseId: ids.designTeam,
    });
    await expect(el).to.be.accessible();
  });

  it("teaches what appears here on a new account", async () => {
    dashboard = answer(emptyDashboard());
    licenses = page([]);
    const el = await dashboardFixture();
    expect(el.status).to.equal("empty");
    const block = part(el, "state-empty")!;
    expect(text(block)).to.contain("No licenses yet").and.contain("what needs your attention");
    expect(await navigationFrom(el, part(el, "empty-link")!)).to.deep.equal({ area: "licenses" });
    await expect(el).to.be.accessible();
  });

  it("shows an error with Try again, and loads on retry", async () => {
    dashboard = () => problem(500, "INTERNAL");
    const errorEvent = oneEvent(document, "keyport-error");
    const el = await dashboardFixture();
    await errorEvent;
    expect(el.status).to.equal("error");
    expect(part(el, "state-error")?.getAttribute("role")).to.equal("alert");
    await expect(el).to.be.accessible();

    dashboard = answer(ownerDashboard());
    part(el, "retry-button")!.click();
    await el.loadComplete;
    expect(el.status).to.equal("complete");
    expect(part(el, "health")).to.exist;
  });

  it("still shows the figures when the license names cannot be loaded", async () => {
    licenses = () => problem(503, "UNAVAILABLE");
    const el = await dashboardFixture();
    expect(el.status).to.equal("complete");
    expect(text(part(el, "card-licenses")?.querySelector(".figure"))).to.equal("5 licenses");
    expect(text(parts(el, "activity-entry")[0])).to.match(/^Olivia Owner revealed a license key/);
    expect(text(part(el, "health-reason-AT_LIMIT")?.querySelector("button"))).to.equal(
      "Open the license",
    );
  });

  it("shows the signed-out state on a 401", async () => {
    dashboard = () => problem(401, "UNAUTHORIZED");
    licenses = () => problem(401, "UNAUTHORIZED");
    const signedOut = oneEvent(document, "keyport-signed-out");
    const el = await dashboardFixture();
    await signedOut;
    expect(el.status).to.equal("signed-out");
    expect(part(el, "state-signed-out")).to.exist;
    await expect(el).to.be.accessible();
  });

  it("speaks German, with no English string left", async () => {
    // The API words its reasons in the language the element asks for.
    const api = ownerDashboard();
    const german = [
      "1 Lizenz läuft innerhalb von 30 Tagen ab; verlängern Sie sie, damit sie weiter funktioniert.",
      "1 Lizenz nutzt alle Geräte- oder Domainplätze; deaktivieren Sie eine Aktivierung, bevor Sie eine weitere aktivieren.",
      "Bei 7 Lizenzen sind in den letzten 7 Tagen Prüfungen fehlgeschlagen; starten Sie eine Diagnose, um den Grund zu sehen.",
    ];
    const reasons = api.health.reasons.map((reason, index) => ({
      ...reason,
      message: german[index]!,
    }));
    dashboard = answer({ ...api, health: { ...api.health, reasons } });
    const el = await dashboardFixture(html``, "de");
    const shown = text(root(el) as unknown as Element);
    expect(shown).to.contain("3 Punkte brauchen Ihre Aufmerksamkeit");
    expect(shown).to.contain("Olivia Owner hat den Schlüssel von Design team angezeigt");
    expect(shown).to.contain("Läuft in 12 Tagen ab");
    expect(requests.every((r) => r.headers.get("accept-language") === "de")).to.equal(true);
    const catalogues = [dashboardMessages, activityMessages];
    // Words both languages share ("Diagnose") are no leftover: look for them in German first.
    const germanCatalogues = await Promise.all(catalogues.map((c) => c.load("de")));
    const germanText = JSON.stringify([...germanCatalogues, german]);
    for (const catalogue of catalogues) {
      const { en } = catalogue.catalogues as unknown as Record<"en", Record<string, unknown>>;
      for (const [key, template] of Object.entries(en)) {
        const forms = typeof template === "string" ? [template] : Object.values(template as object);
        for (const form of forms as string[]) {
          for (const fragment of form.split(/\{\w+\}/)) {
            const words = fragment.trim();
            if (words.length > 4 && !germanText.includes(words)) {
              expect(shown, `${key}: "${words}"`).not.to.contain(words);
            }
          }
        }
      }
    }
    await expect(el).to.be.accessible();
  });

  it("stacks its cards in one column when 360 px wide", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div class="narrow">
      <account-dashboard api-base="https://api.example" token="t"></account-dashboard>
    </div>`);
    wrapper.style.width = "360px";
    const el = wrapper.querySelector("account-dashboard")!;
    await el.loadComplete;
    const columns = getComputedStyle(part(el, "cards")!).gridTemplateColumns.split(" ");
    expect(columns).to.have.length(1);
    expect(el.getBoundingClientRect().width).to.equal(360);
    const overflow = [...root(el).querySelectorAll<HTMLElement>(".card")].filter(
      (card) => card.scrollWidth > card.clientWidth + 1,
    );
    expect(overflow, "no card scrolls sideways").to.have.length(0);
    await expect(el).to.be.accessible();

    wrapper.style.width = "1000px";
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(getComputedStyle(part(el, "cards")!).gridTemplateColumns.split(" ")).to.have.length(2);
  });
});
