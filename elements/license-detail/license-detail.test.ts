/// <reference types="mocha" />
import type {
  Activation,
  LicenseDiagnosis,
  MyLicenseDetail,
  MyLicenseValidation,
} from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import { deactivationMessages } from "../internal/deactivation-messages.ts";
import { formatDateTime } from "../internal/format.ts";
import type { MessageTemplate } from "../internal/i18n.ts";
import { msg } from "../internal/i18n.ts";
import { licenseMessages } from "../internal/license-messages.ts";
import { statusMessages } from "../internal/status-messages.ts";
import { deferred } from "../internal/test-helpers.ts";
import "./define.ts";
import type { LicenseDetail } from "./license-detail.ts";
import { detailMessages } from "./license-detail-messages.ts";

/*
 * A real SDK client (the element's own) over a fake `fetch` that answers like
 * the API does for the demo "Design team" license: 3 of 3 machines, OLD-PC
 * last seen 140 days ago, two failed validations from a new laptop. Bodies are
 * shaped as sdk/generated/public-api.ts says, sentences as the API writes them.
 */

const DAY = 86_400_000;
const API = "https://api.example";
const LICENSE_ID = "lic_01M8R7C92M5HWE9CBPYD6VB6TD";

type Lang = "en" | "de";

interface Machine {
  readonly id: string;
  readonly name: string;
  readonly fingerprint: string;
  readonly daysUnseen: number;
  readonly createdDaysAgo: number;
  readonly platform: string;
}

const machines: readonly Machine[] = [
  {
    id: "act_01KGKR4MVTFAFYGW2CGMH1CPGK",
    name: "OLD-PC",
    fingerprint: "d380f31b5e0c41a7a91d2e6f7c3b8aac04a",
    daysUnseen: 140,
    createdDaysAgo: 300,
    platform: "windows",
  },
  {
    id: "act_01M1GFKJVTQWMX3J8C7WT6TY51",
    name: "DESIGN-WS-01",
    fingerprint: "8b0d6e2f9a1c4b7e93d5f0a2c6e8b1d3f7a9",
    daysUnseen: 1,
    createdDaysAgo: 90,
    platform: "windows",
  },
  {
    id: "act_01M3XQH4VTFFT7M0MV6NCRH1MC",
    name: "MIA-MBP",
    fingerprint: "1574fa61c52496b44abee056843f6eaf14c03da95e3ba9f2c6164ab0a1ffa462",
    daysUnseen: 0.1,
    createdDaysAgo: 60,
    platform: "macos",
  },
];

const NEW_LAPTOP = "b14f1b51ecd3e58188008f031fafdd2987a172b018dcae0bfdaf7baf21d341c2";

const problemJson = (status: number, body: object) =>
  Response.json(
    { type: "about:blank", status, requestId: "req-test", ...body },
    { status, headers: { "content-type": "application/problem+json" } },
  );

/** The demo account's API for one license, with state: deactivating frees a slot. */
class FakeApi {
  readonly now = Date.now();
  readonly requests: Request[] = [];
  readonly deactivated = new Set<string>();
  /** Answers for one path instead of the API, for error states. */
  readonly overrides = new Map<string, () => Response | Promise<Response>>();
  /** Set to a time zone's midnight-crossing expiry to test zones. */
  expiresAt = "2027-06-19T02:00:00.000Z";

  ago(days: number): string {
    return new Date(this.now - days * DAY).toISOString();
  }

  get active(): Machine[] {
    return machines.filter((machine) => !this.deactivated.has(machine.id));
  }

  license(lang: Lang): MyLicenseDetail {
    return {
      id: LICENSE_ID,
      name: "Acme Studio Pro — Design team",
      product: { id: "prd_01M8R7C8W1JCVGM99GM3175B0S", name: "Acme Studio" },
      status: "active",
      keyMasked: "•••••-•••••-•••••-•••••-V9KK4",
      expiresAt: this.expiresAt,
      maintenanceExpiresAt: this.expiresAt,
      machines: { used: this.active.length, total: 3 },
      domains: { used: 0, total: 0 },
      createdAt: this.ago(300),
      policy: {
        name: "Studio Pro (annual)",
        expirationStrategy: "restrict",
        protected: false,
        rules:
          lang === "de"
            ? [
                "Bis zu 3 Geräte gleichzeitig.",
                "Nach dem Ablauf funktionieren Versionen weiter, die davor erschienen sind; neuere Versionen erfordern eine Verlängerung.",
                "Sie können bis zu 3 Geräte alle 30 Tage deaktivieren.",
              ]
            : [
                "Up to 3 machines at a time.",
                "After it expires, versions released before then keep working; newer versions need a renewal.",
                "You can deactivate up to 3 machines every 30 days.",
              ],
      },
      entitlements: [
        { code: "cloud-sync", name: "Cloud sync" },
        { code: "pro", name: "Pro features" },
      ],
      assignedUsers: [
        {
          id: "usr_01M8R7C91RJDHNDJR1CCBBYJ3S",
          name: "Mia Member",
          email: "mia.member@example.com",
        },
      ],
      heartbeatSeconds: null,
      deactivations: {
        limit: 3,
        windowDays: 30,
        usedInWindow: this.deactivated.size,
        left: Math.max(0, 3 - this.deactivated.size),
        // As the API: only once the window is used up, when its oldest deactivation leaves it.
        nextAllowedAt:
          this.deactivated.size >= 3 ? new Date(this.now + 30 * DAY).toISOString() : null,
      },
    };
  }

  validations(): MyLicenseValidation[] {
    const valid = (daysAgo: number): MyLicenseValidation => ({
      id: `val_valid_${daysAgo}`,
      code: "VALID",
      valid: true,
      fingerprint: machines[2]!.fingerprint,
      domain: null,
      version: "3.0.0",
      ip: "203.0.113.24",
      createdAt: this.ago(daysAgo),
      activationId: machines[2]!.id,
    });
    const refused = (daysAgo: number): MyLicenseValidation => ({
      id: `val_limit_${daysAgo}`,
      code: "MACHINE_LIMIT_REACHED",
      valid: false,
      fingerprint: NEW_LAPTOP,
      domain: null,
      version: "3.0.0",
      ip: "203.0.113.24",
      createdAt: this.ago(daysAgo),
      activationId: null,
    });
    // Newest first, as the API lists them.
    return [valid(0.3), valid(1.3), refused(1.4), refused(2.1), valid(2.3)];
  }

  activation(machine: Machine): Activation {
    const off = this.deactivated.has(machine.id);
    return {
      id: machine.id,
      licenseId: LICENSE_ID,
      licenseName: "Acme Studio Pro — Design team",
      kind: "machine",
      name: machine.name,
      identifier: `${machine.fingerprint.slice(0, 8)}…${machine.fingerprint.slice(-6)}`,
      hostname: machine.name.toLowerCase(),
      platform: machine.platform,
      ip: "203.0.113.24",
      version: "3.0.0",
      createdAt: this.ago(machine.createdDaysAgo),
      lastSeenAt: this.ago(machine.daysUnseen),
      status: off ? "deactivated" : machine.daysUnseen > 30 ? "inactive" : "active",
      deactivatedAt: off ? new Date().toISOString() : null,
      deactivatedBy: off ? "customer" : null,
      reason: null,
      canDeactivate: !off,
      ...(off ? { cannotDeactivateReason: "deactivated" as const } : {}),
    };
  }

  diagnose(lang: Lang, body: { fingerprint?: string; version?: string }): LicenseDiagnosis {
    const de = lang === "de";
    const used = this.active.length;
    const full = used >= 3;
    const seen = (m: Machine) =>
      de
        ? `„${m.name}“ (zuletzt gesehen ${m.daysUnseen >= 2 ? `vor ${m.daysUnseen} Tagen` : m.daysUnseen >= 1 ? "gestern" : "heute"})`
        : `“${m.name}” (last seen ${m.daysUnseen >= 2 ? `${m.daysUnseen} days ago` : m.daysUnseen >= 1 ? "yesterday" : "today"})`;
    const first = this.active[0]!;
    const limitFinding = (asked: boolean): LicenseDiagnosis["findings"][number] => ({
      code: "MACHINE_LIMIT_REACHED",
      valid: !asked,
      severity: asked ? "error" : "warning",
      title: de ? "Alle Geräteplätze belegt" : "All machine slots in use",
      explanation: de
        ? `${used} von 3 Geräten sind belegt, daher kann kein weiteres Gerät aktiviert werden. Am längsten nicht gesehen: ${this.active.map(seen).join(", ")}.`
        : `${used} of 3 machines are in use, so no further machine can be activated. Least recently seen: ${this.active.map(seen).join(", ")}.`,
      fix: de
        ? `Deaktivieren Sie ${seen(first)} oder ein anderes Gerät, das Sie nicht mehr verwenden. Aktivieren Sie dann das neue Gerät.`
        : `Deactivate ${seen(first)} or another machine you no longer use. Then activate the new machine.`,
      refs: {
        activations: this.active.map((m) => ({
          id: m.id,
          kind: "machine" as const,
          name: m.name,
          lastSeenAt: this.ago(m.daysUnseen),
        })),
        used,
        limit: 3,
      },
    });
    const findings: LicenseDiagnosis["findings"][number][] = [];
    if (body.fingerprint !== undefined) {
      findings.push({
        code: "NOT_ACTIVATED",
        valid: false,
        severity: "error",
        title: de ? "Hier nicht aktiviert" : "Not activated here",
        explanation: de
          ? `Das Gerät „${body.fingerprint}“ ist für diese Lizenz nicht aktiviert.`
          : `The machine “${body.fingerprint}” is not activated for this license.`,
        fix: full
          ? de
            ? `Deaktivieren Sie ${seen(first)} oder ein anderes Gerät. Aktivieren Sie es dann in der Software.`
            : `Deactivate ${seen(first)} or another machine you no longer use. Then activate it from the software.`
          : de
            ? "Aktivieren Sie es in der Software auf diesem Gerät mit diesem Lizenzschlüssel."
            : "Activate it from the software on that machine with this license key.",
        refs: { used, limit: 3 },
      });
      if (full) findings.push(limitFinding(true));
    } else {
      findings.push({
        code: "VALID",
        valid: true,
        severity: "ok",
        title: de ? "Alles in Ordnung" : "Everything is in order",
        explanation: de ? "Alle Prüfungen bestanden." : "Every check passed.",
        fix: null,
        refs: {},
      });
      if (full) findings.push(limitFinding(false));
    }
    if (body.version === "3.1.0") {
      findings.push({
        code: "VERSION_UNKNOWN",
        valid: true,
        severity: "warning",
        title: de ? "Unbekannte Version" : "Unknown version",
        explanation: de
          ? "3.1.0 ist keine veröffentlichte Version von Acme Studio."
          : "3.1.0 is not a published release of Acme Studio.",
        fix: de
          ? "Prüfen Sie die Versionsnummer im Info-Fenster der Software."
          : "Check the version number in the software's About window.",
        refs: {},
      });
    }
    const failure = (daysAgo: number) => ({
      code: "MACHINE_LIMIT_REACHED",
      at: this.ago(daysAgo),
      fingerprint: NEW_LAPTOP,
      domain: null,
      version: "3.0.0",
      title: de ? "Alle Geräteplätze belegt" : "All machine slots in use",
      explanation: de
        ? "Ein neues Gerät konnte nicht aktiviert werden, weil alle Geräteplätze belegt waren."
        : "A new machine could not be activated because every machine slot was taken.",
    });
    const error = findings.find((finding) => !finding.valid);
    return {
      licenseId: LICENSE_ID,
      checkedAt: new Date().toISOString(),
      valid: error === undefined,
      code: error === undefined ? "VALID" : (error.code as LicenseDiagnosis["code"]),
      summary: de
        ? [
            "Die Lizenz „Acme Studio Pro — Design team“ (Acme Studio) ist aktiv und gilt bis zum 19. Juni 2027 (in 200 Tagen).",
            `Belegt: ${used} von 3 Geräten.`,
          ]
        : [
            "“Acme Studio Pro — Design team” (Acme Studio) is active: it runs until 2027-06-19 (in 200 days).",
            `In use: ${used} of 3 machines.`,
          ],
      findings,
      recentFailures: [failure(1.4), failure(2.1)],
    };
  }

  /** Answers one request as the API would. */
  async fetch(request: Request): Promise<Response> {
    this.requests.push(request);
    const url = new URL(request.url);
    const path = url.pathname;
    const override = this.overrides.get(`${request.method} ${path}`);
    if (override !== undefined) return override();
    const lang: Lang = request.headers.get("accept-language") === "de" ? "de" : "en";
    const notFound = () =>
      problemJson(404, { title: "Not found", code: "NOT_FOUND", detail: "No such license." });
    if (path.startsWith("/v1/licenses/") && !path.startsWith(`/v1/licenses/${LICENSE_ID}`)) {
      return notFound();
    }
    if (request.method === "GET" && path === `/v1/licenses/${LICENSE_ID}`) {
      return Response.json(this.license(lang));
    }
    if (request.method === "GET" && path === `/v1/licenses/${LICENSE_ID}/validations`) {
      return Response.json({ data: this.validations(), nextCursor: null });
    }
    if (request.method === "POST" && path === `/v1/licenses/${LICENSE_ID}/key`) {
      return Response.json({ key: "7XK2M-9QHTA-0B4WZ-DE5RN-V9KK4" });
    }
    if (request.method === "POST" && path === `/v1/licenses/${LICENSE_ID}/diagnose`) {
      const body = (await request.clone().json()) as { fingerprint?: string; version?: string };
      // The API's own checks: printable ASCII fingerprints and strict SemVer.
      if (
        body.fingerprint !== undefined &&
        !/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(body.fingerprint)
      ) {
        return fieldProblem(
          "body.fingerprint",
          "1–256 printable ASCII characters, not starting or ending with a space",
        );
      }
      if (body.version !== undefined && !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(body.version)) {
        return fieldProblem("body.version", "not a SemVer version (e.g. 1.4.0)");
      }
      return Response.json(this.diagnose(lang, body));
    }
    const machine = machines.find((m) => path.startsWith(`/v1/activations/${m.id}`));
    if (machine !== undefined && request.method === "GET") {
      return Response.json(this.activation(machine));
    }
    if (machine !== undefined && request.method === "POST" && path.endsWith("/deactivate")) {
      this.deactivated.add(machine.id);
      return Response.json({
        ...this.activation(machine),
        deactivationsLeft: 3 - this.deactivated.size,
      });
    }
    return problemJson(404, { title: "Not found", code: "NOT_FOUND" });
  }

  calls(method: string, path: string): Request[] {
    return this.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);
  }
}

function fieldProblem(field: string, message: string) {
  return problemJson(422, {
    title: "Unprocessable content",
    code: "VALIDATION_FAILED",
    detail: `${field}: ${message}`,
    errors: [{ field, message }],
  });
}

function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

function $(el: LicenseDetail, selector: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(selector);
  expect(found, selector).to.exist;
  return found!;
}

function $$(el: LicenseDetail, selector: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
}

async function typeInto(el: LicenseDetail, selector: string, value: string) {
  const input = $(el, selector) as HTMLInputElement;
  input.focus();
  await sendKeys({ type: value });
  expect(input.value).to.equal(value);
}

/** Submits the diagnosis form and waits for its answer to be shown. */
async function check(el: LicenseDetail) {
  // Heard on the document: the event bubbles and leaves the shadow root.
  const complete = oneEvent(document, "diagnosis-complete");
  $(el, '[part~="diagnose-button"]').click();
  const event = await complete;
  await el.updateComplete;
  return (event as HTMLElementEventMap["diagnosis-complete"]).detail.diagnosis;
}

/** Every string of a catalogue, plural forms included. */
function templates(catalogue: Readonly<Record<string, MessageTemplate>>): string[] {
  return Object.values(catalogue).flatMap((template) =>
    typeof template === "string"
      ? [template]
      : Object.values(template).filter((form) => form !== undefined),
  );
}

describe("<license-detail>", () => {
  const realFetch = globalThis.fetch;
  let api: FakeApi;

  beforeEach(() => {
    api = new FakeApi();
    globalThis.fetch = (input, init) => api.fetch(new Request(input, init));
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  async function detail({
    locale = "en",
    timezone = "America/New_York",
    id = LICENSE_ID,
  } = {}): Promise<LicenseDetail> {
    const el = await fixture<LicenseDetail>(
      html`<license-detail api-base=${API} token="tok" license-id=${id} locale=${locale} timezone=${timezone}></license-detail>`,
    );
    await el.loadComplete;
    return el;
  }

  it("shows a loading status until the license arrives", async () => {
    const held = deferred<Response>();
    api.overrides.set(`GET /v1/licenses/${LICENSE_ID}`, () => held.promise);
    const el = await fixture<LicenseDetail>(
      html`<license-detail api-base=${API} token="tok" license-id=${LICENSE_ID}></license-detail>`,
    );

    const block = $(el, '[part~="state-loading"]');
    expect(block.getAttribute("role")).to.equal("status");
    expect(text(block)).to.equal("Loading…");
    expect(el.status).to.equal("loading");
    await expect(el).to.be.accessible();

    held.resolve(Response.json(api.license("en")));
    await el.loadComplete;
    expect(el.status).to.equal("complete");
  });

  it("renders what the API says about the license", async () => {
    const el = await detail();

    expect(text($(el, "h2"))).to.equal("Acme Studio Pro — Design team");
    expect(text($(el, '[part~="header"]'))).to.contain("Acme Studio · Studio Pro (annual)");
    const badge = $(el, '[part~="badge"]');
    expect(badge.getAttribute("part")).to.contain("badge-active");
    expect(text(badge)).to.equal("Active");
    expect(text($(el, '[part~="key"]'))).to.contain("V9KK4");

    const rules = $$(el, ".rules li").map(text);
    expect(rules).to.deep.equal(api.license("en").policy.rules);
    expect($$(el, ".tags li").map(text)).to.deep.equal(["Cloud sync", "Pro features"]);
    expect(text($(el, ".people")))
      .to.contain("Mia Member")
      .and.contain("mia.member@example.com");

    const meter = $(el, '[part~="meter-machines"]');
    expect(meter.getAttribute("part")).to.contain("meter-full");
    expect(text(meter)).to.equal("3 of 3 machines");
    expect(text($(el, '[part~="section-usage"]'))).to.contain(
      "Deactivations 3 of 3 left in the next 30 days",
    );
    expect(el.shadowRoot!.querySelector(".usage-note"), "not protected").to.equal(null);

    // 02:00 UTC on 19 June is still the 18th in New York: dates follow the user's zone.
    const facts = text($(el, '[part~="section-facts"]'));
    expect(facts).to.contain("Valid until 18 June 2027").and.contain("Updates until 18 June 2027");
    expect($(el, '[part~="section-facts"] time').getAttribute("datetime")).to.equal(api.expiresAt);
    await expect(el).to.be.accessible();
  });

  it("lists the software's recent checks, failures first, in words with exact times", async () => {
    const el = await detail();

    const rows = $$(el, '[part~="check"]');
    expect(rows.map((row) => row.getAttribute("part"))).to.deep.equal([
      "check check-failed",
      "check check-failed",
      "check check-passed",
      "check check-passed",
      "check check-passed",
    ]);
    expect(text(rows[0]!.querySelector(".check-title"))).to.equal(
      "Failed: All machine slots in use",
    );
    expect(text(rows[0])).to.contain("Machine b14f1b51…d341c2 · Version 3.0.0");
    expect(text(rows[2]!.querySelector(".check-title"))).to.equal("Passed: Everything is in order");
    const newestFailure = api.validations().find((v) => !v.valid)!;
    const time = rows[0]!.querySelector("time")!;
    expect(time.getAttribute("datetime")).to.equal(newestFailure.createdAt);
    expect(text(time)).to.equal("1 day ago");
    expect(time.title).to.equal(
      formatDateTime(newestFailure.createdAt, { locale: "en", timezone: "America/New_York" }),
    );
    await expect(el).to.be.accessible();
  });

  it("says a license does not exist or is not the customer's for a 404", async () => {
    const el = await detail({ id: "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" });

    const block = $(el, '[part~="state"]');
    expect(block.getAttribute("part")).to.equal("state state-not-found");
    expect(text(block)).to.contain("This license does not exist or is not yours to see.");
    expect(el.shadowRoot!.querySelector('[part~="retry-button"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("shows an error with Retry, and Retry loads the license", async () => {
    api.overrides.set(`GET /v1/licenses/${LICENSE_ID}`, () =>
      problemJson(500, { title: "Internal Server Error", code: "INTERNAL" }),
    );
    const failed = oneEvent(document, "keyport-error");
    const el = await detail();
    await failed;

    const block = $(el, '[part~="state-error"]');
    expect(block.getAttribute("role")).to.equal("alert");
    expect(text(block)).to.contain("Something went wrong.");
    await expect(el).to.be.accessible();

    api.overrides.clear();
    $(el, '[part~="retry-button"]').click();
    await el.updateComplete;
    await el.loadComplete;
    expect(text($(el, "h2"))).to.equal("Acme Studio Pro — Design team");
  });

  it("shows the signed-out state for a 401", async () => {
    api.overrides.set(`GET /v1/licenses/${LICENSE_ID}`, () =>
      problemJson(401, { title: "Unauthorized", code: "UNAUTHORIZED" }),
    );
    const el = await detail();

    expect($(el, '[part~="state"]').getAttribute("part")).to.equal("state state-signed-out");
    expect(el.status).to.equal("signed-out");
    await expect(el).to.be.accessible();
  });

  it("reveals the key through the API on Reveal", async () => {
    const el = await detail();
    $(el, '[part~="reveal-button"]').click();
    await waitFor(() => !text($(el, '[part~="key"]')).includes("•"));

    expect(api.calls("POST", `/v1/licenses/${LICENSE_ID}/key`)).to.have.length(1);
    expect(text($(el, '[part~="key"]'))).to.equal("7XK2M-9QHTA-0B4WZ-DE5RN-V9KK4");
  });

  it("offers a fingerprint and a version, labelled, for a license of machines", async () => {
    const el = await detail();

    expect(text($(el, "#diagnose-heading"))).to.equal(
      "Why does my software say “Invalid License”?",
    );
    const labels = $$(el, ".diagnose-form label").map(text);
    expect(labels).to.deep.equal(["Machine fingerprint (optional)", "Version (optional)"]);
    expect(el.shadowRoot!.querySelector("#diagnose-domain"), "no domain slots").to.equal(null);
    expect(text($(el, '[part~="diagnose-button"]'))).to.equal("Check this license");
    expect(el.shadowRoot!.querySelector('[part~="diagnosis-result"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("checks the license as a whole, ✓ and ⚠, and announces the count", async () => {
    const el = await detail();
    const diagnosis = await check(el);

    const request = api.calls("POST", `/v1/licenses/${LICENSE_ID}/diagnose`)[0]!;
    expect(await request.json()).to.deep.equal({});
    expect(diagnosis.findings.map((finding) => finding.code)).to.deep.equal([
      "VALID",
      "MACHINE_LIMIT_REACHED",
    ]);
    const rows = $$(el, '[part~="finding"]');
    expect(rows.map((row) => row.getAttribute("part"))).to.deep.equal([
      "finding finding-ok",
      "finding finding-warning",
    ]);
    expect(text(rows[0]!.querySelector(".finding-icon"))).to.equal("✓");
    expect(text(rows[1]!.querySelector(".finding-icon"))).to.equal("⚠");
    expect(text(rows[1]!.querySelector(".finding-title"))).to.equal(
      "Warning: All machine slots in use",
    );
    expect(text(rows[1]!.querySelector(".finding-fix"))).to.equal(
      `What to do: ${diagnosis.findings[1]!.fix}`,
    );
    expect(text($(el, ".summary"))).to.contain("In use: 3 of 3 machines.");
    expect(text($(el, '[role="status"][aria-live="polite"]'))).to.equal(
      "1 check passed, 1 needs attention",
    );
    const failures = text($(el, '[part~="recent-failures"]'));
    expect(failures).to.contain("Recent failed checks").and.contain("2 × All machine slots in use");
    expect($$(el, '[part~="recent-failures"] time')).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it("sends the fingerprint and version given and shows ✕ rows with the fix", async () => {
    const el = await detail();
    await typeInto(el, "#diagnose-fingerprint", "new-laptop-fp");
    await typeInto(el, "#diagnose-version", "3.1.0");
    const diagnosis = await check(el);

    const request = api.calls("POST", `/v1/licenses/${LICENSE_ID}/diagnose`)[0]!;
    expect(await request.json()).to.deep.equal({ fingerprint: "new-laptop-fp", version: "3.1.0" });
    expect(request.headers.get("accept-language")).to.equal("en");
    const rows = $$(el, '[part~="finding"]');
    expect(rows.map((row) => row.getAttribute("part"))).to.deep.equal([
      "finding finding-error",
      "finding finding-error",
      "finding finding-warning",
    ]);
    expect(text(rows[0]!.querySelector(".finding-icon"))).to.equal("✕");
    expect(text(rows[0]!.querySelector(".finding-explanation"))).to.equal(
      diagnosis.findings[0]!.explanation,
    );
    expect(text(rows[2]!.querySelector(".finding-title"))).to.equal("Warning: Unknown version");
    expect(text($(el, '[role="status"][aria-live="polite"]'))).to.equal(
      "No check passed, 3 need attention",
    );
    // The fix that is an action: the limit finding names OLD-PC first.
    const buttons = $$(el, '[part~="fix-button"]');
    expect(buttons.map(text)).to.deep.equal(["Deactivate OLD-PC"]);
    expect(text(rows[1])).to.contain("You can deactivate 3 more for now.");
    await expect(el).to.be.accessible();
  });

  it("shows the API's 422 next to the field it names", async () => {
    const el = await detail();
    await typeInto(el, "#diagnose-fingerprint", "Gerät-Müller");
    $(el, '[part~="diagnose-button"]').click();
    await oneEvent(el, "keyport-error");
    await el.updateComplete;
    await el.updateComplete;

    const input = $(el, "#diagnose-fingerprint");
    expect(input.getAttribute("aria-invalid")).to.equal("true");
    const error = $(el, "#diagnose-fingerprint-error");
    expect(text(error)).to.equal(
      "1–256 printable ASCII characters, not starting or ending with a space",
    );
    expect(input.getAttribute("aria-describedby")).to.contain("diagnose-fingerprint-error");
    expect(error.closest(".field")).to.equal(input.closest(".field"));
    expect($(el, "#diagnose-version").getAttribute("aria-invalid")).to.equal("false");
    expect(el.shadowRoot!.querySelector('[part~="diagnosis-error"]'), "no general error").to.equal(
      null,
    );
    expect(el.shadowRoot!.activeElement).to.equal(input);
    await expect(el).to.be.accessible();
  });

  it("checks the version lightly before asking the API", async () => {
    const el = await detail();
    await typeInto(el, "#diagnose-version", "3.0");
    $(el, '[part~="diagnose-button"]').click();
    await el.updateComplete;

    expect(api.calls("POST", `/v1/licenses/${LICENSE_ID}/diagnose`)).to.have.length(0);
    expect(text($(el, "#diagnose-version-error"))).to.equal(
      "Enter the whole version, such as 3.0.0.",
    );
    expect($(el, "#diagnose-version").getAttribute("aria-invalid")).to.equal("true");
    await expect(el).to.be.accessible();
  });

  it("shows a check that failed with a way to try again", async () => {
    api.overrides.set(`POST /v1/licenses/${LICENSE_ID}/diagnose`, () =>
      problemJson(503, { title: "Service Unavailable", code: "UNAVAILABLE" }),
    );
    const el = await detail();
    $(el, '[part~="diagnose-button"]').click();
    await oneEvent(el, "keyport-error");
    await el.updateComplete;

    const block = $(el, '[part~="diagnosis-error"]');
    expect(block.getAttribute("role")).to.equal("alert");
    expect(text(block)).to.contain("The check did not finish.");
    expect(text($(el, "h2")), "the license stays").to.equal("Acme Studio Pro — Design team");
    await expect(el).to.be.accessible();

    api.overrides.clear();
    const complete = oneEvent(el, "diagnosis-complete");
    (block.querySelector("button") as HTMLButtonElement).click();
    await complete;
    await el.updateComplete;
    expect($$(el, '[part~="finding"]')).to.have.length(2);
  });

  it("shows the check as pending while it runs", async () => {
    const held = deferred<Response>();
    api.overrides.set(`POST /v1/licenses/${LICENSE_ID}/diagnose`, () => held.promise);
    const el = await detail();
    $(el, '[part~="diagnose-button"]').click();
    await el.updateComplete;

    expect(text($(el, '[part~="diagnose-button"]'))).to.equal("Checking…");
    expect($(el, ".diagnosis-pending").getAttribute("role")).to.equal("status");
    await expect(el).to.be.accessible();
    held.resolve(Response.json(api.diagnose("en", {})));
  });

  it("deactivates OLD-PC from the fix, then checks again and shows the clean result", async () => {
    const el = await detail();
    await check(el);
    const deactivated = oneEvent(document, "activation-deactivated");

    $(el, '[part~="fix-button"]').click();
    await waitFor(() => el.shadowRoot!.querySelector("dialog")!.open);
    const dialog = el.shadowRoot!.querySelector("dialog")!;
    expect(text(dialog.querySelector('[part~="dialog-title"]'))).to.equal("Deactivate OLD-PC?");
    expect(text(dialog)).to.contain("You have 3 of 3 deactivations left in the next 30 days.");
    await expect(el).to.be.accessible();

    const rechecked = oneEvent(el, "diagnosis-complete");
    (dialog.querySelector('[part~="confirm-button"]') as HTMLButtonElement).click();
    const event = await deactivated;
    expect(event.detail.activation.name).to.equal("OLD-PC");
    expect(event.detail.deactivationsLeft).to.equal(2);
    expect(event.composed && event.bubbles).to.equal(true);
    expect(api.calls("POST", `/v1/activations/${machines[0]!.id}/deactivate`)).to.have.length(1);

    const after = ((await rechecked) as HTMLElementEventMap["diagnosis-complete"]).detail.diagnosis;
    await el.updateComplete;
    expect(after.findings.map((finding) => finding.severity)).to.deep.equal(["ok"]);
    expect($$(el, '[part~="finding"]').map((row) => row.getAttribute("part"))).to.deep.equal([
      "finding finding-ok",
    ]);
    expect(el.shadowRoot!.querySelector('[part~="fix-button"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.id).to.equal("result-heading");
    expect(text($(el, '[role="status"][aria-live="polite"]'))).to.equal(
      "OLD-PC is deactivated. 1 check passed",
    );
    await waitFor(
      () => text(el.shadowRoot!.querySelector('[part~="meter-machines"]')) === "2 of 3 machines",
    );
    expect(text($(el, '[part~="section-usage"]'))).to.contain("2 of 3 left in the next 30 days");
    await expect(el).to.be.accessible();
  });

  it("offers the other named machines on request", async () => {
    const el = await detail();
    await check(el);
    const toggle = $(el, ".link-button");
    expect(text(toggle)).to.equal("Deactivate another machine");
    expect(toggle.getAttribute("aria-expanded")).to.equal("false");

    toggle.click();
    await el.updateComplete;
    expect($(el, ".link-button").getAttribute("aria-expanded")).to.equal("true");
    expect($$(el, '[part~="fix-button"]').map(text)).to.deep.equal([
      "Deactivate OLD-PC",
      "Deactivate DESIGN-WS-01",
      "Deactivate MIA-MBP",
    ]);
    expect(text($(el, ".fix-others"))).to.contain("last seen 1 day ago");
    await expect(el).to.be.accessible();
  });

  it("leaves the machine alone when the dialog is cancelled", async () => {
    const el = await detail();
    await check(el);
    // As a click does: the button takes the focus, which the dialog gives back on closing.
    $(el, '[part~="fix-button"]').focus();
    $(el, '[part~="fix-button"]').click();
    await waitFor(() => el.shadowRoot!.querySelector("dialog")!.open);

    ($(el, '[part~="cancel-button"]') as HTMLButtonElement).click();
    await waitFor(() => !el.shadowRoot!.querySelector("dialog")!.open);
    expect(api.calls("POST", `/v1/activations/${machines[0]!.id}/deactivate`)).to.have.length(0);
    expect(api.calls("POST", `/v1/licenses/${LICENSE_ID}/diagnose`)).to.have.length(1);
    await waitFor(() => el.shadowRoot!.activeElement === $(el, '[part~="fix-button"]'));
  });

  it("offers no deactivation where the limit allows none", async () => {
    const noSelfService = {
      ...api.license("en"),
      policy: {
        ...api.license("en").policy,
        rules: [
          "Up to 3 machines at a time.",
          "You cannot deactivate machines yourself; contact support to move it.",
        ],
      },
      deactivations: { limit: 0, windowDays: 30, usedInWindow: 0, left: 0, nextAllowedAt: null },
    } satisfies MyLicenseDetail;
    api.overrides.set(`GET /v1/licenses/${LICENSE_ID}`, () => Response.json(noSelfService));
    const el = await detail();
    const diagnosis = api.diagnose("en", {});
    const limit = diagnosis.findings[1]!;
    api.overrides.set(`POST /v1/licenses/${LICENSE_ID}/diagnose`, () =>
      Response.json({
        ...diagnosis,
        findings: [
          diagnosis.findings[0],
          {
            ...limit,
            fix: "You cannot deactivate machines of this license yourself. Contact support to move it. Then activate the new machine.",
            refs: { ...limit.refs, nextAllowedAt: null },
          },
        ],
      }),
    );
    await check(el);

    expect(el.shadowRoot!.querySelector('[part~="fix-button"]')).to.equal(null);
    expect(text($(el, '[part~="finding-warning"]'))).to.contain("Contact support to move it.");
    expect(text($(el, '[part~="section-usage"]'))).to.contain(
      "Deactivations Only support can deactivate",
    );
  });

  it("offers no deactivation for a protected license, and says the vendor manages its machines", async () => {
    const locked = (lang: Lang): MyLicenseDetail => {
      const license = api.license(lang);
      return {
        ...license,
        policy: {
          ...license.policy,
          protected: true,
          rules:
            lang === "de"
              ? [
                  "Bis zu 3 Geräte gleichzeitig.",
                  "Diese Lizenz ist an ihre Geräte gebunden; wenden Sie sich an den Support, um eine Aktivierung zu verschieben.",
                ]
              : [
                  "Up to 3 machines at a time.",
                  "This license is locked to its machines; contact support to move it.",
                ],
        },
        // The policy sets no limit: only the protection keeps the customer from deactivating.
        deactivations: {
          limit: null,
          windowDays: 30,
          usedInWindow: 0,
          left: null,
          nextAllowedAt: null,
        },
      };
    };
    let lang: Lang = "en";
    api.overrides.set(`GET /v1/licenses/${LICENSE_ID}`, () => Response.json(locked(lang)));
    api.overrides.set(`POST /v1/licenses/${LICENSE_ID}/diagnose`, () => {
      const diagnosis = api.diagnose(lang, {});
      const limit = diagnosis.findings[1]!;
      return Response.json({
        ...diagnosis,
        findings: [
          diagnosis.findings[0],
          {
            ...limit,
            // As the API words it; the refs name the machines but no date, as nothing is used up.
            fix:
              lang === "de"
                ? "Diese Lizenz ist geschützt: Sie können ihre Geräte nicht selbst deaktivieren. Wenden Sie sich an den Support, um eine Aktivierung zu verschieben. Aktivieren Sie dann das neue Gerät."
                : "This license is protected: you cannot deactivate its machines yourself. Contact support to move it. Then activate the new machine.",
          },
        ],
      });
    });
    const el = await detail();
    await check(el);

    expect(el.shadowRoot!.querySelector('[part~="fix-button"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector(".link-button"), "no other machines offered").to.equal(
      null,
    );
    expect(text($(el, '[part~="finding-warning"]'))).to.contain("Contact support to move it.");
    const usage = text($(el, '[part~="section-usage"]'));
    expect(usage).to.contain(
      "Your vendor manages the machines of this license. To move it to another machine, contact support.",
    );
    expect(usage).to.contain("Deactivations Only support can deactivate");
    expect(usage).not.to.contain("No limit");
    await expect(el).to.be.accessible();

    lang = "de";
    el.locale = "de";
    await el.updateComplete;
    await el.loadComplete;
    await el.updateComplete;
    expect(text($(el, '[part~="section-usage"]'))).to.contain(
      "Die Geräte dieser Lizenz verwaltet Ihr Anbieter.",
    );
  });

  it("says when the next deactivation is allowed once none are left, in the user's zone", async () => {
    const usedUp = (lang: Lang): MyLicenseDetail => ({
      ...api.license(lang),
      // 02:00 UTC on the 15th is still the 14th in New York.
      deactivations: {
        limit: 3,
        windowDays: 30,
        usedInWindow: 3,
        left: 0,
        nextAllowedAt: "2027-03-15T02:00:00.000Z",
      },
    });
    let lang: Lang = "en";
    api.overrides.set(`GET /v1/licenses/${LICENSE_ID}`, () => Response.json(usedUp(lang)));
    const el = await detail();
    expect(text($(el, '[part~="section-usage"]'))).to.contain(
      "Deactivations None left; you can deactivate again on 14 March 2027",
    );

    lang = "de";
    el.locale = "de";
    await el.updateComplete;
    await el.loadComplete;
    await el.updateComplete;
    expect(text($(el, '[part~="section-usage"]'))).to.contain(
      "Deaktivierungen Keine mehr frei; ab dem 14. März 2027 können Sie wieder deaktivieren",
    );
  });

  it("asks the API again in the new language when the language changes", async () => {
    const el = await detail();
    await typeInto(el, "#diagnose-fingerprint", "new-laptop-fp");
    await check(el);

    const rechecked = oneEvent(document, "diagnosis-complete");
    el.locale = "de";
    await rechecked;
    await el.loadComplete;
    await el.updateComplete;

    const diagnoses = api.calls("POST", `/v1/licenses/${LICENSE_ID}/diagnose`);
    expect(diagnoses.map((r) => r.headers.get("accept-language"))).to.deep.equal(["en", "de"]);
    expect(await diagnoses[1]!.json()).to.deep.equal({ fingerprint: "new-laptop-fp" });
    expect($$(el, ".rules li").map(text)[0]).to.equal("Bis zu 3 Geräte gleichzeitig.");
    expect(text($(el, '[part~="finding-error"] .finding-title'))).to.equal(
      "Problem: Hier nicht aktiviert",
    );
    expect(($(el, "#diagnose-fingerprint") as HTMLInputElement).value).to.equal("new-laptop-fp");
  });

  it("asks for a domain instead of a fingerprint for a license of domains", async () => {
    api.overrides.set(`GET /v1/licenses/${LICENSE_ID}`, () =>
      Response.json({
        ...api.license("en"),
        name: "Acme Forms — northwind.example",
        machines: { used: 0, total: 0 },
        domains: { used: 3, total: 5 },
      }),
    );
    const el = await detail();

    expect($$(el, ".diagnose-form label").map(text)).to.deep.equal([
      "Domain (optional)",
      "Version (optional)",
    ]);
    expect(text($(el, '[part~="meter-domains"]'))).to.equal("3 of 5 domains");
    await typeInto(el, "#diagnose-domain", "shop.northwind.example");
    await check(el);
    const request = api.calls("POST", `/v1/licenses/${LICENSE_ID}/diagnose`)[0]!;
    expect(await request.json()).to.deep.equal({ domain: "shop.northwind.example" });
    await expect(el).to.be.accessible();
  });

  it("speaks German, with the API's sentences in German and no English left", async () => {
    const el = await detail({ locale: "de", timezone: "Europe/Berlin" });
    await typeInto(el, "#diagnose-fingerprint", "new-laptop-fp");
    await check(el);
    const toggle = $(el, ".link-button");
    toggle.click();
    await el.updateComplete;

    expect(api.requests.every((r) => r.headers.get("accept-language") === "de")).to.equal(true);
    expect(text($(el, "#diagnose-heading"))).to.equal(
      "Warum meldet meine Software „Ungültige Lizenz“?",
    );
    expect(text($(el, '[part~="diagnose-button"]'))).to.equal("Diese Lizenz prüfen");
    expect(text($(el, '[part~="badge"]'))).to.equal("Aktiv");
    expect(text($(el, '[part~="meter-machines"]'))).to.equal("3 von 3 Geräten");
    expect(text($(el, '[part~="section-facts"]'))).to.contain("Gültig bis 19. Juni 2027");
    expect($$(el, ".rules li").map(text)[0]).to.equal("Bis zu 3 Geräte gleichzeitig.");
    expect($$(el, '[part~="fix-button"]').map(text)[0]).to.equal("OLD-PC deaktivieren");
    expect(text($(el, '[part~="finding-error"] .finding-title'))).to.equal(
      "Problem: Hier nicht aktiviert",
    );
    expect(text($(el, '[role="status"][aria-live="polite"]'))).to.equal(
      "Keine Prüfung bestanden, 2 erfordern Ihre Aufmerksamkeit",
    );
    expect(text($(el, '[part~="check-failed"] .check-title'))).to.equal(
      "Fehlgeschlagen: Alle Geräteplätze belegt",
    );

    // Every English string of the catalogues this element shows, in pieces between placeholders.
    const lookups = [detailMessages, statusMessages, licenseMessages, deactivationMessages];
    const germanCatalogues = await Promise.all(lookups.map((lookup) => lookup.load("de")));
    const german = new Set(germanCatalogues.flatMap((catalogue) => templates(catalogue)));
    const english = lookups
      .flatMap((lookup) => templates(lookup.catalogues.en))
      .filter((template) => !german.has(template))
      .flatMap((template) => template.split(/\{\w+\}/))
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= 4 && ![...german].some((de) => de.includes(piece)));
    english.push(msg("en", "state.signed-out"), msg("en", "state.retry"));
    const shown = [
      text(el.shadowRoot as unknown as Element),
      ...$$(el, "[aria-label], [title]").flatMap((node) => [
        node.getAttribute("aria-label") ?? "",
        node.getAttribute("title") ?? "",
      ]),
    ].join("\n");
    expect(english.length).to.be.greaterThan(50);
    for (const piece of english) expect(shown, piece).not.to.contain(piece);
    await expect(el).to.be.accessible();
  });

  it("stacks into one column at 360px, without overflow", async () => {
    const el = await fixture<LicenseDetail>(
      html`<div style="width: 360px"><license-detail api-base=${API} token="tok" license-id=${LICENSE_ID} locale="de"></license-detail></div>`,
    ).then((wrapper) => wrapper.querySelector("license-detail")!);
    await el.loadComplete;
    await typeInto(el, "#diagnose-fingerprint", "new-laptop-fp");
    await check(el);

    const cards = getComputedStyle($(el, ".cards")).gridTemplateColumns.split(" ");
    expect(cards, "one column of cards").to.have.length(1);
    const button = $(el, '[part~="diagnose-button"]').getBoundingClientRect();
    const section = $(el, '[part~="section-diagnostics"]').getBoundingClientRect();
    expect(button.top, "the button under the inputs").to.be.greaterThan(
      $(el, "#diagnose-version").getBoundingClientRect().bottom,
    );
    const sectionStyle = getComputedStyle($(el, '[part~="section-diagnostics"]'));
    const inner =
      section.width -
      Number.parseFloat(sectionStyle.paddingLeft) -
      Number.parseFloat(sectionStyle.paddingRight) -
      Number.parseFloat(sectionStyle.borderLeftWidth) -
      Number.parseFloat(sectionStyle.borderRightWidth);
    expect(button.width, "the button takes the full width").to.be.closeTo(inner, 1);
    expect(el.getBoundingClientRect().width).to.equal(360);
    for (const node of $$(el, "*")) {
      const box = node.getBoundingClientRect();
      if (box.width === 0 || node.closest("dialog")) continue;
      expect(box.right, `${node.tagName}.${node.className} stays inside`).to.be.at.most(
        el.getBoundingClientRect().right + 0.5,
      );
    }
    await expect(el).to.be.accessible();
  });

  it("puts the button beside the heading on a wide screen", async () => {
    const el = await fixture<LicenseDetail>(
      html`<div style="width: 1100px"><license-detail api-base=${API} token="tok" license-id=${LICENSE_ID}></license-detail></div>`,
    ).then((wrapper) => wrapper.querySelector("license-detail")!);
    await el.loadComplete;

    expect(getComputedStyle($(el, ".cards")).gridTemplateColumns.split(" ")).to.have.length(2);
    const button = $(el, '[part~="diagnose-button"]').getBoundingClientRect();
    const heading = $(el, "#diagnose-heading").getBoundingClientRect();
    expect(button.left).to.be.greaterThan(heading.right);
    expect(button.top).to.be.below($(el, "#diagnose-fingerprint").getBoundingClientRect().top);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
