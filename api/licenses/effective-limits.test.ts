import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/connection.ts";
import type { Database } from "../db/schema.ts";
import { insertAccount, insertLicense, insertPolicy, insertProduct } from "../test/fixtures.ts";
import { createTestDatabase, databaseKind } from "../test/harness.ts";
import { effectiveLimit, effectiveLimitSql, effectiveLimits } from "./effective-limits.ts";

let database: DatabaseHandle;
let db: Kysely<Database>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const accountId = await insertAccount(db);
  const productId = await insertProduct(db);
  const policies = [
    await insertPolicy(db, productId, { max_machines: 3, max_domains: 0 }),
    await insertPolicy(db, productId, { max_machines: 0, max_domains: 5 }),
  ];
  // Every override against both policies: none, zero (not "none"), lower, higher.
  for (const policyId of policies) {
    for (const [max_machines, max_domains] of [
      [null, null],
      [0, 0],
      [1, 2],
      [10, 20],
      [null, 7],
    ] as const) {
      await insertLicense(db, { accountId, policyId }, { max_machines, max_domains });
    }
  }
});
afterAll(() => database?.close());

describe(`effective activation limits (${databaseKind})`, () => {
  it("are the license's own where set (zero included), else the policy's", () => {
    const policy = { policy_max_machines: 3, policy_max_domains: 5 };
    expect(effectiveLimits({ ...policy, max_machines: null, max_domains: null })).toEqual({
      machine: 3,
      domain: 5,
    });
    expect(effectiveLimits({ ...policy, max_machines: 0, max_domains: 9 })).toEqual({
      machine: 0,
      domain: 9,
    });
  });

  it("agree in TypeScript and SQL on every row", async () => {
    const rows = await db
      .selectFrom("licenses")
      .innerJoin("policies", "policies.id", "licenses.policy_id")
      .select((eb) => [
        "licenses.max_machines",
        "licenses.max_domains",
        "policies.max_machines as policy_max_machines",
        "policies.max_domains as policy_max_domains",
        effectiveLimitSql(eb, "machine").as("sql_machine"),
        effectiveLimitSql(eb, "domain").as("sql_domain"),
      ])
      .execute();
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect([row.sql_machine, row.sql_domain], JSON.stringify(row)).toEqual([
        effectiveLimit(row, "machine"),
        effectiveLimit(row, "domain"),
      ]);
    }
  });
});
