import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../core/time.ts";
import { decryptLicenseKey } from "../../../licenses/license-key.ts";
import { findLicenseByKey } from "../../../licenses/license-service.ts";
import {
  insertAccount,
  insertEntitlement,
  insertProduct,
  insertUser,
} from "../../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

const KEY_FORMAT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;

let t: TestContext;
let productId: string;
let accountId: string;
let otherAccountId: string;
let annualPolicyId: string;
let perpetualPolicyId: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.deps.db;
  productId = await insertProduct(db, "studio");
  accountId = await insertAccount(db, "Acme");
  otherAccountId = await insertAccount(db, "Other");
  await insertEntitlement(db, "sso");
  await insertEntitlement(db, "export");
  annualPolicyId = await createPolicy({ durationDays: 365, entitlements: ["sso"] });
  perpetualPolicyId = await createPolicy({ name: "Perpetual", maxDomains: 2 });
});
afterAll(() => t.close());

async function createPolicy(fields: Record<string, unknown> = {}): Promise<string> {
  const res = await t.vendor("POST", "/vendor/v1/policies", {
    productId,
    name: "Annual",
    maxMachines: 3,
    maxDomains: 0,
    expirationStrategy: "revoke",
    ...fields,
  });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

async function issue(fields: Record<string, unknown> = {}) {
  const res = await t.vendor("POST", "/vendor/v1/licenses", {
    accountId,
    policyId: annualPolicyId,
    ...fields,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function fieldsOf(res: Response): Promise<string[]> {
  const problem = await res.json();
  return problem.errors.map((e: { field: string }) => e.field).sort();
}

/** Row counts of every table a license write touches. */
async function counts() {
  const db = t.deps.db;
  const count = async (table: "licenses" | "license_users" | "license_entitlements" | "activity") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    licenses: await count("licenses"),
    users: await count("license_users"),
    entitlements: await count("license_entitlements"),
    activity: await count("activity"),
  };
}

describe("Vendor API: issuing licenses", () => {
  it("issues a license with the policy's defaults and reads it back", async () => {
    const before = Date.now();
    const license = await issue();
    expect(license).toEqual({
      id: expect.stringMatching(/^lic_[0-9A-Z]{26}$/),
      accountId,
      productId,
      policyId: annualPolicyId,
      name: "Product studio",
      key: expect.stringMatching(KEY_FORMAT),
      keyMasked: expect.any(String),
      status: "active",
      expiresAt: expect.any(String),
      maintenanceExpiresAt: expect.any(String),
      maxMachines: 3,
      maxDomains: 0,
      overrides: { maxMachines: null, maxDomains: null },
      entitlements: ["sso"],
      userIds: [],
      suspendedAt: null,
      revokedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(license.keyMasked).toBe(`•••••-•••••-•••••-•••••-${license.key.slice(-5)}`);
    const expires = Date.parse(license.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 365 * DAY_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + 365 * DAY_MS);
    expect(license.maintenanceExpiresAt).toBe(license.expiresAt);
    expect(new Date(license.expiresAt).toISOString()).toBe(license.expiresAt);

    const read = await t.vendor("GET", `/vendor/v1/licenses/${license.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(license);
  });

  it("stores the key only encrypted and hashed, and finds the license by the typed key", async () => {
    const license = await issue();
    const row = await t.deps.db
      .selectFrom("licenses")
      .selectAll()
      .where("id", "=", license.id)
      .executeTakeFirstOrThrow();
    const compact = license.key.replaceAll("-", "");
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(license.key);
    expect(stored).not.toContain(compact);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.key_last5).toBe(license.key.slice(-5));
    expect(decryptLicenseKey(t.deps.keys, row.key_encrypted)).toBe(license.key);

    const typed = ` ${license.key.toLowerCase().replaceAll("-", " ")} `;
    expect((await findLicenseByKey(t.deps.db, t.deps.keys, typed))?.id).toBe(license.id);
    expect((await findLicenseByKey(t.deps.db, t.deps.keys, compact))?.id).toBe(license.id);
    expect(await findLicenseByKey(t.deps.db, t.deps.keys, "not a key")).toBeNull();
    const other = license.key.startsWith("0") ? `1${compact.slice(1)}` : `0${compact.slice(1)}`;
    expect(await findLicenseByKey(t.deps.db, t.deps.keys, other)).toBeNull();

    const second = await issue();
    expect(second.key).not.toBe(license.key);
  });

  it("takes every field given and answers in UTC", async () => {
    const member = await insertUser(t.deps.db, accountId);
    const admin = await insertUser(t.deps.db, accountId, "admin");
    const license = await issue({
      name: "Design team",
      expiresAt: "2031-03-01T10:00:00+02:00",
      maintenanceExpiresAt: "2030-03-01T08:00:00Z",
      maxMachines: 10,
      maxDomains: null,
      entitlements: ["export", "sso", "export"],
      userIds: [member, admin, member],
    });
    expect(license).toMatchObject({
      name: "Design team",
      expiresAt: "2031-03-01T08:00:00.000Z",
      maintenanceExpiresAt: "2030-03-01T08:00:00.000Z",
      maxMachines: 10,
      maxDomains: 0,
      overrides: { maxMachines: 10, maxDomains: null },
      entitlements: ["export", "sso"],
      status: "active",
    });
    expect([...license.userIds].sort()).toEqual([member, admin].sort());
  });

  it("issues perpetual licenses from a perpetual policy or an explicit null", async () => {
    const perpetual = await issue({ policyId: perpetualPolicyId });
    expect(perpetual).toMatchObject({
      expiresAt: null,
      maintenanceExpiresAt: null,
      status: "active",
      maxDomains: 2,
      entitlements: [],
    });
    const explicit = await issue({ expiresAt: null, entitlements: [] });
    expect(explicit).toMatchObject({
      expiresAt: null,
      maintenanceExpiresAt: null,
      entitlements: [],
    });
    const maintained = await issue({
      policyId: perpetualPolicyId,
      maintenanceExpiresAt: "2030-01-01T00:00:00Z",
    });
    expect(maintained).toMatchObject({
      expiresAt: null,
      maintenanceExpiresAt: "2030-01-01T00:00:00.000Z",
    });
  });

  it("records the issue in the account's activity", async () => {
    const license = await issue();
    const rows = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("license_id", "=", license.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      account_id: accountId,
      actor: "vendor",
      action: "license.created",
      subject_type: "license",
      subject_id: license.id,
      user_id: null,
      data: { policyId: annualPolicyId, productId },
    });
    expect(rows[0]!.id).toMatch(/^evt_/);
  });

  it("answers 422 naming each malformed field and writes nothing", async () => {
    const before = await counts();
    const base = { accountId, policyId: annualPolicyId };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ policyId: annualPolicyId }, ["body.accountId"]],
      [{ accountId }, ["body.policyId"]],
      [{ ...base, accountId: 42 }, ["body.accountId"]],
      [{ ...base, name: "" }, ["body.name"]],
      [{ ...base, expiresAt: "tomorrow" }, ["body.expiresAt"]],
      [{ ...base, expiresAt: "2027-02-30T00:00:00Z" }, ["body.expiresAt"]],
      [{ ...base, expiresAt: "2027-01-01" }, ["body.expiresAt"]],
      [{ ...base, maintenanceExpiresAt: 1767225600000 }, ["body.maintenanceExpiresAt"]],
      [{ ...base, maxMachines: -1 }, ["body.maxMachines"]],
      [{ ...base, maxDomains: 2.5 }, ["body.maxDomains"]],
      [{ ...base, maxDomains: "2" }, ["body.maxDomains"]],
      [{ ...base, entitlements: "sso" }, ["body.entitlements"]],
      [{ ...base, userIds: "usr_x" }, ["body.userIds"]],
      [{ ...base, userIds: [7] }, ["body.userIds.0"]],
      [{ ...base, key: "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA" }, ["body.key"]],
      [{ ...base, productId }, ["body.productId"]],
    ];
    for (const [body, fields] of cases) {
      const res = await t.vendor("POST", "/vendor/v1/licenses", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(await fieldsOf(res), JSON.stringify(body)).toEqual(fields);
    }
    expect(await counts()).toEqual(before);
  });

  it("answers 422 UNKNOWN_REFERENCE for what does not exist or is another account's, writing nothing", async () => {
    const stranger = await insertUser(t.deps.db, otherAccountId);
    const member = await insertUser(t.deps.db, accountId);
    const before = await counts();
    const base = { accountId, policyId: annualPolicyId };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, accountId: "acc_00000000000000000000000000" }, "body.accountId"],
      [{ ...base, policyId: "pol_00000000000000000000000000" }, "body.policyId"],
      [{ ...base, entitlements: ["sso", "warp-drive"] }, "body.entitlements"],
      [{ ...base, userIds: [member, stranger] }, "body.userIds"],
      [{ ...base, userIds: ["usr_00000000000000000000000000"] }, "body.userIds"],
    ];
    for (const [body, field] of cases) {
      const res = await t.vendor("POST", "/vendor/v1/licenses", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await res.json();
      expect(problem.code).toBe("UNKNOWN_REFERENCE");
      expect(problem.errors).toEqual([expect.objectContaining({ field })]);
    }
    expect(await counts()).toEqual(before);
  });
});

describe("Vendor API: updating licenses", () => {
  it("updates fields, resets overrides, replaces entitlements and records the change", async () => {
    const license = await issue({ maxMachines: 9 });
    const res = await t.vendor("PATCH", `/vendor/v1/licenses/${license.id}`, {
      name: "Renamed",
      expiresAt: null,
      maxMachines: null,
      maxDomains: 4,
      entitlements: ["export"],
    });
    expect(res.status).toBe(200);
    const updated = await res.json();
    expect(updated).toMatchObject({
      id: license.id,
      key: license.key,
      name: "Renamed",
      expiresAt: null,
      maintenanceExpiresAt: license.maintenanceExpiresAt,
      maxMachines: 3,
      maxDomains: 4,
      overrides: { maxMachines: null, maxDomains: 4 },
      entitlements: ["export"],
    });
    expect(updated.updatedAt >= license.updatedAt).toBe(true);
    expect(await (await t.vendor("GET", `/vendor/v1/licenses/${license.id}`)).json()).toEqual(
      updated,
    );

    const entry = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("license_id", "=", license.id)
      .where("action", "=", "license.updated")
      .executeTakeFirstOrThrow();
    expect(entry.actor).toBe("vendor");
    expect([...(entry.data.fields as string[])].sort()).toEqual([
      "entitlements",
      "expiresAt",
      "maxDomains",
      "maxMachines",
      "name",
    ]);
  });

  it("rejects bad input, leaves the license as it was, and answers 404 for unknown ids", async () => {
    const license = await issue();
    const before = await counts();
    const bad: [Record<string, unknown>, string[]][] = [
      [{ maxMachines: -3 }, ["body.maxMachines"]],
      [{ expiresAt: "31/12/2030" }, ["body.expiresAt"]],
      [{ accountId: otherAccountId }, ["body.accountId"]],
      [{ policyId: perpetualPolicyId }, ["body.policyId"]],
      [{ name: ["x"] }, ["body.name"]],
    ];
    for (const [body, fields] of bad) {
      const res = await t.vendor("PATCH", `/vendor/v1/licenses/${license.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(await fieldsOf(res)).toEqual(fields);
    }
    const unknown = await t.vendor("PATCH", `/vendor/v1/licenses/${license.id}`, {
      name: "Should not stick",
      entitlements: ["nope"],
    });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).code).toBe("UNKNOWN_REFERENCE");
    expect(await (await t.vendor("GET", `/vendor/v1/licenses/${license.id}`)).json()).toEqual(
      license,
    );
    expect(await counts()).toEqual(before);

    const missing = "lic_00000000000000000000000000";
    expect((await t.vendor("GET", `/vendor/v1/licenses/${missing}`)).status).toBe(404);
    const patch = await t.vendor("PATCH", `/vendor/v1/licenses/${missing}`, { name: "X" });
    expect(patch.status).toBe(404);
    expect((await patch.json()).code).toBe("NOT_FOUND");
    expect((await t.vendor("GET", "/vendor/v1/licenses/garbage")).status).toBe(404);
  });
});

describe("Vendor API: listing licenses", () => {
  it("pages newest first and filters by account and product", async () => {
    const account = await insertAccount(t.deps.db, "Lister");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await issue({ accountId: account })).id);
    const first = await (
      await t.vendor("GET", `/vendor/v1/licenses?accountId=${account}&limit=2`)
    ).json();
    expect(first.data.map((l: { id: string }) => l.id)).toEqual([ids[2], ids[1]]);
    expect(first.data[0].key).toMatch(KEY_FORMAT);
    const second = await (
      await t.vendor(
        "GET",
        `/vendor/v1/licenses?accountId=${account}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });

    const otherProduct = await insertProduct(t.deps.db);
    const otherPolicy = await createPolicy({ productId: otherProduct });
    const elsewhere = await issue({ accountId: account, policyId: otherPolicy });
    const byProduct = await (
      await t.vendor("GET", `/vendor/v1/licenses?accountId=${account}&productId=${otherProduct}`)
    ).json();
    expect(byProduct.data.map((l: { id: string }) => l.id)).toEqual([elsewhere.id]);
    expect(byProduct.data[0].productId).toBe(otherProduct);

    const everything = await (await t.vendor("GET", "/vendor/v1/licenses?limit=100")).json();
    const accounts = new Set(everything.data.map((l: { accountId: string }) => l.accountId));
    expect(accounts).toEqual(new Set([accountId, account]));
  });

  it("filters by derived status in SQL, using each account's warning window", async () => {
    const db = t.deps.db;
    const account = await insertAccount(db, "Statuses");
    const shortWindow = await insertAccount(db, "Short window");
    await db
      .updateTable("accounts")
      .set({ expiry_warning_days: 3 })
      .where("id", "=", shortWindow)
      .execute();
    const at = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
    const made = {
      active: await issue({ accountId: account, expiresAt: at(200) }),
      perpetual: await issue({ accountId: account, expiresAt: null }),
      expiring: await issue({ accountId: account, expiresAt: at(5) }),
      expired: await issue({ accountId: account, expiresAt: at(-1) }),
      suspended: await issue({ accountId: account, expiresAt: at(-1) }),
      revoked: await issue({ accountId: account }),
      shortActive: await issue({ accountId: shortWindow, expiresAt: at(5) }),
      shortExpiring: await issue({ accountId: shortWindow, expiresAt: at(2) }),
    };
    await db
      .updateTable("licenses")
      .set({ suspended_at: new Date() })
      .where("id", "in", [made.suspended.id, made.revoked.id])
      .execute();
    await db
      .updateTable("licenses")
      .set({ revoked_at: new Date() })
      .where("id", "=", made.revoked.id)
      .execute();

    const expected: Record<string, string[]> = {
      active: [made.active.id, made.perpetual.id, made.shortActive.id],
      expiring: [made.expiring.id, made.shortExpiring.id],
      expired: [made.expired.id],
      suspended: [made.suspended.id],
      revoked: [made.revoked.id],
    };
    for (const [status, ids] of Object.entries(expected)) {
      const found: { id: string; status: string }[] = [];
      for (const owner of [account, shortWindow]) {
        const page = await (
          await t.vendor("GET", `/vendor/v1/licenses?accountId=${owner}&status=${status}`)
        ).json();
        found.push(...page.data);
      }
      expect(found.map((l) => l.id).sort(), status).toEqual([...ids].sort());
      for (const license of found) expect(license.status).toBe(status);
    }

    const paged = await (
      await t.vendor("GET", `/vendor/v1/licenses?accountId=${account}&status=active&limit=1`)
    ).json();
    expect(paged.data).toHaveLength(1);
    const rest = await (
      await t.vendor(
        "GET",
        `/vendor/v1/licenses?accountId=${account}&status=active&limit=1&cursor=${paged.nextCursor}`,
      )
    ).json();
    expect(rest.nextCursor).toBeNull();
    expect([paged.data[0].id, rest.data[0].id].sort()).toEqual(
      [made.active.id, made.perpetual.id].sort(),
    );
  });

  it("answers 422 naming a bad query parameter", async () => {
    for (const [query, field] of [
      ["status=dormant", "query.status"],
      ["limit=101", "query.limit"],
      ["limit=abc", "query.limit"],
      ["cursor=%%%", "query.cursor"],
    ]) {
      const res = await t.vendor("GET", `/vendor/v1/licenses?${query}`);
      expect(res.status, query).toBe(422);
      expect(await fieldsOf(res), query).toEqual([field]);
    }
  });
});
