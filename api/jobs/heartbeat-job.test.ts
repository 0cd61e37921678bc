import { type Kysely, type KyselyPlugin, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy } from "../catalogue/policy-service.ts";
import { createId } from "../core/ids.ts";
import { HOUR_MS } from "../core/time.ts";
import type { Database } from "../db/schema.ts";
import { createLicense } from "../licenses/license-service.ts";
import { insertAccount, insertProduct } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { explainPlan } from "../test/query-plan.ts";
import { deadActivationsQuery, endDeadActivations } from "./heartbeat-job.ts";

const now = new Date("2026-11-30T12:00:00Z");
let t: TestContext;
let accountId: string;
let heartbeatLicense: string;
let quietLicense: string;

beforeAll(async () => {
  t = await createTestContext();
  accountId = await insertAccount(t.deps.db);
  const productId = await insertProduct(t.deps.db);
  const policy = (heartbeatSeconds: number | null) =>
    createPolicy(t.deps.db, {
      productId,
      name: `hb ${heartbeatSeconds}`,
      maxMachines: 100,
      maxDomains: 0,
      expirationStrategy: "restrict",
      heartbeatSeconds,
    });
  const withHeartbeat = await policy(3600);
  const without = await policy(null);
  heartbeatLicense = (
    await createLicense(t.deps.db, t.deps.keys, { accountId, policyId: withHeartbeat.id })
  ).id;
  quietLicense = (await createLicense(t.deps.db, t.deps.keys, { accountId, policyId: without.id }))
    .id;
});
afterAll(() => t.close());

async function activation(licenseId: string, lastSeenHoursAgo: number, deactivated = false) {
  const id = createId("act");
  await t.deps.db
    .insertInto("activations")
    .values({
      id,
      license_id: licenseId,
      account_id: accountId,
      kind: "machine",
      identifier: id,
      name: `M-${lastSeenHoursAgo}`,
      hostname: null,
      platform: null,
      ip: null,
      version: null,
      last_seen_at: new Date(now.getTime() - lastSeenHoursAgo * HOUR_MS),
      deactivated_at: deactivated ? new Date(now.getTime() - HOUR_MS) : null,
      deactivated_by: deactivated ? "customer" : null,
    })
    .execute();
  return id;
}

const rowOf = (id: string) =>
  t.deps.db.selectFrom("activations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const activityOf = (id: string) =>
  t.deps.db.selectFrom("activity").selectAll().where("subject_id", "=", id).execute();

describe("endDeadActivations", () => {
  it("ends only activations unseen for twice their policy's heartbeat, as the system, once", async () => {
    const dead = await activation(heartbeatLicense, 2.5);
    const alive = await activation(heartbeatLicense, 1.5);
    const noHeartbeat = await activation(quietLicense, 24 * 300);
    const ended = await activation(heartbeatLicense, 10, true);

    expect(await endDeadActivations(t.deps.db, now)).toBe(1);
    expect(await rowOf(dead)).toMatchObject({ deactivated_by: "system", deactivated_at: now });
    expect((await rowOf(dead)).reason).toContain("7200 seconds");
    for (const id of [alive, noHeartbeat]) expect((await rowOf(id)).deactivated_at).toBeNull();
    expect((await rowOf(ended)).deactivated_by).toBe("customer");

    const entries = await activityOf(dead);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: "system",
      action: "activation.deactivated",
      license_id: heartbeatLicense,
    });

    expect(await endDeadActivations(t.deps.db, now)).toBe(0);
    expect(await activityOf(dead)).toHaveLength(1);
  });

  it("ends each dead activation exactly once when two runs overlap", async () => {
    const dead = await Promise.all([1, 2, 3, 4].map(() => activation(heartbeatLicense, 5)));
    const results = await Promise.all([
      endDeadActivations(t.deps.db, now),
      endDeadActivations(t.deps.db, now),
    ]);
    // One run does the work; the other finds the job locked (null) or nothing left to end (0).
    expect(results.reduce<number>((sum, n) => sum + (n ?? 0), 0)).toBe(dead.length);
    for (const id of dead) {
      expect((await rowOf(id)).deactivated_by).toBe("system");
      expect(await activityOf(id)).toHaveLength(1);
    }
  });
});

/** The statements Kysely runs through `db`, by kind (a transaction's BEGIN is not among them). */
function countedQueries(db: Kysely<Database>) {
  const kinds: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => node,
    async transformResult({ result }) {
      kinds.push(`${result.rows.length} rows`);
      return result;
    },
  };
  return { db: db.withPlugin(plugin), kinds };
}

describe("when no policy expects heartbeats", () => {
  it("answers 0 after one query, without a transaction or the job's lock", async () => {
    const quiet = await createTestContext();
    try {
      const product = await insertProduct(quiet.deps.db);
      const policy = await createPolicy(quiet.deps.db, {
        productId: product,
        name: "no heartbeats",
        maxMachines: 3,
        maxDomains: 0,
        expirationStrategy: "restrict",
        heartbeatSeconds: null,
      });
      const account = await insertAccount(quiet.deps.db);
      await createLicense(quiet.deps.db, quiet.deps.keys, {
        accountId: account,
        policyId: policy.id,
      });
      const { db, kinds } = countedQueries(quiet.deps.db);
      const transaction = db.transaction.bind(db);
      let transactions = 0;
      db.transaction = () => {
        transactions++;
        return transaction();
      };
      expect(await endDeadActivations(db, now)).toBe(0);
      expect(kinds).toEqual(["0 rows"]);
      expect(transactions).toBe(0);
    } finally {
      await quiet.close();
    }
  });
});

describe("the scan for dead activations", () => {
  it("goes from the heartbeat policies through indexes, never over every activation", async () => {
    // Many live activations under the policy without heartbeats, as in a real install.
    await sql`
      insert into activations (id, license_id, account_id, kind, identifier, last_seen_at)
      select 'act_bulk' || lpad(i::text, 22, '0'), ${quietLicense}, ${accountId}, 'machine',
             'bulk-' || i, now() - interval '300 days'
        from generate_series(1, 5000) as i`.execute(t.deps.db);
    await sql`analyze`.execute(t.deps.db);
    const plan = await explainPlan(t.deps.db, deadActivationsQuery(t.deps.db, now));
    expect(plan).toMatch(/policies_heartbeat_idx/);
    expect(plan).toMatch(/licenses_policy_idx/);
    expect(plan).toMatch(/activations_(active_binding_key|license_idx)/);
    expect(plan).not.toMatch(/activations_account_idx|Seq Scan on activations/);
  });
});
