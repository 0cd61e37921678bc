import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createId } from "../core/ids.ts";
import * as licenseUsage from "../db/migrations/0006-license-usage.ts";
import * as licenseLastFailure from "../db/migrations/0007-license-last-failure.ts";
import {
  insertAccount,
  insertActivation,
  insertLicense,
  insertPolicy,
  insertProduct,
  insertUser,
} from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import type { Caller } from "./customer-scope.ts";
import { getDashboard } from "./dashboard-service.ts";

/*
 * The dashboard reads an owner's figures from account_license_stats and its
 * pending deltas, and a member's from license_usage, all kept by triggers
 * (migration 0006), and the failing licenses from license_usage.last_failed_at
 * (migration 0007). These tests change licenses, activations, policies and
 * validations in random orders and compare what the dashboard says with the
 * figures counted from the rows themselves, the way the dashboard used to count them.
 */

let t: TestContext;
let productId: string;
let policies: string[];

beforeAll(async () => {
  t = await createTestContext();
  productId = await insertProduct(t.deps.db);
  policies = [
    await insertPolicy(t.deps.db, productId, { max_machines: 2, max_domains: 1 }),
    await insertPolicy(t.deps.db, productId, { max_machines: 0, max_domains: 2 }),
  ];
});
afterAll(() => t.close());

/** The standing figures counted from the rows: what the stats must always equal. */
async function countedFromRows(accountId: string, memberId?: string) {
  const visible = memberId
    ? sql`and exists (select 1 from license_users lu where lu.license_id = l.id and lu.user_id = ${memberId})`
    : sql``;
  const { rows } = await sql<Record<string, number | string | null>>`
    select count(*) as total,
           count(*) filter (where l.revoked_at is not null) as revoked,
           count(*) filter (where l.revoked_at is null and l.suspended_at is not null) as suspended,
           coalesce(sum(coalesce(l.max_machines, p.max_machines)) filter (where l.revoked_at is null), 0) as machines_total,
           coalesce(sum(coalesce(l.max_domains, p.max_domains)) filter (where l.revoked_at is null), 0) as domains_total,
           coalesce(sum(coalesce(u.machines, 0)) filter (where l.revoked_at is null), 0) as machines_used,
           coalesce(sum(coalesce(u.domains, 0)) filter (where l.revoked_at is null), 0) as domains_used,
           count(*) filter (where l.revoked_at is null and l.suspended_at is null and (
             (coalesce(l.max_machines, p.max_machines) > 0 and coalesce(u.machines, 0) >= coalesce(l.max_machines, p.max_machines)) or
             (coalesce(l.max_domains, p.max_domains) > 0 and coalesce(u.domains, 0) >= coalesce(l.max_domains, p.max_domains)))) as at_limit,
           count(*) filter (where l.revoked_at is null and l.suspended_at is null and exists (
             select 1 from validation_events v
              where v.license_id = l.id and v.account_id = l.account_id and not v.valid
                and v.created_at > now() - interval '7 days')) as failing
      from licenses l
      join policies p on p.id = l.policy_id
      left join (select license_id,
                        count(*) filter (where kind = 'machine') as machines,
                        count(*) filter (where kind = 'domain') as domains
                   from activations where deactivated_at is null group by license_id) u
        on u.license_id = l.id
     where l.account_id = ${accountId} ${visible}`.execute(t.deps.db);
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v ?? 0)]));
}

async function dashboardFigures(caller: Caller) {
  const d = await getDashboard(t.deps.db, caller);
  const reason = d.health.reasons.find((r) => r.code === "AT_LIMIT");
  const failing = d.health.reasons.find((r) => r.code === "FAILING_VALIDATIONS");
  return {
    total: d.licenses.total,
    revoked: d.licenses.revoked,
    suspended: d.licenses.suspended,
    machines_total: d.seats.machines.total,
    domains_total: d.seats.domains.total,
    machines_used: d.seats.machines.used,
    domains_used: d.seats.domains.used,
    at_limit: reason?.count ?? 0,
    failing: failing?.count ?? 0,
  };
}

/** The ids the dashboard lists as failing, and those the rows say: the newest five failing licenses. */
async function failingIds(caller: Caller) {
  const d = await getDashboard(t.deps.db, caller);
  const listed = d.health.reasons.find((r) => r.code === "FAILING_VALIDATIONS")?.licenseIds ?? [];
  const { rows } = await sql<{ id: string }>`
    select l.id from licenses l
     where l.account_id = ${caller.accountId} and l.revoked_at is null and l.suspended_at is null
       ${caller.role === "member" ? sql`and exists (select 1 from license_users lu where lu.license_id = l.id and lu.user_id = ${caller.userId})` : sql``}
       and exists (select 1 from validation_events v where v.license_id = l.id and not v.valid
                     and v.created_at > now() - interval '7 days')
     order by l.id desc limit 5`.execute(t.deps.db);
  return { listed, counted: rows.map((row) => row.id) };
}

type Step =
  | { op: "license"; policy: number; maxMachines: number | null; assign: boolean }
  | { op: "activate"; license: number; kind: "machine" | "domain" }
  | { op: "deactivate"; activation: number }
  | { op: "suspend" | "unsuspend" | "revoke"; license: number }
  | { op: "limit"; license: number; maxMachines: number | null }
  | { op: "policyLimit"; policy: number; maxMachines: number }
  | { op: "validate"; events: { license: number; valid: boolean; daysAgo: number }[] }
  | { op: "fold" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant("license" as const),
    policy: fc.nat(1),
    maxMachines: fc.option(fc.nat(3), { nil: null }),
    assign: fc.boolean(),
  }),
  fc.record({
    op: fc.constant("activate" as const),
    license: fc.nat(20),
    kind: fc.constantFrom("machine" as const, "domain" as const),
  }),
  fc.record({
    op: fc.constant("activate" as const),
    license: fc.nat(20),
    kind: fc.constant("machine" as const),
  }),
  fc.record({ op: fc.constant("deactivate" as const), activation: fc.nat(40) }),
  fc.record({
    op: fc.constantFrom("suspend" as const, "unsuspend" as const, "revoke" as const),
    license: fc.nat(20),
  }),
  fc.record({
    op: fc.constant("limit" as const),
    license: fc.nat(20),
    maxMachines: fc.option(fc.nat(3), { nil: null }),
  }),
  fc.record({ op: fc.constant("policyLimit" as const), policy: fc.nat(1), maxMachines: fc.nat(3) }),
  // One statement of several events, as the Licensing API's batch writes them; 7 days is the edge.
  fc.record({
    op: fc.constant("validate" as const),
    events: fc.array(fc.record({ license: fc.nat(20), valid: fc.boolean(), daysAgo: fc.nat(13) }), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  fc.record({ op: fc.constant("fold" as const) }),
);

describe("the dashboard's standing figures", () => {
  it("equal the figures counted from the rows, after any changes, for owners and members", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        const db = t.deps.db;
        const accountId = await insertAccount(db);
        const ownerId = await insertUser(db, accountId, "owner");
        const memberId = await insertUser(db, accountId, "member");
        const licenses: string[] = [];
        const activations: string[] = [];
        const pick = <T>(list: readonly T[], n: number) =>
          list.length === 0 ? undefined : list[n % list.length];
        for (const s of steps) {
          if (s.op === "license") {
            const id = await insertLicense(
              db,
              { accountId, policyId: policies[s.policy] as string },
              { max_machines: s.maxMachines },
            );
            licenses.push(id);
            if (s.assign) {
              await db
                .insertInto("license_users")
                .values({ license_id: id, user_id: memberId })
                .execute();
            }
            continue;
          }
          if (s.op === "fold") {
            await sql`select fold_account_license_deltas()`.execute(db);
            continue;
          }
          if (s.op === "validate") {
            const rows = s.events.flatMap((event) => {
              const license = pick(licenses, event.license);
              if (!license) return [];
              const at = new Date(Date.now() - event.daysAgo * 86_400_000 - 3_600_000);
              return [
                sql`(${createId("val")}, ${license}, ${accountId}, ${event.valid ? "VALID" : "EXPIRED"}, ${event.valid}, ${at.toISOString()}::timestamptz)`,
              ];
            });
            if (rows.length === 0) continue;
            await sql`insert into validation_events (id, license_id, account_id, code, valid, created_at)
              values ${sql.join(rows)}`.execute(db);
            continue;
          }
          if (s.op === "policyLimit") {
            await db
              .updateTable("policies")
              .set({ max_machines: s.maxMachines })
              .where("id", "=", policies[s.policy] as string)
              .execute();
            continue;
          }
          if (s.op === "deactivate") {
            const id = pick(activations, s.activation);
            if (id) {
              await db
                .updateTable("activations")
                .set({ deactivated_at: new Date(), deactivated_by: "customer" })
                .where("id", "=", id)
                .where("deactivated_at", "is", null)
                .execute();
            }
            continue;
          }
          const license = pick(licenses, s.license);
          if (!license) continue;
          if (s.op === "activate")
            activations.push(await insertActivation(db, license, { kind: s.kind }));
          else if (s.op === "limit") {
            await db
              .updateTable("licenses")
              .set({ max_machines: s.maxMachines })
              .where("id", "=", license)
              .execute();
          } else {
            const values =
              s.op === "suspend"
                ? { suspended_at: new Date() }
                : s.op === "unsuspend"
                  ? { suspended_at: null }
                  : { revoked_at: new Date() };
            await db.updateTable("licenses").set(values).where("id", "=", license).execute();
          }
        }
        expect(await dashboardFigures({ userId: ownerId, accountId, role: "owner" })).toEqual(
          await countedFromRows(accountId),
        );
        expect(await dashboardFigures({ userId: memberId, accountId, role: "member" })).toEqual(
          await countedFromRows(accountId, memberId),
        );
        for (const caller of [
          { userId: ownerId, accountId, role: "owner" },
          { userId: memberId, accountId, role: "member" },
        ] as const) {
          const { listed, counted } = await failingIds(caller);
          expect(listed).toEqual(counted);
        }
        // The set-based rebuild (after a bulk load without triggers) agrees with the triggers.
        const kept = await db
          .selectFrom("license_usage")
          .selectAll()
          .orderBy("license_id")
          .execute();
        await sql`select rebuild_license_usage()`.execute(db);
        const rebuilt = await db
          .selectFrom("license_usage")
          .selectAll()
          .orderBy("license_id")
          .execute();
        // The trigger keeps each latest failure to the minute (a newer one within a minute of
        // the stored one is not written); the rebuild takes the exact latest.
        const withoutFailure = (rows: typeof kept) =>
          rows.map(({ last_failed_at: _, ...row }) => row);
        expect(withoutFailure(rebuilt)).toEqual(withoutFailure(kept));
        rebuilt.forEach((row, i) => {
          const stored = kept[i]?.last_failed_at ?? null;
          const exact = row.last_failed_at;
          expect(stored === null, row.license_id).toBe(exact === null);
          if (stored && exact) {
            expect(exact.getTime() - stored.getTime()).toBeGreaterThanOrEqual(0);
            expect(exact.getTime() - stored.getTime()).toBeLessThanOrEqual(60_000);
          }
        });
        expect(await dashboardFigures({ userId: ownerId, accountId, role: "owner" })).toEqual(
          await countedFromRows(accountId),
        );
      }),
      { numRuns: 30 },
    );
  });

  it("are counted from the existing rows when the migration runs on a database with data", async () => {
    const db = t.deps.db;
    const accountId = await insertAccount(db);
    const ownerId = await insertUser(db, accountId, "owner");
    const license = await insertLicense(db, { accountId, policyId: policies[0] as string });
    await insertActivation(db, license);
    await insertActivation(db, license, { kind: "domain" });
    await insertActivation(db, license, { deactivated_at: new Date(), deactivated_by: "customer" });
    await insertLicense(
      db,
      { accountId, policyId: policies[1] as string },
      { revoked_at: new Date() },
    );
    await sql`insert into validation_events (id, license_id, account_id, code, valid, created_at)
      values (${createId("val")}, ${license}, ${accountId}, 'EXPIRED', false, now() - interval '1 day')`.execute(
      db,
    );
    // Undo the migrations (tables, triggers, figures gone), then apply them again over the rows.
    await licenseLastFailure.down(db);
    await licenseUsage.down(db);
    await licenseUsage.up(db);
    await licenseLastFailure.up(db);
    const counted = await countedFromRows(accountId);
    expect(counted).toMatchObject({
      total: 2,
      revoked: 1,
      machines_used: 1,
      domains_used: 1,
      at_limit: 1,
      failing: 1,
    });
    expect(await dashboardFigures({ userId: ownerId, accountId, role: "owner" })).toEqual(counted);
    const pending = await db.selectFrom("account_license_deltas").select("account_id").execute();
    expect(pending).toEqual([]);
  });
});
