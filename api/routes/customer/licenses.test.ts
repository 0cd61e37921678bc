import type { CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy } from "../../catalogue/policy-service.ts";
import { createId } from "../../core/ids.ts";
import { DAY_MS } from "../../core/time.ts";
import { customerLicenseListQuery } from "../../licenses/customer-license-service.ts";
import { createLicense } from "../../licenses/license-service.ts";
import { insertEntitlement, insertProduct } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { explainPlan } from "../../test/query-plan.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

let t: TestContext;
let owner: SignedInUser;
let member: SignedInUser;
let studioId: string;
let vaultId: string;
let restrictPolicy: string;
let revokePolicy: string;

interface Item {
  id: string;
  name: string;
  product: { id: string; name: string };
  status: string;
  keyMasked: string;
  machines: { used: number; total: number };
  domains: { used: number; total: number };
}

beforeAll(async () => {
  t = await createTestContext();
  const db = t.deps.db;
  owner = await signedInUser(t, { name: "Olive Owner" });
  member = await signedInUser(t, {
    role: "member",
    name: "Max Member",
    accountId: owner.accountId,
  });
  studioId = await insertProduct(db, "studio");
  vaultId = await insertProduct(db, "vault");
  await insertEntitlement(db, "sso");
  restrictPolicy = (
    await createPolicy(db, {
      productId: studioId,
      name: "Studio Annual",
      maxMachines: 3,
      maxDomains: 0,
      durationDays: 365,
      expirationStrategy: "restrict",
      heartbeatSeconds: 3600,
      deactivationLimit: 3,
      deactivationWindowDays: 30,
      entitlements: ["sso"],
    })
  ).id;
  revokePolicy = (
    await createPolicy(db, {
      productId: vaultId,
      name: "Vault Sites",
      maxMachines: 0,
      maxDomains: 2,
      durationDays: 30,
      expirationStrategy: "revoke",
      protected: true,
    })
  ).id;
});
afterAll(() => t.close());

async function issue(policyId: string, fields: Record<string, unknown> = {}) {
  return createLicense(t.deps.db, t.deps.keys, {
    accountId: owner.accountId,
    policyId,
    ...fields,
  });
}

async function activate(licenseId: string, kind: "machine" | "domain", deactivated = false) {
  await t.deps.db
    .insertInto("activations")
    .values({
      id: createId("act"),
      license_id: licenseId,
      account_id: owner.accountId,
      kind,
      identifier: createId("act"),
      last_seen_at: new Date(),
      deactivated_at: deactivated ? new Date() : null,
      deactivated_by: deactivated ? "customer" : null,
    })
    .execute();
}

async function list(
  user: SignedInUser,
  query = "",
): Promise<{ data: Item[]; nextCursor: string | null }> {
  const res = await user.call("GET", `/v1/licenses${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { data: Item[]; nextCursor: string | null };
}

describe("GET /v1/licenses", () => {
  let studio: string;
  let vault: string;
  let expired: string;
  beforeAll(async () => {
    studio = (await issue(restrictPolicy, { name: "Design team", userIds: [member.userId] })).id;
    vault = (await issue(revokePolicy, { name: "Marketing sites" })).id;
    expired = (
      await issue(restrictPolicy, { name: "Old seat", expiresAt: new Date(Date.now() - DAY_MS) })
    ).id;
    await activate(studio, "machine");
    await activate(studio, "machine");
    await activate(studio, "machine", true);
    await activate(vault, "domain");
  });

  it("lists the account's licenses newest first with product, masked key and usage", async () => {
    const page = await list(owner);
    expect(page.data.map((item) => item.id)).toEqual([expired, vault, studio]);
    const first = page.data.find((item) => item.id === studio)!;
    expect(first).toMatchObject({
      name: "Design team",
      product: { id: studioId, name: "Product studio" },
      status: "active",
      machines: { used: 2, total: 3 },
      domains: { used: 0, total: 0 },
    });
    expect(first.keyMasked).toMatch(/^•••••-•••••-•••••-•••••-[0-9A-Z]{5}$/);
    expect(page.data.find((item) => item.id === vault)?.domains).toEqual({ used: 1, total: 2 });
    expect(page.data.find((item) => item.id === expired)?.status).toBe("expired");
  });

  it("filters by status and product", async () => {
    expect((await list(owner, "?status=expired")).data.map((i) => i.id)).toEqual([expired]);
    expect((await list(owner, `?productId=${vaultId}`)).data.map((i) => i.id)).toEqual([vault]);
    expect((await list(owner, `?productId=${vaultId}&status=expired`)).data).toEqual([]);
  });

  it("searches license name, product name and the key's tail, ignoring case", async () => {
    expect((await list(owner, "?q=design")).data.map((i) => i.id)).toEqual([studio]);
    expect((await list(owner, "?q=VAULT")).data.map((i) => i.id)).toEqual([vault]);
    const key = await t.deps.db
      .selectFrom("licenses")
      .select("key_last5")
      .where("id", "=", vault)
      .executeTakeFirstOrThrow();
    const tail = key.key_last5.slice(-3).toLowerCase();
    const found = (await list(owner, `?q=${tail}`)).data.map((i) => i.id);
    expect(found).toContain(vault);
    expect((await list(owner, `?q=-${key.key_last5}`)).data.map((i) => i.id)).toEqual([vault]);
    expect((await list(owner, "?q=%25")).data).toEqual([]);
  });

  it("refuses a search longer than 100 characters and an unknown status", async () => {
    const long = await owner.call("GET", `/v1/licenses?q=${"a".repeat(101)}`);
    expect(long.status).toBe(422);
    expect(JSON.stringify(await long.json())).toContain("query.q");
    expect((await owner.call("GET", "/v1/licenses?status=lost")).status).toBe(422);
  });

  it("pages with a cursor", async () => {
    const first = await list(owner, "?limit=2");
    expect(first.data.map((i) => i.id)).toEqual([expired, vault]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(owner, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((i) => i.id)).toEqual([studio]);
    expect(second.nextCursor).toBeNull();
  });

  it("shows a member only the licenses assigned to them", async () => {
    expect((await list(member)).data.map((i) => i.id)).toEqual([studio]);
  });

  it("needs a session", async () => {
    expect((await t.publicApp.request("/v1/licenses")).status).toBe(401);
  });
});

describe("GET /v1/licenses/{id}", () => {
  it("explains the rules in plain words per strategy", async () => {
    const studio = await issue(restrictPolicy, { userIds: [member.userId] });
    const res = await member.call("GET", `/v1/licenses/${studio.id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      id: studio.id,
      policy: { name: "Studio Annual", expirationStrategy: "restrict", protected: false },
      entitlements: [{ code: "sso", name: "sso" }],
      assignedUsers: [{ id: member.userId, name: "Max Member", email: member.email }],
      heartbeatSeconds: 3600,
      deactivations: { limit: 3, windowDays: 30, usedInWindow: 0, left: 3, nextAllowedAt: null },
    });
    expect(body.policy.rules).toEqual([
      "Up to 3 machines at a time.",
      "After it expires, versions released before then keep working; newer versions need a renewal.",
      "You can deactivate up to 3 machines every 30 days.",
      "Machines check in every hour; one that stays offline for 2 hours is released.",
    ]);

    const vault = await issue(revokePolicy);
    await activate(vault.id, "domain", true);
    const locked = await (await owner.call("GET", `/v1/licenses/${vault.id}`)).json();
    expect(locked.policy.rules).toEqual([
      "Up to 2 domains at a time.",
      "When it expires, it stops working until you renew it.",
      "This license is locked to its domains; contact support to move it.",
    ]);
    expect(locked.policy.protected).toBe(true);
    expect(locked.deactivations).toEqual({
      limit: null,
      windowDays: 30,
      usedInWindow: 1,
      left: null,
      nextAllowedAt: null,
    });
  });

  it("says when a license never expires", async () => {
    const perpetual = await issue(restrictPolicy, { expiresAt: null });
    const body = await (await owner.call("GET", `/v1/licenses/${perpetual.id}`)).json();
    expect(body.policy.rules).toContain("It does not expire.");
  });
});

describe("POST /v1/licenses/{id}/key", () => {
  it("reveals the decrypted key, records it and sends no-store", async () => {
    const license = await issue(restrictPolicy, { userIds: [member.userId] });
    const res = await member.call("POST", `/v1/licenses/${license.id}/key`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { key } = (await res.json()) as { key: string };
    expect(key).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect(key.endsWith(license.key_last5)).toBe(true);
    const entries = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("action", "=", "license.key_revealed")
      .where("license_id", "=", license.id)
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: "customer",
      user_id: member.userId,
      account_id: owner.accountId,
      subject_id: license.id,
    });
    expect(entries[0]?.ip).toBeTruthy();
  });

  it("allows 20 reveals an hour per user, then answers 429", async () => {
    const reader = await signedInUser(t, { role: "admin", accountId: owner.accountId });
    const license = await issue(revokePolicy);
    for (let i = 0; i < 20; i++) {
      expect((await reader.call("POST", `/v1/licenses/${license.id}/key`)).status).toBe(200);
    }
    const refused = await reader.call("POST", `/v1/licenses/${license.id}/key`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const count = await t.deps.db
      .selectFrom("activity")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "license.key_revealed")
      .where("user_id", "=", reader.userId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(20);
    // Another user is not held back by it.
    expect((await owner.call("POST", `/v1/licenses/${license.id}/key`)).status).toBe(200);
  });
});

describe("GET /v1/licenses/{id}/validations", () => {
  it("lists validation events newest first with a cursor", async () => {
    const license = await issue(restrictPolicy);
    const ids: string[] = [];
    for (const [i, code] of ["VALID", "TOO_MANY_MACHINES", "VALID"].entries()) {
      const id = createId("val", Date.now() + i);
      ids.push(id);
      await t.deps.db
        .insertInto("validation_events")
        .values({
          id,
          license_id: license.id,
          account_id: owner.accountId,
          code,
          valid: code === "VALID",
          fingerprint: `fp-${i}`,
          version: "1.2.0",
          ip: "203.0.113.9",
        })
        .execute();
    }
    const res = await owner.call("GET", `/v1/licenses/${license.id}/validations?limit=2`);
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.data.map((v: { id: string }) => v.id)).toEqual([ids[2], ids[1]]);
    expect(page.data[1]).toMatchObject({
      code: "TOO_MANY_MACHINES",
      valid: false,
      fingerprint: "fp-1",
      domain: null,
      version: "1.2.0",
      ip: "203.0.113.9",
      activationId: null,
    });
    const next = await (
      await owner.call(
        "GET",
        `/v1/licenses/${license.id}/validations?limit=2&cursor=${page.nextCursor}`,
      )
    ).json();
    expect(next.data.map((v: { id: string }) => v.id)).toEqual([ids[0]]);
    expect(next.nextCursor).toBeNull();
  });
});

const explain = (query: { compile(): CompiledQuery }) => explainPlan(t.deps.db, query);

describe("list query plan", () => {
  it("reads an owner's licenses newest first through the account index", async () => {
    const plan = await explain(
      customerLicenseListQuery(
        t.deps.db,
        { userId: owner.userId, accountId: owner.accountId, role: "owner" },
        { limit: 25 },
      ),
    );
    expect(plan).toMatch(/Index Scan Backward using licenses_account_idx on licenses/);
  });

  it("reads a member's filtered licenses through the account-product index", async () => {
    const plan = await explain(
      customerLicenseListQuery(
        t.deps.db,
        { userId: member.userId, accountId: owner.accountId, role: "member" },
        { limit: 25, productId: studioId, status: "active", q: "studio" },
      ),
    );
    expect(plan).toMatch(/Index Scan Backward using licenses_account_product_idx on licenses/);
    expect(plan).toMatch(/using license_users_\w+ on license_users/);
  });
});
