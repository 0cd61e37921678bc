import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema.ts";
import { runValidationPartitions } from "../jobs/validation-partition-job.ts";
import { insertAccount, insertLicense, insertPolicy, insertProduct } from "../test/fixtures.ts";
import { createTestDatabase } from "../test/harness.ts";
import { explainPlan } from "../test/query-plan.ts";
import {
  dropExpiredMonthPartitions,
  ensureMonthPartitions,
  listMonthPartitions,
  monthPartitionOf,
} from "./validation-partitions.ts";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Kysely<Database>;
let accountId: string;
let licenseId: string;
let sequence = 0;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  accountId = await insertAccount(db);
  const policyId = await insertPolicy(db, await insertProduct(db));
  licenseId = await insertLicense(db, { accountId, policyId });
});
afterAll(() => handle.close());
beforeEach(async () => {
  await db.deleteFrom("validation_events").execute();
});

async function insertEvent(at: Date) {
  sequence++;
  await db
    .insertInto("validation_events")
    .values({
      id: `val_part${String(sequence).padStart(8, "0")}`,
      license_id: licenseId,
      account_id: accountId,
      code: "VALID",
      valid: true,
      created_at: at,
    })
    .execute();
}

/** Which table holds each stored event, by id. */
async function whereStored(): Promise<Record<string, string>> {
  const { rows } = await sql<{ id: string; home: string }>`
    select id, tableoid::regclass::text as home from validation_events order by id`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.id, row.home]));
}

const names = async () => (await listMonthPartitions(db)).map((month) => month.name);

describe("validation event partitions", () => {
  it("name a month by its UTC year and month, with its range", () => {
    expect(monthPartitionOf(new Date("2026-12-31T23:59:59.999Z"))).toEqual({
      name: "validation_events_y2026m12",
      from: new Date("2026-12-01T00:00:00Z"),
      to: new Date("2027-01-01T00:00:00Z"),
    });
  });

  it("exist from the migration for this month and the next two", async () => {
    const now = new Date();
    const expected = [0, 1, 2].map(
      (ahead) =>
        monthPartitionOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1)))
          .name,
    );
    expect(await names()).toEqual(expect.arrayContaining(expected));
  });

  it("are made ahead by the job, and an event lands in its month's table", async () => {
    const now = new Date("2031-05-14T12:00:00Z");
    const run = await runValidationPartitions(db, 400, now);
    expect(run?.created).toEqual(
      expect.arrayContaining([
        "validation_events_y2031m05",
        "validation_events_y2031m06",
        "validation_events_y2031m07",
      ]),
    );
    expect(await runValidationPartitions(db, 400, now)).toEqual({ created: [], dropped: [] });
    await insertEvent(new Date("2031-06-30T23:59:59Z"));
    expect(Object.values(await whereStored())).toEqual(["validation_events_y2031m06"]);
  });

  it("move what the default partition caught into the month made later", async () => {
    await insertEvent(new Date("2040-02-10T00:00:00Z"));
    await insertEvent(new Date("2040-03-10T00:00:00Z"));
    expect(new Set(Object.values(await whereStored()))).toEqual(
      new Set(["validation_events_default"]),
    );
    await db.transaction().execute((trx) =>
      ensureMonthPartitions(trx, {
        now: new Date("2040-02-01T00:00:00Z"),
        monthsAhead: 0,
      }),
    );
    expect(Object.values(await whereStored()).sort()).toEqual([
      "validation_events_default",
      "validation_events_y2040m02",
    ]);
  });

  it("drop whole months past the retention, and default rows that old, keeping the rest", async () => {
    const now = new Date("2032-06-15T00:00:00Z");
    await db
      .transaction()
      .execute((trx) =>
        ensureMonthPartitions(trx, { since: new Date("2032-01-01T00:00:00Z"), now }),
      );
    await insertEvent(new Date("2032-01-20T00:00:00Z"));
    await insertEvent(new Date("2032-04-20T00:00:00Z"));
    await insertEvent(new Date("2000-01-01T00:00:00Z"));
    // 90 days before 2032-06-15 is 2032-03-17: January and February ended before it, March did not.
    const dropped = await db
      .transaction()
      .execute((trx) => dropExpiredMonthPartitions(trx, 90, now));
    expect(dropped).toEqual(
      expect.arrayContaining(["validation_events_y2032m01", "validation_events_y2032m02"]),
    );
    expect(dropped).not.toContain("validation_events_y2032m03");
    expect(await names()).toContain("validation_events_y2032m03");
    expect(Object.values(await whereStored())).toEqual(["validation_events_y2032m04"]);
  });

  it("let a license's history be read newest first through each month's index", async () => {
    const plan = await explainPlan(
      db,
      db
        .selectFrom("validation_events")
        .selectAll()
        .where("license_id", "=", licenseId)
        .orderBy("id", "desc")
        .limit(20),
    );
    expect(plan).toMatch(/validation_events_y\d{4}m\d{2}_license_id_id_idx|license_idx/);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
