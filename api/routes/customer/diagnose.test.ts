import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy, type PolicyInput } from "../../catalogue/policy-service.ts";
import { createId } from "../../core/ids.ts";
import { DAY_MS } from "../../core/time.ts";
import type { ExpirationStrategy } from "../../db/schema.ts";
import { createLicense } from "../../licenses/license-service.ts";
import { englishDay } from "../../test/english-day.ts";
import { insertAccount, insertProduct, insertRelease } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
const ahead = (days: number) => new Date(Date.now() + days * DAY_MS);

let t: TestContext;
let owner: SignedInUser;
let member: SignedInUser;
let productId: string;

interface Finding {
  code: string;
  valid: boolean;
  severity: string;
  title: string;
  explanation: string;
  fix: string | null;
  refs: {
    activations?: { id: string; name: string; lastSeenAt: string }[];
    at?: string;
    used?: number;
    limit?: number;
    nextAllowedAt?: string | null;
    releasedAt?: string;
  };
}
interface Diagnosis {
  licenseId: string;
  checkedAt: string;
  valid: boolean;
  code: string;
  summary: string[];
  findings: Finding[];
  recentFailures: {
    code: string;
    at: string;
    fingerprint: string | null;
    title: string;
    explanation: string;
  }[];
}

beforeAll(async () => {
  t = await createTestContext();
  owner = await signedInUser(t, { name: "Olive Owner" });
  member = await signedInUser(t, { role: "member", name: "Max", accountId: owner.accountId });
  productId = await insertProduct(t.deps.db, "studio");
});
afterAll(() => t.close());

async function policy(fields: Partial<PolicyInput> = {}) {
  const created = await createPolicy(t.deps.db, {
    productId,
    name: "Studio Annual",
    maxMachines: 3,
    maxDomains: 1,
    durationDays: 365,
    expirationStrategy: "restrict",
    deactivationLimit: 3,
    deactivationWindowDays: 30,
    ...fields,
  });
  return created.id;
}

async function license(
  policyFields: Partial<PolicyInput> = {},
  fields: Record<string, unknown> = {},
): Promise<string> {
  const created = await createLicense(t.deps.db, t.deps.keys, {
    accountId: owner.accountId,
    policyId: await policy(policyFields),
    name: "Design team",
    ...fields,
  });
  return created.id;
}

async function activation(
  licenseId: string,
  fields: {
    name?: string;
    kind?: "machine" | "domain";
    identifier?: string;
    lastSeenDaysAgo?: number;
    deactivatedDaysAgo?: number;
    deactivatedByUserId?: string;
    reason?: string;
  } = {},
): Promise<string> {
  const id = createId("act");
  const ended = fields.deactivatedDaysAgo !== undefined;
  await t.deps.db
    .insertInto("activations")
    .values({
      id,
      license_id: licenseId,
      account_id: owner.accountId,
      kind: fields.kind ?? "machine",
      identifier: fields.identifier ?? `fp-${id}`,
      name: fields.name ?? null,
      last_seen_at: ago(fields.lastSeenDaysAgo ?? 0),
      deactivated_at: ended ? ago(fields.deactivatedDaysAgo!) : null,
      deactivated_by: ended ? "customer" : null,
      deactivated_by_user_id: fields.deactivatedByUserId ?? null,
      reason: fields.reason ?? null,
    })
    .execute();
  return id;
}

async function diagnose(user: SignedInUser, licenseId: string, body?: unknown) {
  const res = await user.call("POST", `/v1/licenses/${licenseId}/diagnose`, body);
  return { status: res.status, body: (await res.json()) as Diagnosis };
}

async function diagnosis(licenseId: string, body: unknown = {}): Promise<Diagnosis> {
  const { status, body: answer } = await diagnose(owner, licenseId, body);
  expect(status).toBe(200);
  return answer;
}

function findingOf(answer: Diagnosis, code: string): Finding {
  const found = answer.findings.find((finding) => finding.code === code);
  expect(found, `${code} in ${answer.findings.map((f) => f.code).join(", ")}`).toBeDefined();
  return found!;
}

describe("POST /v1/licenses/{id}/diagnose: machine limits", () => {
  it("names the least recently seen machine and its days when all slots are used", async () => {
    const id = await license();
    await activation(id, { name: "LAPTOP", lastSeenDaysAgo: 12 });
    const oldPc = await activation(id, { name: "OLD-PC", lastSeenDaysAgo: 140 });
    await activation(id, { name: "STUDIO", lastSeenDaysAgo: 0 });
    const answer = await diagnosis(id, { fingerprint: "new-machine" });
    expect([answer.valid, answer.code]).toEqual([false, "NOT_ACTIVATED"]);
    expect(answer.findings.map((f) => f.code)).toEqual(["NOT_ACTIVATED", "MACHINE_LIMIT_REACHED"]);
    const limit = findingOf(answer, "MACHINE_LIMIT_REACHED");
    expect(limit.explanation).toContain("3 of 3 machines are in use");
    expect(limit.fix).toContain("Deactivate “OLD-PC” (last seen 140 days ago)");
    expect(limit.refs.activations!.map((a) => a.name)).toEqual(["OLD-PC", "LAPTOP", "STUDIO"]);
    expect(limit.refs.activations![0]!.id).toBe(oldPc);
    expect(limit.refs).toMatchObject({ used: 3, limit: 3 });
  });

  it("points a protected license to support instead of deactivating", async () => {
    const id = await license({ protected: true, maxMachines: 1 });
    await activation(id, { name: "OLD-PC", lastSeenDaysAgo: 50 });
    const limit = findingOf(await diagnosis(id, { fingerprint: "new" }), "MACHINE_LIMIT_REACHED");
    expect(limit.fix).toContain("This license is protected");
    expect(limit.fix).toContain("Contact support");
    expect(limit.fix).not.toContain("Deactivate “OLD-PC”");
  });

  it("says when the next deactivation is allowed once the window is used up", async () => {
    const id = await license({ maxMachines: 1, deactivationLimit: 2, deactivationWindowDays: 30 });
    await activation(id, { name: "OLD-PC", lastSeenDaysAgo: 50 });
    await activation(id, { deactivatedDaysAgo: 10 });
    await activation(id, { deactivatedDaysAgo: 5 });
    const limit = findingOf(await diagnosis(id, { fingerprint: "new" }), "MACHINE_LIMIT_REACHED");
    // The older of the two leaves the 30-day window 20 days from now.
    const next = new Date(limit.refs.nextAllowedAt!);
    expect(Math.round((next.getTime() - Date.now()) / DAY_MS)).toBe(20);
    expect(limit.fix).toContain("used all 2 deactivations allowed in 30 days");
    expect(limit.fix).toContain(`${englishDay(next)} (in 20 days)`);
  });

  it("warns about a full limit when nothing is asked, and stays VALID", async () => {
    const id = await license({ maxMachines: 1 });
    await activation(id, { name: "ONLY-PC", lastSeenDaysAgo: 3 });
    const answer = await diagnosis(id);
    expect([answer.valid, answer.code]).toEqual([true, "VALID"]);
    const warning = findingOf(answer, "MACHINE_LIMIT_REACHED");
    expect([warning.valid, warning.severity]).toEqual([true, "warning"]);
    expect(warning.explanation).toContain("“ONLY-PC” (last seen 3 days ago)");
  });
});

describe("POST /v1/licenses/{id}/diagnose: bindings", () => {
  it("explains a deactivated machine: by whom, when and why, and that a slot is free", async () => {
    const id = await license();
    await activation(id, {
      name: "OLD-PC",
      identifier: "fp-old",
      lastSeenDaysAgo: 9,
      deactivatedDaysAgo: 8,
      deactivatedByUserId: owner.userId,
      reason: "replaced",
    });
    const answer = await diagnosis(id, { fingerprint: "fp-old" });
    expect(answer.code).toBe("DEACTIVATED");
    const ended = findingOf(answer, "DEACTIVATED");
    expect(ended.explanation).toBe(
      `The machine “OLD-PC” was deactivated on ${englishDay(ago(8))} (8 days ago) by Olive Owner in the portal, with the reason “replaced”.`,
    );
    expect(ended.fix).toContain("a machine slot is free");
  });

  it("explains a machine whose heartbeats stopped", async () => {
    const id = await license({ heartbeatSeconds: 3600 });
    await activation(id, { name: "BUILD-BOX", identifier: "fp-build", lastSeenDaysAgo: 2 });
    const dead = findingOf(await diagnosis(id, { fingerprint: "fp-build" }), "HEARTBEAT_DEAD");
    expect(dead.explanation).toContain("“BUILD-BOX” last checked in on");
    expect(dead.explanation).toContain("(2 days ago)");
    expect(dead.explanation).toContain("every hour");
  });

  it("normalises the domain and names the activated ones on a mismatch", async () => {
    const id = await license({ maxMachines: 0, maxDomains: 1 });
    await activation(id, { kind: "domain", identifier: "shop.example.com", lastSeenDaysAgo: 1 });
    expect((await diagnosis(id, { domain: "WWW.Shop.Example.com." })).code).toBe("VALID");
    const answer = await diagnosis(id, { domain: "blog.example.com" });
    expect(answer.code).toBe("DOMAIN_MISMATCH");
    expect(findingOf(answer, "DOMAIN_MISMATCH").explanation).toContain(
      "activated for “shop.example.com”, not for “blog.example.com”",
    );
    expect(findingOf(answer, "DOMAIN_LIMIT_REACHED").refs).toMatchObject({ used: 1, limit: 1 });
  });

  it("names missing entitlements", async () => {
    const id = await license();
    const missing = findingOf(
      await diagnosis(id, { entitlements: ["cloud"] }),
      "ENTITLEMENT_MISSING",
    );
    expect(missing.explanation).toContain("does not include “cloud”");
  });
});

describe("POST /v1/licenses/{id}/diagnose: expiry and versions", () => {
  const strategies: [ExpirationStrategy, boolean, string][] = [
    ["revoke", false, "stops working"],
    ["restrict", true, "newer versions are refused"],
    ["maintain", true, "cannot download anything until it is renewed"],
    ["allow", true, "keep working after it expires"],
  ];
  it.each(strategies)("explains an expired license under %s", async (strategy, valid, words) => {
    const id = await license(
      { expirationStrategy: strategy },
      { expiresAt: ago(10), maintenanceExpiresAt: ago(10) },
    );
    const answer = await diagnosis(id);
    expect([answer.valid, answer.code]).toEqual([valid, "EXPIRED"]);
    const expired = findingOf(answer, "EXPIRED");
    expect(expired.severity).toBe(valid ? "warning" : "error");
    expect(expired.explanation).toContain(`expired on ${englishDay(ago(10))} (10 days ago)`);
    expect(expired.explanation).toContain(words);
    expect(expired.fix).not.toBeNull();
    expect(answer.summary[0]).toContain("expired on");
  });

  it("explains a version released after maintenance ended and offers the newest covered one", async () => {
    // Fixed days in the past, so the sentence is written out by hand.
    const end = new Date("2026-03-10T12:00:00.000Z");
    const id = await license({}, { expiresAt: ahead(100), maintenanceExpiresAt: end });
    await insertRelease(t.deps.db, productId, "2.4.1", {
      publishedAt: new Date("2026-01-20T12:00:00.000Z"),
    });
    await insertRelease(t.deps.db, productId, "3.0.0", {
      publishedAt: new Date("2026-03-15T12:00:00.000Z"),
    });
    const answer = await diagnosis(id, { version: "3.0.0" });
    expect([answer.valid, answer.code]).toEqual([false, "VERSION_NOT_COVERED"]);
    const notCovered = findingOf(answer, "VERSION_NOT_COVERED");
    expect(notCovered.explanation).toContain(
      "Version 3.0.0 was released on 15 March 2026, after the license's maintenance ended on 10 March 2026.",
    );
    expect(notCovered.fix).toContain("Install version 2.4.1");
    expect(notCovered.refs.at).toBe(end.toISOString());
    expect((await diagnosis(id, { version: "2.4.1" })).code).toBe("VALID");
  });

  it("answers a well-formed unknown version with a warning finding", async () => {
    const id = await license();
    const answer = await diagnosis(id, { version: "9.9.9" });
    expect(answer.code).toBe("VALID");
    expect(findingOf(answer, "VERSION_UNKNOWN").explanation).toContain(
      "Version 9.9.9 is not a published release",
    );
  });
});

describe("POST /v1/licenses/{id}/diagnose: general state", () => {
  it("describes the license and explains the latest failed validations of 30 days", async () => {
    const id = await license(
      { heartbeatSeconds: 86_400 },
      { expiresAt: ahead(200), maintenanceExpiresAt: ahead(200) },
    );
    await activation(id, { name: "PC" });
    const events = [
      { code: "NOT_ACTIVATED", valid: false, days: 1, fingerprint: "fp-a" },
      { code: "VALID", valid: true, days: 0.5, fingerprint: "fp-b" },
      { code: "ENTITLEMENT_MISSING", valid: false, days: 0.1, fingerprint: null },
      { code: "EXPIRED", valid: false, days: 45, fingerprint: null },
      ...Array.from({ length: 5 }, () => ({
        code: "DEACTIVATED",
        valid: false,
        days: 2,
        fingerprint: "x",
      })),
    ];
    for (const event of events) {
      await t.deps.db
        .insertInto("validation_events")
        .values({
          // Ids are time-ordered: backdate them with the event.
          id: createId("val", ago(event.days).getTime()),
          license_id: id,
          account_id: owner.accountId,
          activation_id: null,
          code: event.code,
          valid: event.valid,
          fingerprint: event.fingerprint,
          domain: null,
          version: null,
          ip: null,
          created_at: ago(event.days),
        })
        .execute();
    }
    const answer = await diagnosis(id);
    expect([answer.valid, answer.code, answer.findings.map((f) => f.code)]).toEqual([
      true,
      "VALID",
      ["VALID"],
    ]);
    expect(answer.summary).toEqual([
      `“Design team” (Product studio) is active: it runs until ${englishDay(ahead(200))} (in 200 days).`,
      "In use: 1 of 3 machines and 0 of 1 domain.",
      "Activations check in every day; one silent for 2 days is released.",
      "You have used 0 of 3 deactivations allowed in 30 days.",
    ]);
    // Newest first, failures only, none older than 30 days, at most 5.
    expect(answer.recentFailures.map((f) => f.code)).toEqual([
      "ENTITLEMENT_MISSING",
      "NOT_ACTIVATED",
      "DEACTIVATED",
      "DEACTIVATED",
      "DEACTIVATED",
    ]);
    expect(answer.recentFailures[1]).toMatchObject({
      fingerprint: "fp-a",
      title: "Not activated here",
      explanation: expect.stringContaining("not activated"),
    });
  });

  it("accepts a request without a body", async () => {
    const id = await license();
    const res = await owner.call("POST", `/v1/licenses/${id}/diagnose`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Diagnosis).licenseId).toBe(id);
  });

  it("records no validation event and touches no activation", async () => {
    const id = await license();
    await activation(id, { identifier: "fp-seen", lastSeenDaysAgo: 7 });
    const before = await t.deps.db
      .selectFrom("activations")
      .selectAll()
      .where("license_id", "=", id)
      .execute();
    await diagnosis(id, { fingerprint: "fp-seen", version: "1.0.0" });
    await diagnosis(id, { fingerprint: "fp-other" });
    const events = await t.deps.db
      .selectFrom("validation_events")
      .select("id")
      .where("license_id", "=", id)
      .execute();
    expect(events).toEqual([]);
    const after = await t.deps.db
      .selectFrom("activations")
      .selectAll()
      .where("license_id", "=", id)
      .execute();
    expect(after).toEqual(before);
  });
});

describe("POST /v1/licenses/{id}/diagnose: scope and input", () => {
  it("answers 404 for another account's license and to a member it is not assigned to", async () => {
    const otherAccount = await insertAccount(t.deps.db, "Other");
    const theirs = await createLicense(t.deps.db, t.deps.keys, {
      accountId: otherAccount,
      policyId: await policy(),
    });
    expect((await diagnose(owner, theirs.id, {})).status).toBe(404);
    const unassigned = await license();
    expect((await diagnose(member, unassigned, {})).status).toBe(404);
    const assigned = await license({}, { userIds: [member.userId] });
    expect((await diagnose(member, assigned, {})).status).toBe(200);
  });

  const bad: [string, unknown, string][] = [
    ["a version that is not SemVer", { version: "v1.0" }, "body.version"],
    ["a URL as domain", { domain: "https://shop.example.com/" }, "body.domain"],
    ["both fingerprint and domain", { fingerprint: "a", domain: "a.example.com" }, "body.domain"],
    ["a fingerprint over 256 characters", { fingerprint: "f".repeat(257) }, "body.fingerprint"],
    ["a fingerprint with a leading space", { fingerprint: " abc" }, "body.fingerprint"],
    ["entitlements that are no list", { entitlements: "pro" }, "body.entitlements"],
    [
      "too many entitlements",
      { entitlements: Array.from({ length: 101 }, (_, i) => `e${i}`) },
      "body.entitlements",
    ],
    ["an unknown field", { key: "ABCDE" }, "body.key"],
  ];
  it.each(bad)("answers 422 for %s, naming the field", async (_, body, field) => {
    const id = await license();
    const res = await owner.call("POST", `/v1/licenses/${id}/diagnose`, body);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { code: string; errors: { field: string }[] };
    expect(problem.code).toBe("VALIDATION_FAILED");
    expect(problem.errors.map((e) => e.field)).toContain(field);
  });
});
