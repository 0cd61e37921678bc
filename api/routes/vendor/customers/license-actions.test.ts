import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../core/time.ts";
import { insertAccount, insertProduct, insertUser } from "../../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
let productId: string;
let accountId: string;
let annualPolicyId: string;
let openEndedPolicyId: string;

beforeAll(async () => {
  t = await createTestContext();
  productId = await insertProduct(t.deps.db, "studio");
  accountId = await insertAccount(t.deps.db, "Acme");
  annualPolicyId = await createPolicy(365);
  openEndedPolicyId = await createPolicy(null);
});
afterAll(() => t.close());

async function createPolicy(durationDays: number | null): Promise<string> {
  const res = await t.vendor("POST", "/vendor/v1/policies", {
    productId,
    name: "Policy",
    maxMachines: 1,
    maxDomains: 0,
    durationDays,
    expirationStrategy: "restrict",
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

function act(id: string, action: string, body?: unknown) {
  return t.vendor("POST", `/vendor/v1/licenses/${id}/${action}`, body);
}

/** The activity entries of a license other than its creation, oldest first. */
async function activityOf(licenseId: string) {
  return t.deps.db
    .selectFrom("activity")
    .selectAll()
    .where("license_id", "=", licenseId)
    .where("action", "!=", "license.created")
    .orderBy("id")
    .execute();
}

describe("Vendor API: suspend, reinstate, revoke", () => {
  it("suspends and reinstates, recording each once", async () => {
    const license = await issue();
    const suspended = await act(license.id, "suspend");
    expect(suspended.status).toBe(200);
    const body = await suspended.json();
    expect(body).toMatchObject({ id: license.id, status: "suspended", revokedAt: null });
    expect(body.suspendedAt).toEqual(expect.any(String));

    const again = await (await act(license.id, "suspend")).json();
    expect(again.suspendedAt).toBe(body.suspendedAt);

    const reinstated = await act(license.id, "reinstate");
    expect(reinstated.status).toBe(200);
    expect(await reinstated.json()).toMatchObject({ status: "active", suspendedAt: null });
    expect((await act(license.id, "reinstate")).status).toBe(200);

    const entries = await activityOf(license.id);
    expect(entries.map((e) => e.action)).toEqual(["license.suspended", "license.reinstated"]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        account_id: accountId,
        actor: "vendor",
        subject_type: "license",
        subject_id: license.id,
        user_id: null,
      });
    }
    expect(entries[1]!.data).toEqual({ suspendedAt: body.suspendedAt });
  });

  it("revokes for good: idempotent, and no reinstating, suspending or renewing afterwards", async () => {
    const license = await issue();
    const revoked = await (await act(license.id, "revoke")).json();
    expect(revoked).toMatchObject({ status: "revoked", revokedAt: expect.any(String) });
    const again = await act(license.id, "revoke");
    expect(again.status).toBe(200);
    expect((await again.json()).revokedAt).toBe(revoked.revokedAt);

    for (const action of ["reinstate", "suspend", "renew"]) {
      const res = await act(license.id, action);
      expect(res.status, action).toBe(409);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await res.json();
      expect(problem.code).toBe("INVALID_STATE");
      expect(problem.errors).toEqual([expect.objectContaining({ field: "path.id" })]);
    }
    const after = await (await t.vendor("GET", `/vendor/v1/licenses/${license.id}`)).json();
    expect(after).toEqual(revoked);
    expect((await activityOf(license.id)).map((e) => e.action)).toEqual(["license.revoked"]);
  });

  it("answers 404 for every action on an unknown license", async () => {
    const missing = "lic_00000000000000000000000000";
    for (const action of ["suspend", "reinstate", "revoke", "renew"]) {
      const res = await act(missing, action);
      expect(res.status, action).toBe(404);
      expect((await res.json()).code).toBe("NOT_FOUND");
    }
    const users = await t.vendor("PUT", `/vendor/v1/licenses/${missing}/users`, { userIds: [] });
    expect(users.status).toBe(404);
  });
});

describe("Vendor API: renew", () => {
  it("extends an unexpired license from its current end by the policy's duration", async () => {
    const expiresAt = new Date(Date.now() + 10 * DAY_MS);
    const maintenance = new Date(Date.now() + 5 * DAY_MS);
    const license = await issue({
      expiresAt: expiresAt.toISOString(),
      maintenanceExpiresAt: maintenance.toISOString(),
    });
    expect(license.status).toBe("expiring");
    const res = await act(license.id, "renew");
    expect(res.status).toBe(200);
    const renewed = await res.json();
    expect(renewed.expiresAt).toBe(new Date(expiresAt.getTime() + 365 * DAY_MS).toISOString());
    expect(renewed.maintenanceExpiresAt).toBe(
      new Date(maintenance.getTime() + 365 * DAY_MS).toISOString(),
    );
    expect(renewed.status).toBe("active");

    const [entry] = await activityOf(license.id);
    expect(entry).toMatchObject({
      action: "license.renewed",
      actor: "vendor",
      account_id: accountId,
      data: {
        days: 365,
        previousExpiresAt: expiresAt.toISOString(),
        expiresAt: renewed.expiresAt,
        maintenanceExpiresAt: renewed.maintenanceExpiresAt,
      },
    });
  });

  it("counts from now for an expired license, with the days given", async () => {
    const license = await issue({ expiresAt: new Date(Date.now() - 100 * DAY_MS).toISOString() });
    expect(license.status).toBe("expired");
    const before = Date.now();
    const renewed = await (await act(license.id, "renew", { days: 60 })).json();
    const expires = Date.parse(renewed.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 60 * DAY_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + 60 * DAY_MS);
    expect(renewed.maintenanceExpiresAt).toBe(renewed.expiresAt);
    expect(renewed.status).toBe("active");
  });

  it("keeps a suspended license suspended and leaves an open end open", async () => {
    const license = await issue({ maintenanceExpiresAt: null });
    await act(license.id, "suspend");
    const renewed = await (await act(license.id, "renew", { days: 10 })).json();
    expect(renewed.status).toBe("suspended");
    expect(renewed.maintenanceExpiresAt).toBeNull();
    expect(renewed.expiresAt).toBe(
      new Date(Date.parse(license.expiresAt) + 10 * DAY_MS).toISOString(),
    );
  });

  it("needs days when the policy has no duration, and refuses a license that never expires", async () => {
    const license = await issue({
      policyId: openEndedPolicyId,
      expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
    });
    const missing = await act(license.id, "renew", {});
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [{ field: "body.days" }],
    });
    expect(await (await t.vendor("GET", `/vendor/v1/licenses/${license.id}`)).json()).toEqual(
      license,
    );
    const given = await act(license.id, "renew", { days: 7 });
    expect(given.status).toBe(200);
    expect((await given.json()).expiresAt).toBe(
      new Date(Date.parse(license.expiresAt) + 7 * DAY_MS).toISOString(),
    );

    const perpetual = await issue({ policyId: openEndedPolicyId });
    const res = await act(perpetual.id, "renew", { days: 30 });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe("INVALID_STATE");
    expect(await activityOf(perpetual.id)).toEqual([]);
  });

  it("answers 422 naming a bad days value and changes nothing", async () => {
    const license = await issue();
    for (const body of [{ days: 0 }, { days: -5 }, { days: 1.5 }, { days: "30" }]) {
      const res = await act(license.id, "renew", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).errors).toEqual([expect.objectContaining({ field: "body.days" })]);
    }
    const unknown = await act(license.id, "renew", { days: 3, from: "now" });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors).toEqual([
      expect.objectContaining({ field: "body.from" }),
    ]);
    expect(await (await t.vendor("GET", `/vendor/v1/licenses/${license.id}`)).json()).toEqual(
      license,
    );
    expect(await activityOf(license.id)).toEqual([]);
  });
});

describe("Vendor API: assigned users", () => {
  it("replaces the assigned users and records who was added and removed", async () => {
    const [a, b, c] = [
      await insertUser(t.deps.db, accountId),
      await insertUser(t.deps.db, accountId, "admin"),
      await insertUser(t.deps.db, accountId),
    ];
    const license = await issue({ userIds: [a, b] });
    const res = await t.vendor("PUT", `/vendor/v1/licenses/${license.id}/users`, {
      userIds: [b, c, c],
    });
    expect(res.status).toBe(200);
    const updated = await res.json();
    expect([...updated.userIds].sort()).toEqual([b, c].sort());
    const [entry] = await activityOf(license.id);
    expect(entry).toMatchObject({
      action: "license.users_assigned",
      actor: "vendor",
      account_id: accountId,
      data: { added: [c], removed: [a] },
    });

    const same = await t.vendor("PUT", `/vendor/v1/licenses/${license.id}/users`, {
      userIds: [c, b],
    });
    expect(same.status).toBe(200);
    expect(await activityOf(license.id)).toHaveLength(1);

    const cleared = await (
      await t.vendor("PUT", `/vendor/v1/licenses/${license.id}/users`, { userIds: [] })
    ).json();
    expect(cleared.userIds).toEqual([]);
    expect(await activityOf(license.id)).toHaveLength(2);
  });

  it("refuses users of another account and malformed bodies, changing nothing", async () => {
    const own = await insertUser(t.deps.db, accountId);
    const otherAccount = await insertAccount(t.deps.db, "Other");
    const stranger = await insertUser(t.deps.db, otherAccount);
    const license = await issue({ userIds: [own] });

    const res = await t.vendor("PUT", `/vendor/v1/licenses/${license.id}/users`, {
      userIds: [stranger],
    });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem).toMatchObject({
      code: "UNKNOWN_REFERENCE",
      errors: [{ field: "body.userIds" }],
    });
    expect(problem.detail).toContain(stranger);

    for (const [body, field] of [
      [{}, "body.userIds"],
      [{ userIds: own }, "body.userIds"],
      [{ userIds: [own], role: "admin" }, "body.role"],
    ] as const) {
      const bad = await t.vendor("PUT", `/vendor/v1/licenses/${license.id}/users`, body);
      expect(bad.status, JSON.stringify(body)).toBe(422);
      expect((await bad.json()).errors).toEqual([expect.objectContaining({ field })]);
    }
    const after = await (await t.vendor("GET", `/vendor/v1/licenses/${license.id}`)).json();
    expect(after.userIds).toEqual([own]);
    expect(await activityOf(license.id)).toEqual([]);
  });
});
