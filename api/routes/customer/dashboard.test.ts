import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dashboardCountsQuery,
  foldLicenseFigureDeltas,
  getDashboard,
} from "../../accounts/dashboard-service.ts";
import { recordActivity } from "../../activity/activity-service.ts";
import { createPolicy } from "../../catalogue/policy-service.ts";
import { createId } from "../../core/ids.ts";
import { DAY_MS } from "../../core/time.ts";
import { createLicense } from "../../licenses/license-service.ts";
import { insertProduct } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { explainPlan } from "../../test/query-plan.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

let t: TestContext;
let productId: string;
let policyId: string;
/** An account with a license of every kind, so no test passes by finding another account empty. */
let stranger: SignedInUser;

beforeAll(async () => {
  t = await createTestContext();
  productId = await insertProduct(t.deps.db);
  policyId = (
    await createPolicy(t.deps.db, {
      productId,
      name: "Studio",
      maxMachines: 3,
      maxDomains: 2,
      expirationStrategy: "restrict",
    })
  ).id;
  stranger = await signedInUser(t, { name: "Sam Stranger" });
  for (const state of ["active", "expiring", "expired", "suspended", "revoked"] as const) {
    const id = await license(stranger.accountId, state === "expiring" ? { expiresInDays: 3 } : {});
    if (state === "expired") await setLicense(id, { expires_at: new Date(Date.now() - DAY_MS) });
    if (state === "suspended") await setLicense(id, { suspended_at: new Date() });
    if (state === "revoked") await setLicense(id, { revoked_at: new Date() });
    await activate(id, stranger.accountId, 3);
    await validation(id, stranger.accountId, { valid: false });
  }
});
afterAll(() => t.close());

interface LicenseOptions {
  expiresInDays?: number | null;
  maxMachines?: number | null;
  maxDomains?: number | null;
  userIds?: string[];
  name?: string;
}

async function license(
  accountId: string,
  { expiresInDays = null, maxMachines, maxDomains, userIds = [], name }: LicenseOptions = {},
) {
  const row = await createLicense(t.deps.db, t.deps.keys, {
    accountId,
    policyId,
    name,
    userIds,
    maxMachines,
    maxDomains,
    expiresAt: expiresInDays === null ? null : new Date(Date.now() + expiresInDays * DAY_MS),
  });
  return row.id;
}

function setLicense(
  id: string,
  values: { expires_at?: Date | null; suspended_at?: Date | null; revoked_at?: Date | null },
) {
  return t.deps.db.updateTable("licenses").set(values).where("id", "=", id).execute();
}

/** `count` active activations of a kind (and one ended one, which must never count). */
async function activate(
  licenseId: string,
  accountId: string,
  count: number,
  kind: "machine" | "domain" = "machine",
) {
  const ids: string[] = [];
  for (let i = 0; i <= count; i++) {
    const id = createId("act");
    await t.deps.db
      .insertInto("activations")
      .values({
        id,
        license_id: licenseId,
        account_id: accountId,
        kind,
        identifier: `${kind}-${id}`,
        last_seen_at: new Date(),
        deactivated_at: i === count ? new Date() : null,
        deactivated_by: i === count ? "customer" : null,
      })
      .execute();
    if (i < count) ids.push(id);
  }
  return ids;
}

async function validation(
  licenseId: string,
  accountId: string,
  { valid, daysAgo = 0 }: { valid: boolean; daysAgo?: number },
) {
  await t.deps.db
    .insertInto("validation_events")
    .values({
      id: createId("val"),
      license_id: licenseId,
      account_id: accountId,
      code: valid ? "VALID" : "EXPIRED",
      valid,
      created_at: new Date(Date.now() - daysAgo * DAY_MS),
    })
    .execute();
}

async function dashboard(user: SignedInUser) {
  const res = await user.call("GET", "/v1/dashboard");
  expect(res.status).toBe(200);
  return res.json();
}

type Reason = { code: string; count: number; message: string; licenseIds: string[] };
const reason = (body: { health: { reasons: Reason[] } }, code: string) =>
  body.health.reasons.find((r) => r.code === code);

describe("GET /v1/dashboard", () => {
  it("needs a session", async () => {
    const res = await t.publicApp.request("/v1/dashboard");
    expect(res.status).toBe(401);
  });

  it("answers zeros and ok for an account without licenses", async () => {
    const owner = await signedInUser(t);
    expect(await dashboard(owner)).toEqual({
      licenses: { total: 0, active: 0, expiring: 0, expired: 0, suspended: 0, revoked: 0 },
      seats: { machines: { used: 0, total: 0 }, domains: { used: 0, total: 0 } },
      expiryWarningDays: 30,
      expiringSoon: [],
      health: { status: "ok", reasons: [] },
      recentActivity: [],
    });
  });

  it("counts licenses by derived status, never another account's", async () => {
    const owner = await signedInUser(t);
    const a = owner.accountId;
    await license(a);
    await license(a, { expiresInDays: 200 });
    await license(a, { expiresInDays: 10 });
    await setLicense(await license(a), { expires_at: new Date(Date.now() - DAY_MS) });
    await setLicense(await license(a, { expiresInDays: 5 }), { suspended_at: new Date() });
    // Revoked wins over suspended, as in deriveLicenseStatus.
    await setLicense(await license(a), { revoked_at: new Date(), suspended_at: new Date() });
    const body = await dashboard(owner);
    expect(body.licenses).toEqual({
      total: 6,
      active: 2,
      expiring: 1,
      expired: 1,
      suspended: 1,
      revoked: 1,
    });
  });

  it("sums seats over non-revoked licenses: active bindings of effective limits", async () => {
    const owner = await signedInUser(t);
    const a = owner.accountId;
    const policyLimits = await license(a); // 3 machines, 2 domains from the policy
    const overridden = await license(a, { maxMachines: 10, maxDomains: 0 });
    const revoked = await license(a, { maxMachines: 50 });
    await activate(policyLimits, a, 2);
    await activate(policyLimits, a, 1, "domain");
    await activate(overridden, a, 4);
    await activate(revoked, a, 7);
    await setLicense(revoked, { revoked_at: new Date() });
    const body = await dashboard(owner);
    expect(body.seats).toEqual({
      machines: { used: 6, total: 13 },
      domains: { used: 1, total: 2 },
    });
  });

  it("lists licenses expiring within the account's window, soonest first, at most five", async () => {
    const owner = await signedInUser(t);
    const a = owner.accountId;
    await t.deps.db
      .updateTable("accounts")
      .set({ expiry_warning_days: 14 })
      .where("id", "=", a)
      .execute();
    const inDays = [9, 2, 13, 6, 11, 4];
    const ids = new Map<number, string>();
    for (const days of inDays)
      ids.set(days, await license(a, { expiresInDays: days, name: `L${days}` }));
    await license(a, { expiresInDays: 15 }); // outside the 14-day window
    await setLicense(await license(a), { expires_at: new Date(Date.now() - DAY_MS) });
    await setLicense(await license(a, { expiresInDays: 1 }), { suspended_at: new Date() });

    const body = await dashboard(owner);
    expect(body.expiryWarningDays).toBe(14);
    expect(body.licenses.expiring).toBe(6);
    expect(body.expiringSoon.map((l: { id: string }) => l.id)).toEqual(
      [2, 4, 6, 9, 11].map((days) => ids.get(days)),
    );
    expect(body.expiringSoon[0]).toMatchObject({
      name: "L2",
      product: { id: productId, name: expect.any(String) },
      daysLeft: 2,
    });
    expect(Date.parse(body.expiringSoon[0].expiresAt)).toBeGreaterThan(Date.now());
    const expiring = reason(body, "LICENSES_EXPIRING");
    expect(expiring).toMatchObject({
      count: 6,
      licenseIds: body.expiringSoon.map((l: { id: string }) => l.id),
    });
    expect(expiring?.message).toBe("6 licenses expire within 14 days; renew to keep them working.");
  });

  it("reports each health reason while it holds, and ok once none does", async () => {
    const owner = await signedInUser(t);
    const a = owner.accountId;
    const codes = async () =>
      ((await dashboard(owner)).health.reasons as Reason[]).map((r) => r.code).sort();
    const lic = await license(a);
    expect((await dashboard(owner)).health).toEqual({ status: "ok", reasons: [] });

    await setLicense(lic, { expires_at: new Date(Date.now() + 3 * DAY_MS) });
    expect(await codes()).toEqual(["LICENSES_EXPIRING"]);
    await setLicense(lic, { expires_at: new Date(Date.now() + 300 * DAY_MS) }); // renewed
    expect(await codes()).toEqual([]);

    const machines = await activate(lic, a, 3);
    const full = reason(await dashboard(owner), "AT_LIMIT");
    expect(full).toMatchObject({ count: 1, licenseIds: [lic] });
    expect(full?.message).toContain("1 license uses every machine or domain slot");
    await t.deps.db
      .updateTable("activations")
      .set({ deactivated_at: new Date(), deactivated_by: "customer" })
      .where("id", "=", machines[0]!)
      .execute();
    expect(await codes()).toEqual([]);
    await activate(lic, a, 2, "domain"); // the domain limit alone is enough
    expect(await codes()).toEqual(["AT_LIMIT"]);

    await setLicense(lic, { suspended_at: new Date() });
    // A suspended license is reported as such, not as full.
    const suspended = await dashboard(owner);
    expect(suspended.health.status).toBe("attention");
    expect(suspended.health.reasons).toEqual([
      {
        code: "SUSPENDED",
        count: 1,
        message: "1 license is suspended and will not validate; contact support.",
        licenseIds: [lic],
      },
    ]);
    await setLicense(lic, { suspended_at: null });
    await t.deps.db
      .updateTable("activations")
      .set({ deactivated_at: new Date(), deactivated_by: "software" })
      .where("license_id", "=", lic)
      .execute();
    expect(await codes()).toEqual([]);

    await validation(lic, a, { valid: true });
    await validation(lic, a, { valid: false, daysAgo: 8 });
    expect(await codes()).toEqual([]);
    await validation(lic, a, { valid: false, daysAgo: 6 });
    const failing = reason(await dashboard(owner), "FAILING_VALIDATIONS");
    expect(failing).toMatchObject({ count: 1, licenseIds: [lic] });
    expect(failing?.message).toBe(
      "1 license failed a check in the last 7 days; run a diagnosis to see why.",
    );
    const caller = { userId: owner.userId, accountId: a, role: "owner" as const };
    const later = await getDashboard(t.deps.db, caller, new Date(Date.now() + 2 * DAY_MS));
    expect(later.health).toEqual({ status: "ok", reasons: [] });
  });

  it("shows a member only their assigned licenses and their visible activity", async () => {
    const owner = await signedInUser(t);
    const a = owner.accountId;
    const member = await signedInUser(t, { role: "member", accountId: a });
    const admin = await signedInUser(t, { role: "admin", accountId: a });
    const mine = await license(a, { expiresInDays: 5, userIds: [member.userId] });
    const theirs = await license(a, { expiresInDays: 6, maxMachines: 1 });
    await activate(mine, a, 1);
    await activate(theirs, a, 1);
    await validation(theirs, a, { valid: false });
    await setLicense(await license(a), { suspended_at: new Date() });
    await recordActivity(t.deps.db, {
      accountId: a,
      actor: "customer",
      userId: owner.userId,
      action: "user.logged_in",
    });

    const seen = await dashboard(member);
    expect(seen.licenses).toMatchObject({ total: 1, expiring: 1, suspended: 0 });
    expect(seen.seats.machines).toEqual({ used: 1, total: 3 });
    expect(seen.expiringSoon.map((l: { id: string }) => l.id)).toEqual([mine]);
    expect(seen.health.reasons.map((r: Reason) => r.code)).toEqual(["LICENSES_EXPIRING"]);
    const activity = seen.recentActivity as { licenseId: string | null; action: string }[];
    expect(activity.length).toBeGreaterThan(0);
    expect(activity.every((entry) => entry.licenseId === mine)).toBe(true);

    for (const user of [owner, admin]) {
      const all = await dashboard(user);
      expect(all.licenses).toMatchObject({ total: 3, expiring: 2, suspended: 1 });
      expect(all.seats.machines).toEqual({ used: 2, total: 7 });
      expect(all.health.reasons.map((r: Reason) => r.code)).toEqual([
        "LICENSES_EXPIRING",
        "AT_LIMIT",
        "SUSPENDED",
        "FAILING_VALIDATIONS",
      ]);
      expect(reason(all, "AT_LIMIT")?.licenseIds).toEqual([theirs]);
      expect(reason(all, "FAILING_VALIDATIONS")?.licenseIds).toEqual([theirs]);
    }
  });

  it("shows the latest ten entries of the caller's activity, as GET /v1/activity does", async () => {
    const owner = await signedInUser(t);
    for (let i = 0; i < 12; i++) {
      // Ids order by millisecond only; a tick apart keeps "latest" unambiguous.
      await new Promise((resolve) => setTimeout(resolve, 2));
      await recordActivity(t.deps.db, {
        accountId: owner.accountId,
        actor: "customer",
        userId: owner.userId,
        action: `test.entry_${i}`,
        ip: "192.0.2.7",
      });
    }
    await recordActivity(t.deps.db, {
      accountId: stranger.accountId,
      actor: "customer",
      action: "test.elsewhere",
    });
    const body = await dashboard(owner);
    const page = await (await owner.call("GET", "/v1/activity?limit=10")).json();
    expect(body.recentActivity).toHaveLength(10);
    expect(body.recentActivity).toEqual(page.data);
    expect(body.recentActivity[0]).toMatchObject({
      action: "test.entry_11",
      user: { id: owner.userId, name: owner.name },
    });
  });

  it("stays correct for an account with 10,000 licenses", async () => {
    const owner = await signedInUser(t);
    const a = owner.accountId;
    // One statement, as a vendor's bulk import would leave them: every 10th expires soon, every 100th is suspended.
    await sql`
      insert into licenses (id, account_id, policy_id, product_id, name, key_encrypted, key_hash, key_last5,
                            expires_at, suspended_at)
      select 'lic_bulk' || lpad(i::text, 22, '0'), ${a}, ${policyId}, ${productId}, 'Bulk ' || i,
             'x', md5(${a} || i), 'AAAAA',
             case when i % 10 = 0 then now() + interval '5 days' end,
             case when i % 100 = 0 then now() end
      from generate_series(1, 10000) as i`.execute(t.deps.db);
    const body = await dashboard(owner);
    expect(body.licenses).toMatchObject({ total: 10_000, expiring: 900, suspended: 100 });
    expect(body.seats.machines).toEqual({ used: 0, total: 30_000 });
    expect(body.expiringSoon).toHaveLength(5);
    expect(reason(body, "SUSPENDED")?.licenseIds).toHaveLength(5);
  }, 60_000);
});

describe("dashboard counts query plan", () => {
  it("reads failing licenses through their partial index, not the validation events", async () => {
    const owner = await signedInUser(t);
    const caller = { userId: owner.userId, accountId: owner.accountId, role: "owner" } as const;
    const plan = await explainPlan(t.deps.db, {
      compile: () => dashboardCountsQuery(caller, new Date()).compile(t.deps.db),
    });
    // Each license's latest failure (migration 0007), never the events themselves.
    expect(plan).toMatch(/license_usage_failed_idx/);
    expect(plan).not.toMatch(/validation_events/);
    expect(plan).toMatch(/licenses_live_expiry_idx/);
    expect(plan).toMatch(/account_license_stats_pkey/);
  });
});

/** Fills an account with `count` licenses in one statement: 1% expiring soon, 2% expired, 1% suspended, one machine each. */
async function bulkLicenses(accountId: string, count: number) {
  const prefix = `lic_${accountId.slice(-8)}`;
  await sql`
    insert into licenses (id, account_id, policy_id, product_id, name, key_encrypted, key_hash, key_last5,
                          expires_at, suspended_at)
    select ${prefix} || lpad(i::text, 18, '0'), ${accountId}, ${policyId}, ${productId}, 'Bulk ' || i,
           'x', md5(${accountId} || i), 'AAAAA',
           now() + i * interval '1 second' + case when i % 100 = 1 then interval '5 days'
                                                  when i % 100 in (2, 3) then interval '-40 days'
                                                  else interval '400 days' end,
           case when i % 100 = 4 then now() end
    from generate_series(1, ${count}) as i`.execute(t.deps.db);
  await sql`
    insert into activations (id, license_id, account_id, kind, identifier, last_seen_at)
    select 'act_' || substr(id, 5), id, account_id, 'machine', 'fp-' || id, now()
      from licenses where account_id = ${accountId}`.execute(t.deps.db);
  await validation(`${prefix}${"1".padStart(18, "0")}`, accountId, { valid: false });
}

/**
 * The plan the dashboard's statement runs with (the planner free to choose, on
 * up-to-date statistics) and the shared buffers (8 kB pages) it touched, summed
 * over the whole plan: the work it does, which timing on a shared machine cannot show.
 */
async function analyzed(caller: { userId: string; accountId: string; role: "owner" }) {
  const compiled = dashboardCountsQuery(caller, new Date()).compile(t.deps.db);
  const { rows } = await t.deps.db.executeQuery<Record<string, string>>(
    CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
  );
  const plan = rows.map((row) => Object.values(row)[0]).join("\n");
  // The first Buffers line is the top node's, which includes every node below it.
  const [, hit = "0", read = "0"] = /Buffers: shared hit=(\d+)(?: read=(\d+))?/.exec(plan) ?? [];
  return { plan, pages: Number(hit) + Number(read) };
}

describe("the dashboard of a large account", () => {
  it("reads about as many pages for an owner of 10,000 licenses as for one of 10", async () => {
    const small = await signedInUser(t);
    const large = await signedInUser(t);
    await bulkLicenses(small.accountId, 10);
    await bulkLicenses(large.accountId, 10_000);
    const role = "owner" as const;
    const smallCaller = { userId: small.userId, accountId: small.accountId, role };
    const largeCaller = { userId: large.userId, accountId: large.accountId, role };

    // The answers are right for both ...
    expect((await dashboard(small)).licenses).toEqual({
      total: 10,
      active: 6,
      expiring: 1,
      expired: 2,
      suspended: 1,
      revoked: 0,
    });
    expect(await dashboard(large)).toMatchObject({
      licenses: { total: 10_000, active: 9600, expiring: 100, expired: 200, suspended: 100 },
      seats: { machines: { used: 10_000, total: 30_000 } },
    });
    // ... and the plan never reads the activations or scans the account's licenses: the
    // standing figures come from the stats row (the housekeeping job folds the deltas in).
    await foldLicenseFigureDeltas(t.deps.db);
    // As autovacuum leaves the tables: statistics, and the visibility map for index-only scans.
    await sql`vacuum analyze`.execute(t.deps.db);
    const { plan, pages: largePages } = await analyzed(largeCaller);
    const { pages: smallPages } = await analyzed(smallCaller);
    expect(plan).toMatch(/ on account_license_stats/);
    expect(plan).not.toMatch(/ on activations|Seq Scan on licenses/);
    const lines = plan.split("\n");
    const licenseReads = lines.flatMap((line, i) => {
      const index = / using (\w+) on licenses /.exec(line)?.[1];
      return index ? [`${index}: ${lines[i + 1]?.trim()}`] : [];
    });
    expect(licenseReads.length).toBeGreaterThan(0);
    for (const read of licenseReads) {
      // By id (one row), or through an index of the few licenses near or past their end, or suspended.
      expect(read, plan).toMatch(
        /^(licenses_pkey|licenses_account_idx: .*\(id = |licenses_suspended_idx|licenses_live_expiry_idx)/,
      );
    }
    // What is left grows with the licenses near or past their end only (3% here), not with all of them.
    expect(largePages).toBeLessThan(smallPages * 1.5 + 40);
  }, 120_000);
});
