import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy, type PolicyInput } from "../catalogue/policy-service.ts";
import { DAY_MS } from "../core/time.ts";
import type { ExpirationStrategy } from "../db/schema.ts";
import { decryptLicenseKey, generateLicenseKey } from "../licenses/license-key.ts";
import { createLicense, type LicenseInput } from "../licenses/license-service.ts";
import {
  insertAccount,
  insertEntitlement,
  insertProduct,
  insertRelease,
} from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { explainPlan } from "../test/query-plan.ts";

let t: TestContext;
let accountId: string;
let productId: string;

beforeAll(async () => {
  t = await createTestContext();
  accountId = await insertAccount(t.deps.db, "Acme");
  productId = await insertProduct(t.deps.db, "studio");
  await insertEntitlement(t.deps.db, "pro");
  await insertEntitlement(t.deps.db, "cloud");
});
afterAll(() => t.close());

interface Setup {
  policy?: Partial<PolicyInput>;
  license?: Partial<LicenseInput>;
}

/** A license under a fresh policy; answers its id and its key. */
async function issue({ policy = {}, license = {} }: Setup = {}) {
  const created = await createPolicy(t.deps.db, {
    productId,
    name: "Policy",
    maxMachines: 2,
    maxDomains: 2,
    expirationStrategy: "restrict",
    ...policy,
  });
  const row = await createLicense(t.deps.db, t.deps.keys, {
    accountId,
    policyId: created.id,
    ...license,
  });
  return { id: row.id, key: decryptLicenseKey(t.deps.keys, row.key_encrypted) };
}

function call(action: string, body: unknown) {
  return t.publicApp.request(`/v1/licensing/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function activeRows(licenseId: string) {
  return t.deps.db
    .selectFrom("activations")
    .selectAll()
    .where("license_id", "=", licenseId)
    .where("deactivated_at", "is", null)
    .orderBy("id")
    .execute();
}

async function activityOf(licenseId: string) {
  return t.deps.db
    .selectFrom("activity")
    .selectAll()
    .where("license_id", "=", licenseId)
    .where("action", "like", "activation.%")
    .orderBy("id")
    .execute();
}

/** The license's stored validation events, once the buffered ones are written. */
async function validationsOf(licenseId: string) {
  await t.deps.licensingWrites.flush();
  return t.deps.db
    .selectFrom("validation_events")
    .selectAll()
    .where("license_id", "=", licenseId)
    .orderBy("id")
    .execute();
}

describe("Licensing API: activate", () => {
  it("activates a machine (201), answers again idempotently (200) and records it once", async () => {
    const { id, key } = await issue({ license: { entitlements: ["pro"] } });
    const res = await call("activate", {
      key,
      fingerprint: "machine-a",
      name: "Build box",
      hostname: "build-01",
      platform: "linux x64",
      version: "1.0.0",
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      valid: true,
      code: "VALID",
      activation: { kind: "machine", name: "Build box", deactivatedAt: null },
      license: { id, status: "active", entitlements: ["pro"] },
    });
    expect(body.activation.id).toMatch(/^act_/);

    const again = await call("activate", { key: key.toLowerCase(), fingerprint: "machine-a" });
    expect(again.status).toBe(200);
    const second = await again.json();
    expect(second.activation.id).toBe(body.activation.id);
    expect(Date.parse(second.activation.lastSeenAt)).toBeGreaterThanOrEqual(
      Date.parse(body.activation.lastSeenAt),
    );

    const rows = await activeRows(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      identifier: "machine-a",
      hostname: "build-01",
      platform: "linux x64",
      version: "1.0.0",
      ip: "local",
    });
    const activity = await activityOf(id);
    expect(activity.map((a) => [a.action, a.actor])).toEqual([["activation.created", "software"]]);
  });

  it("holds the limit per kind, and a freed slot is usable at once", async () => {
    const { id, key } = await issue({ policy: { maxMachines: 2, maxDomains: 1 } });
    expect((await call("activate", { key, fingerprint: "a" })).status).toBe(201);
    expect((await call("activate", { key, fingerprint: "b" })).status).toBe(201);
    const refused = await call("activate", { key, fingerprint: "c" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      valid: false,
      code: "MACHINE_LIMIT_REACHED",
      detail: expect.stringContaining("2 of 2 machines"),
      license: { id },
    });
    // Machines and domains count separately.
    expect((await call("activate", { key, domain: "shop.example.com" })).status).toBe(201);
    expect((await call("activate", { key, domain: "other.example.com" })).status).toBe(409);

    expect((await call("deactivate", { key, fingerprint: "a" })).status).toBe(200);
    expect((await call("activate", { key, fingerprint: "c" })).status).toBe(201);
    expect((await activeRows(id)).map((r) => r.identifier).sort()).toEqual([
      "b",
      "c",
      "shop.example.com",
    ]);
  });

  it("uses the license's override over the policy, and a limit of 0 forbids the kind", async () => {
    const { id, key } = await issue({
      policy: { maxMachines: 5, maxDomains: 0 },
      license: { maxMachines: 1 },
    });
    expect((await call("activate", { key, fingerprint: "a" })).status).toBe(201);
    expect((await (await call("activate", { key, fingerprint: "b" })).json()).code).toBe(
      "MACHINE_LIMIT_REACHED",
    );
    const domain = await call("activate", { key, domain: "example.com" });
    expect(domain.status).toBe(409);
    expect(await domain.json()).toMatchObject({
      code: "DOMAIN_LIMIT_REACHED",
      detail: "This license does not allow domain activations.",
    });
    expect(await activeRows(id)).toHaveLength(1);
  });

  it("refuses activations of revoked, suspended and (under revoke) expired licenses, writing nothing", async () => {
    const revoked = await issue();
    await t.deps.db
      .updateTable("licenses")
      .set({ revoked_at: new Date() })
      .where("id", "=", revoked.id)
      .execute();
    const suspended = await issue();
    await t.deps.db
      .updateTable("licenses")
      .set({ suspended_at: new Date() })
      .where("id", "=", suspended.id)
      .execute();
    const expired = await issue({
      policy: { expirationStrategy: "revoke" },
      license: { expiresAt: new Date(Date.now() - DAY_MS) },
    });
    for (const [license, code] of [
      [revoked, "REVOKED"],
      [suspended, "SUSPENDED"],
      [expired, "EXPIRED"],
    ] as const) {
      const res = await call("activate", { key: license.key, fingerprint: "m" });
      expect(res.status, code).toBe(409);
      expect(await res.json()).toMatchObject({ valid: false, code });
      expect(await activeRows(license.id)).toHaveLength(0);
      expect(await activityOf(license.id)).toHaveLength(0);
    }
  });

  it("activates an expired license under restrict (valid, EXPIRED) but not for a version released after maintenance", async () => {
    const { key } = await issue({
      license: { expiresAt: new Date(Date.now() - DAY_MS) },
    });
    await insertRelease(t.deps.db, productId, "1.1.0", {
      publishedAt: new Date(Date.now() - 10 * DAY_MS),
    });
    await insertRelease(t.deps.db, productId, "1.2.0", { publishedAt: new Date() });
    const old = await call("activate", { key, fingerprint: "m1", version: "1.1.0" });
    expect(old.status).toBe(201);
    expect(await old.json()).toMatchObject({ valid: true, code: "EXPIRED" });
    const newer = await call("activate", { key, fingerprint: "m2", version: "1.2.0" });
    expect(newer.status).toBe(409);
    expect((await newer.json()).code).toBe("VERSION_NOT_COVERED");
  });
});

describe("Licensing API: domain normalisation", () => {
  const accepted: [string, string][] = [
    ["Example.COM", "example.com"],
    ["example.com.", "example.com"],
    ["www.example.com", "example.com"],
    ["WWW.Shop.Example.com.", "shop.example.com"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
  ];
  const refused = [
    "example.com/path",
    "example.com:8080",
    "https://x",
    "https://example.com",
    "10.0.0.1",
    "[::1]",
    "",
    "localhost",
    "exa mple.com",
    "under_score.com",
    `${"a".repeat(64)}.com`,
  ];

  it.each(accepted)("stores %j as %j", async (input, stored) => {
    const { id, key } = await issue();
    const res = await call("activate", { key, domain: input });
    expect(res.status).toBe(201);
    const rows = await activeRows(id);
    expect(rows.map((r) => [r.kind, r.identifier])).toEqual([["domain", stored]]);
    // Any spelling of the same host is the same binding.
    const again = await call("activate", { key, domain: stored });
    expect(again.status).toBe(200);
  });

  it.each(refused)("refuses %j with 422 naming body.domain", async (input) => {
    const { id, key } = await issue();
    const res = await call("activate", { key, domain: input });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).errors).toEqual([expect.objectContaining({ field: "body.domain" })]);
    expect(await activeRows(id)).toHaveLength(0);
  });
});

describe("Licensing API: validate", () => {
  it("answers VALID for a key alone and for an active machine, refreshing it and recording each validation", async () => {
    const { id, key } = await issue();
    const plain = await call("validate", { key });
    expect(plain.status).toBe(200);
    expect(await plain.json()).toMatchObject({ valid: true, code: "VALID", license: { id } });

    const activated = await (await call("activate", { key, fingerprint: "m" })).json();
    const old = new Date(Date.now() - DAY_MS);
    await t.deps.db
      .updateTable("activations")
      .set({ last_seen_at: old })
      .where("id", "=", activated.activation.id)
      .execute();
    const res = await call("validate", { key, fingerprint: "m", version: "9.9.9" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      valid: true,
      code: "VALID",
      activation: { id: activated.activation.id },
    });
    expect(Date.parse(body.activation.lastSeenAt)).toBeGreaterThan(old.getTime());

    const events = await validationsOf(id);
    expect(events.map((e) => [e.code, e.valid, e.fingerprint, e.version, e.activation_id])).toEqual(
      [
        ["VALID", true, null, null, null],
        ["VALID", true, "m", "9.9.9", activated.activation.id],
      ],
    );
  });

  it("says NOT_ACTIVATED, DEACTIVATED, DOMAIN_MISMATCH, ENTITLEMENT_MISSING and PRODUCT_MISMATCH, as 200 results", async () => {
    const { id, key } = await issue({ license: { entitlements: ["pro"] } });
    await call("activate", { key, fingerprint: "gone" });
    await call("deactivate", { key, fingerprint: "gone" });
    await call("activate", { key, domain: "shop.example.com" });
    const cases: [Record<string, unknown>, string][] = [
      [{ fingerprint: "never" }, "NOT_ACTIVATED"],
      [{ fingerprint: "gone" }, "DEACTIVATED"],
      [{ domain: "elsewhere.example.com" }, "DOMAIN_MISMATCH"],
      [{ domain: "WWW.shop.example.com" }, "VALID"],
      [{ entitlements: ["pro", "cloud"] }, "ENTITLEMENT_MISSING"],
      [{ entitlements: ["pro"] }, "VALID"],
      [{ productId: "prd_00000000000000000000000000" }, "PRODUCT_MISMATCH"],
      [{ productId }, "VALID"],
    ];
    for (const [fields, code] of cases) {
      const res = await call("validate", { key, ...fields });
      expect(res.status, code).toBe(200);
      const body = await res.json();
      expect(body, JSON.stringify(fields)).toMatchObject({ code, valid: code === "VALID" });
    }
    const events = await validationsOf(id);
    expect(events.map((e) => e.code)).toEqual(cases.map(([, code]) => code));
    expect(events[2]).toMatchObject({ domain: "elsewhere.example.com", fingerprint: null });
  });

  it("reports SUSPENDED and REVOKED before the binding", async () => {
    const { id, key } = await issue();
    await call("activate", { key, fingerprint: "m" });
    await t.deps.db
      .updateTable("licenses")
      .set({ suspended_at: new Date() })
      .where("id", "=", id)
      .execute();
    expect(await (await call("validate", { key, fingerprint: "x" })).json()).toMatchObject({
      valid: false,
      code: "SUSPENDED",
      license: { status: "suspended" },
    });
    await t.deps.db
      .updateTable("licenses")
      .set({ revoked_at: new Date() })
      .where("id", "=", id)
      .execute();
    expect((await (await call("validate", { key, fingerprint: "m" })).json()).code).toBe("REVOKED");
  });

  it("applies the expiration strategy and the maintenance window to versions", async () => {
    const product = await insertProduct(t.deps.db);
    const now = Date.now();
    await insertRelease(t.deps.db, product, "1.0.0", { publishedAt: new Date(now - 30 * DAY_MS) });
    await insertRelease(t.deps.db, product, "2.0.0", { publishedAt: new Date(now - 5 * DAY_MS) });
    await insertRelease(t.deps.db, product, "3.0.0-beta.1", { publishedAt: null });
    const expired = {
      expiresAt: new Date(now - DAY_MS),
      maintenanceExpiresAt: new Date(now - 10 * DAY_MS),
    };
    const cases: [
      ExpirationStrategy,
      Partial<LicenseInput>,
      string | undefined,
      boolean,
      string,
    ][] = [
      ["restrict", expired, "1.0.0", true, "EXPIRED"],
      ["restrict", expired, "2.0.0", false, "VERSION_NOT_COVERED"],
      ["maintain", expired, "2.0.0", false, "VERSION_NOT_COVERED"],
      ["restrict", expired, "7.7.7", true, "EXPIRED"],
      ["restrict", expired, "3.0.0-beta.1", true, "EXPIRED"],
      ["allow", expired, "2.0.0", true, "EXPIRED"],
      ["revoke", expired, "1.0.0", false, "EXPIRED"],
      [
        "restrict",
        {
          expiresAt: new Date(now + 90 * DAY_MS),
          maintenanceExpiresAt: new Date(now - 10 * DAY_MS),
        },
        "2.0.0",
        false,
        "VERSION_NOT_COVERED",
      ],
      [
        "restrict",
        {
          expiresAt: new Date(now + 90 * DAY_MS),
          maintenanceExpiresAt: new Date(now - 10 * DAY_MS),
        },
        "1.0.0",
        true,
        "VALID",
      ],
      ["restrict", { expiresAt: null, maintenanceExpiresAt: null }, "2.0.0", true, "VALID"],
    ];
    for (const [strategy, license, version, valid, code] of cases) {
      const created = await createPolicy(t.deps.db, {
        productId: product,
        name: strategy,
        maxMachines: 1,
        maxDomains: 0,
        expirationStrategy: strategy,
      });
      const row = await createLicense(t.deps.db, t.deps.keys, {
        accountId,
        policyId: created.id,
        ...license,
      });
      const key = decryptLicenseKey(t.deps.keys, row.key_encrypted);
      const res = await call("validate", { key, version });
      expect(res.status).toBe(200);
      expect(await res.json(), `${strategy} ${version}`).toMatchObject({ valid, code });
    }
  });

  it("answers an unknown key 404 NOT_FOUND and a malformed one 422, recording nothing", async () => {
    await t.deps.licensingWrites.flush();
    const before = await t.deps.db
      .selectFrom("validation_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const unknown = await call("validate", { key: generateLicenseKey() });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      valid: false,
      code: "NOT_FOUND",
      detail: "No license has this key.",
    });
    for (const action of ["activate", "heartbeat", "deactivate"]) {
      const res = await call(action, { key: generateLicenseKey(), fingerprint: "m" });
      expect(res.status, action).toBe(404);
      expect((await res.json()).code).toBe("NOT_FOUND");
    }
    const malformed = await call("validate", { key: "not-a-key" });
    expect(malformed.status).toBe(422);
    expect((await malformed.json()).errors).toEqual([
      expect.objectContaining({ field: "body.key" }),
    ]);
    await t.deps.licensingWrites.flush();
    const after = await t.deps.db
      .selectFrom("validation_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe("Licensing API: heartbeat and deactivate", () => {
  it("keeps a binding alive, declares it dead after 2 × the interval and does not revive it", async () => {
    const { id, key } = await issue({ policy: { heartbeatSeconds: 60 } });
    const activated = await (await call("activate", { key, fingerprint: "m" })).json();
    const beat = await call("heartbeat", { key, fingerprint: "m" });
    expect(beat.status).toBe(200);
    expect(await beat.json()).toMatchObject({
      valid: true,
      code: "VALID",
      activation: { id: activated.activation.id },
    });

    const stale = new Date(Date.now() - 121_000);
    await t.deps.db
      .updateTable("activations")
      .set({ last_seen_at: stale })
      .where("id", "=", activated.activation.id)
      .execute();
    for (const action of ["heartbeat", "validate", "heartbeat"]) {
      const res = await call(action, { key, fingerprint: "m" });
      expect(res.status).toBe(200);
      expect(await res.json(), action).toMatchObject({ valid: false, code: "HEARTBEAT_DEAD" });
    }
    const row = await t.deps.db
      .selectFrom("activations")
      .selectAll()
      .where("id", "=", activated.activation.id)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at.getTime()).toBe(stale.getTime());

    // Activating again ends the dead binding (by the system) and starts a new one.
    const again = await call("activate", { key, fingerprint: "m" });
    expect(again.status).toBe(201);
    const fresh = await again.json();
    expect(fresh.activation.id).not.toBe(activated.activation.id);
    const ended = await t.deps.db
      .selectFrom("activations")
      .selectAll()
      .where("id", "=", activated.activation.id)
      .executeTakeFirstOrThrow();
    expect(ended.deactivated_by).toBe("system");
    expect((await activeRows(id)).map((r) => r.id)).toEqual([fresh.activation.id]);

    const none = await call("heartbeat", { key, fingerprint: "unknown" });
    expect(none.status).toBe(200);
    expect((await none.json()).code).toBe("NOT_ACTIVATED");
  });

  it("deactivates by the software once, idempotently, outside the customer deactivation limit", async () => {
    const { id, key } = await issue({ policy: { deactivationLimit: 0 } });
    await call("activate", { key, domain: "example.com" });
    const res = await call("deactivate", { key, domain: "WWW.Example.com." });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ valid: false, code: "DEACTIVATED" });
    expect(body.activation.deactivatedAt).toEqual(expect.any(String));

    const again = await call("deactivate", { key, domain: "example.com" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      code: "DEACTIVATED",
      activation: { id: body.activation.id, deactivatedAt: body.activation.deactivatedAt },
    });
    const rows = await t.deps.db
      .selectFrom("activations")
      .selectAll()
      .where("license_id", "=", id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ deactivated_by: "software", deactivated_by_user_id: null });
    expect((await activityOf(id)).map((a) => [a.action, a.actor])).toEqual([
      ["activation.created", "software"],
      ["activation.deactivated", "software"],
    ]);

    const never = await call("deactivate", { key, fingerprint: "never" });
    expect(never.status).toBe(200);
    expect((await never.json()).code).toBe("NOT_ACTIVATED");
  });
});

describe("Licensing API: bad input and throttling", () => {
  it("answers bad bodies with 4xx naming the field, never 5xx, and writes nothing", async () => {
    const { id, key } = await issue();
    const cases: [string, unknown, number, string[]][] = [
      ["activate", { key, fingerprint: "x".repeat(257) }, 422, ["body.fingerprint"]],
      ["activate", { key, fingerprint: "x".repeat(100_000) }, 422, ["body.fingerprint"]],
      ["activate", { key, fingerprint: "" }, 422, ["body.fingerprint"]],
      ["activate", { key, fingerprint: "tab\there" }, 422, ["body.fingerprint"]],
      ["activate", { key, fingerprint: "ünïcode" }, 422, ["body.fingerprint"]],
      ["activate", { key, fingerprint: 42 }, 422, ["body.fingerprint"]],
      ["activate", { key: 5, fingerprint: "m" }, 422, ["body.key"]],
      ["activate", { fingerprint: "m" }, 422, ["body.key"]],
      ["activate", { key, fingerprint: "m", domain: "example.com" }, 422, ["body.domain"]],
      ["activate", { key }, 422, ["body.fingerprint"]],
      ["activate", { key, fingerprint: "m", extra: 1 }, 422, ["body.extra"]],
      ["activate", { key, fingerprint: "m", version: "v1.0" }, 422, ["body.version"]],
      ["activate", { key, domain: ["example.com"] }, 422, ["body.domain"]],
      ["validate", { key, entitlements: "pro" }, 422, ["body.entitlements"]],
      ["validate", { key, version: "1.0" }, 422, ["body.version"]],
      ["validate", { key, fingerprint: "m", domain: "example.com" }, 422, ["body.domain"]],
      ["heartbeat", { key }, 422, ["body.fingerprint"]],
      ["deactivate", { key, fingerprint: {} }, 422, ["body.fingerprint"]],
      ["deactivate", { key: "ABCDE", fingerprint: "m" }, 422, ["body.key"]],
      ["validate", "{not json", 400, []],
    ];
    for (const [action, body, status, fields] of cases) {
      const res = await call(action, body);
      const label = `${action} ${JSON.stringify(body).slice(0, 80)}`;
      expect(res.status, label).toBe(status);
      const problem = await res.json();
      if (fields.length > 0) {
        expect(
          problem.errors.map((e: { field: string }) => e.field),
          label,
        ).toEqual(fields);
      }
    }
    expect(await activeRows(id)).toHaveLength(0);
    expect(await validationsOf(id)).toHaveLength(0);
  });

  it("throttles known and unknown keys alike after 60 calls a minute", async () => {
    const { key } = await issue();
    for (const target of [key, generateLicenseKey()]) {
      for (let i = 0; i < 60; i++) {
        const res = await call("validate", { key: target });
        expect(res.status).not.toBe(429);
      }
      const refused = await call("heartbeat", { key: target, fingerprint: "m" });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await refused.json()).toMatchObject({ code: "RATE_LIMITED", retryAfter });
    }
  });
});

describe("Licensing API: query plans", () => {
  // With sequential scans priced out, the planner still prefers a full index scan over a
  // useless filter, so the test checks that the index condition holds the lookup column.
  const shapes: [string, string, string][] = [
    ["license by key hash", "select * from licenses where key_hash = 'x'", "key_hash"],
    [
      "active bindings per kind",
      "select kind, count(*) from activations where license_id = 'x' and deactivated_at is null group by kind",
      "license_id",
    ],
    [
      "the binding of an identifier",
      "select * from activations where license_id = 'x' and kind = 'machine' and identifier = 'y' order by deactivated_at is null desc, id desc limit 1",
      "license_id",
    ],
    [
      "a release by version",
      "select published_at from releases where product_id = 'x' and version = '1.0.0'",
      "product_id",
    ],
  ];

  it.each(shapes)("%s uses an index", async (_, query, condition) => {
    const plan = await explainPlan(t.deps.db, query);
    expect(plan).toMatch(new RegExp(`Index Cond: \\(+${condition}`));
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
