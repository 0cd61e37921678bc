import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy } from "../../catalogue/policy-service.ts";
import { createId } from "../../core/ids.ts";
import { DAY_MS } from "../../core/time.ts";
import { createLicense } from "../../licenses/license-service.ts";
import { insertAsset } from "../../test/download-fixtures.ts";
import { englishDay } from "../../test/english-day.ts";
import { insertEntitlement, insertProduct, insertRelease } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

/*
 * The customer-facing sentences of diagnose, license detail, dashboard and
 * downloads follow the request's language: Accept-Language first, then the
 * user's saved locale, then English (docs/customer-api.md, "Language").
 */

const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
const ahead = (days: number) => new Date(Date.now() + days * DAY_MS);

/** The reference for a German date in a sentence: Intl's long German date in the zone. */
const germanDay = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat("de-DE", { dateStyle: "long", timeZone }).format(date);

let t: TestContext;
/** Saved locale `en`, time zone UTC (the defaults). */
let owner: SignedInUser;
/** Saved locale `de`, time zone Europe/Berlin. */
let germanAdmin: SignedInUser;
let designTeam: string;
let maintenanceEnd: Date;
let releasedAt: Date;
let expiresAt: Date;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.deps.db;
  owner = await signedInUser(t, { name: "Olive Owner" });
  germanAdmin = await signedInUser(t, {
    role: "admin",
    name: "Ivan Indie",
    accountId: owner.accountId,
  });
  await db
    .updateTable("users")
    .set({ locale: "de", timezone: "Europe/Berlin" })
    .where("id", "=", germanAdmin.userId)
    .execute();

  // The demo's "Design team": 3 machines, all in use, OLD-PC unseen for 140 days;
  // maintenance ended 10 days ago, and 3.0.0 came out after it.
  const productId = await insertProduct(db, "studio");
  await insertEntitlement(db, "pro");
  const sso = await insertEntitlement(db, "sso");
  const policy = await createPolicy(db, {
    productId,
    name: "Studio Pro (annual)",
    maxMachines: 3,
    maxDomains: 0,
    durationDays: 365,
    expirationStrategy: "restrict",
    deactivationLimit: 3,
    deactivationWindowDays: 30,
    entitlements: ["pro"],
  });
  expiresAt = ahead(200);
  maintenanceEnd = ago(10);
  const design = await createLicense(db, t.deps.keys, {
    accountId: owner.accountId,
    policyId: policy.id,
    name: "Design team",
    expiresAt,
    maintenanceExpiresAt: maintenanceEnd,
  });
  designTeam = design.id;
  for (const [name, days] of [
    ["OLD-PC", 140],
    ["DESIGN-WS-01", 1],
    ["MIA-MBP", 0],
  ] as const) {
    await db
      .insertInto("activations")
      .values({
        id: createId("act"),
        license_id: designTeam,
        account_id: owner.accountId,
        kind: "machine",
        identifier: `fp-${name.toLowerCase()}`,
        name,
        last_seen_at: ago(days),
      })
      .execute();
  }
  await createLicense(db, t.deps.keys, {
    accountId: owner.accountId,
    policyId: policy.id,
    name: "Max",
    expiresAt: ahead(12),
    maintenanceExpiresAt: maintenanceEnd,
  });
  await db
    .insertInto("validation_events")
    .values({
      id: createId("val"),
      license_id: designTeam,
      account_id: owner.accountId,
      code: "MACHINE_LIMIT_REACHED",
      valid: false,
      created_at: ago(1),
    })
    .execute();
  const covered = await insertRelease(db, productId, "2.0.0", { publishedAt: ago(30) });
  await insertAsset(db, covered, {
    filename: "studio-2.0.0-sso.exe",
    requiredEntitlementIds: [sso],
  });
  releasedAt = ago(5);
  await insertAsset(db, await insertRelease(db, productId, "3.0.0", { publishedAt: releasedAt }));
});
afterAll(() => t.close());

interface Finding {
  code: string;
  title: string;
  explanation: string;
  fix: string | null;
}

async function diagnose(user: SignedInUser, headers: Record<string, string> = {}) {
  const res = await user.call(
    "POST",
    `/v1/licenses/${designTeam}/diagnose`,
    { fingerprint: "new-machine" },
    headers,
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { summary: string[]; findings: Finding[] };
  const limit = body.findings.find((f) => f.code === "MACHINE_LIMIT_REACHED");
  expect(limit).toBeDefined();
  return { res, body, limit: limit! };
}

function expectLanguage(res: Response, locale: "en" | "de") {
  expect(res.headers.get("content-language")).toBe(locale);
  expect(res.headers.get("vary")?.toLowerCase()).toContain("accept-language");
}

describe("POST /v1/licenses/{id}/diagnose in German", () => {
  it("answers in German for Accept-Language: de, with the machines, counts and dates", async () => {
    const { res, body, limit } = await diagnose(owner, { "accept-language": "de" });
    expectLanguage(res, "de");
    expect(limit.title).toBe("Alle Geräteplätze belegt");
    expect(limit.explanation).toContain("3 von 3 Geräten sind belegt");
    expect(limit.explanation).toContain("„OLD-PC“ (zuletzt gesehen vor 140 Tagen)");
    expect(limit.fix).toContain(
      "Deaktivieren Sie „OLD-PC“ (zuletzt gesehen vor 140 Tagen) oder ein anderes Gerät",
    );
    // The owner keeps UTC as time zone.
    expect(body.summary[0]).toBe(
      `Die Lizenz „Design team“ (Product studio) ist aktiv und gilt bis zum ${germanDay(expiresAt, "UTC")} (in 200 Tagen).`,
    );
    expect(body.summary).toContain(
      `Die Wartung endete am ${germanDay(maintenanceEnd, "UTC")}; neuere Versionen sind nicht abgedeckt.`,
    );
    const text = JSON.stringify(body);
    expect(text).not.toContain("machines are in use");
    expect(text).not.toContain("Deactivate");
  });

  it("counts a region as its language and honours weights", async () => {
    const { res, limit } = await diagnose(owner, {
      "accept-language": "fr-CH, de-AT;q=0.8, en;q=0.5",
    });
    expectLanguage(res, "de");
    expect(limit.explanation).toContain("3 von 3 Geräten sind belegt");
  });

  it("answers in German to a user who saved German, without the header, in their time zone", async () => {
    const { res, body, limit } = await diagnose(germanAdmin);
    expectLanguage(res, "de");
    expect(limit.fix).toContain("Deaktivieren Sie „OLD-PC“");
    expect(body.summary[0]).toContain(`gilt bis zum ${germanDay(expiresAt, "Europe/Berlin")}`);
  });

  it("keeps the saved German when the header prefers nothing supported", async () => {
    const { res } = await diagnose(germanAdmin, { "accept-language": "fr, *;q=0.5" });
    expectLanguage(res, "de");
  });

  it("lets Accept-Language: en override a saved German", async () => {
    const { res, limit } = await diagnose(germanAdmin, { "accept-language": "en" });
    expectLanguage(res, "en");
    expect(limit.explanation).toContain("3 of 3 machines are in use");
    expect(limit.fix).toContain("Deactivate “OLD-PC” (last seen 140 days ago)");
    expect(limit.explanation).not.toContain("Geräten");
  });

  it("does not claim a language for a problem answer", async () => {
    const res = await owner.call(
      "POST",
      `/v1/licenses/${createId("lic")}/diagnose`,
      {},
      {
        "accept-language": "de",
      },
    );
    expect(res.status).toBe(404);
    expect(res.headers.get("content-language")).toBeNull();
  });
});

describe("GET /v1/licenses/{id} in German", () => {
  const rulesOf = async (user: SignedInUser, headers: Record<string, string> = {}) => {
    const res = await user.call("GET", `/v1/licenses/${designTeam}`, undefined, headers);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { policy: { rules: string[] } };
    return { res, rules: body.policy.rules };
  };

  it("gives the policy's rules in German for Accept-Language: de", async () => {
    const { res, rules } = await rulesOf(owner, { "accept-language": "de" });
    expectLanguage(res, "de");
    expect(rules).toEqual([
      "Bis zu 3 Geräte gleichzeitig.",
      "Nach dem Ablauf funktionieren Versionen weiter, die davor erschienen sind; neuere Versionen erfordern eine Verlängerung.",
      "Sie können bis zu 3 Geräte alle 30 Tage deaktivieren.",
    ]);
  });

  it("answers a user who saved German in German, unless the header asks for English", async () => {
    const german = await rulesOf(germanAdmin);
    expectLanguage(german.res, "de");
    expect(german.rules[0]).toBe("Bis zu 3 Geräte gleichzeitig.");
    const english = await rulesOf(germanAdmin, { "accept-language": "en" });
    expectLanguage(english.res, "en");
    expect(english.rules[0]).toBe("Up to 3 machines at a time.");
    expect(english.rules).not.toContain("Bis zu 3 Geräte gleichzeitig.");
  });
});

describe("GET /v1/dashboard in German", () => {
  type Reason = { code: string; message: string };
  const reasonsOf = async (user: SignedInUser, headers: Record<string, string> = {}) => {
    const res = await user.call("GET", "/v1/dashboard", undefined, headers);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { health: { reasons: Reason[] } };
    return {
      res,
      messages: Object.fromEntries(body.health.reasons.map((r) => [r.code, r.message])),
    };
  };

  it("gives the health reasons in German for Accept-Language: de", async () => {
    const { res, messages } = await reasonsOf(owner, { "accept-language": "de" });
    expectLanguage(res, "de");
    expect(messages).toEqual({
      LICENSES_EXPIRING:
        "1 Lizenz läuft innerhalb von 30 Tagen ab; verlängern Sie sie, damit sie weiter funktioniert.",
      AT_LIMIT:
        "1 Lizenz nutzt alle Geräte- oder Domainplätze; deaktivieren Sie eine Aktivierung, bevor Sie eine weitere aktivieren.",
      FAILING_VALIDATIONS:
        "Bei 1 Lizenz sind in den letzten 7 Tagen Prüfungen fehlgeschlagen; starten Sie eine Diagnose, um den Grund zu sehen.",
    });
  });

  it("answers a user who saved German in German, unless the header asks for English", async () => {
    const german = await reasonsOf(germanAdmin);
    expectLanguage(german.res, "de");
    expect(german.messages.AT_LIMIT).toContain("1 Lizenz nutzt alle Geräte- oder Domainplätze");
    const english = await reasonsOf(germanAdmin, { "accept-language": "en" });
    expectLanguage(english.res, "en");
    expect(english.messages.AT_LIMIT).toBe(
      "1 license uses every machine or domain slot; deactivate one before activating another.",
    );
  });
});

describe("GET /v1/downloads in German", () => {
  interface Reason {
    code: string;
    message: string;
  }
  interface Release {
    version: string;
    reason: Reason | null;
    assets: { filename: string; reason: Reason | null }[];
  }
  const reasonsOf = async (user: SignedInUser, headers: Record<string, string> = {}) => {
    const res = await user.call("GET", "/v1/downloads", undefined, headers);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { releases: Release[] }[] };
    const releases = body.data[0]!.releases;
    const of = (version: string) => releases.find((r) => r.version === version)!;
    return { res, notCovered: of("3.0.0").reason!, missing: of("2.0.0").assets[0]!.reason! };
  };

  it("gives the reasons in German for Accept-Language: de, with dates and codes", async () => {
    const { res, notCovered, missing } = await reasonsOf(owner, { "accept-language": "de" });
    expectLanguage(res, "de");
    expect(notCovered).toMatchObject({
      code: "MAINTENANCE_ENDED",
      message: `Am ${germanDay(releasedAt, "UTC")} erschienen, nach dem Ende Ihrer Wartung am ${germanDay(maintenanceEnd, "UTC")}; verlängern Sie, um 3.0.0 zu erhalten.`,
    });
    expect(missing).toMatchObject({
      code: "ENTITLEMENT_MISSING",
      message: "Diese Datei erfordert die Berechtigung sso, die Ihre Lizenz nicht enthält.",
    });
    expect(notCovered.message).not.toContain("renew");
  });

  it("answers a user who saved German in German, unless the header asks for English", async () => {
    const german = await reasonsOf(germanAdmin);
    expectLanguage(german.res, "de");
    expect(german.notCovered.message).toContain(
      `nach dem Ende Ihrer Wartung am ${germanDay(maintenanceEnd, "Europe/Berlin")}`,
    );
    const english = await reasonsOf(germanAdmin, { "accept-language": "en" });
    expectLanguage(english.res, "en");
    expect(english.missing.message).toBe(
      "This file needs the entitlement sso, which your license does not include.",
    );
    // English days are the reader's too: the saved Europe/Berlin, whatever the header says.
    expect(englishDay(new Date("2027-03-14T23:30:00Z"), "Europe/Berlin")).toBe("15 March 2027");
    expect(english.notCovered.message).toBe(
      `Released on ${englishDay(releasedAt, "Europe/Berlin")} after your maintenance ended on ${englishDay(maintenanceEnd, "Europe/Berlin")}; renew to get 3.0.0.`,
    );
  });
});
