import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../core/time.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import type { Database } from "../db/schema.ts";
import {
  insertAccount,
  insertActivation,
  insertLicense,
  insertPolicy,
  insertProduct,
} from "../test/fixtures.ts";
import { createTestDatabase, databaseKind } from "../test/harness.ts";
import {
  heartbeatCutoff,
  heartbeatDeadSql,
  heartbeatGraceSeconds,
  isHeartbeatDead,
} from "./heartbeat.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const silentFor = (ms: number) => new Date(NOW.getTime() - ms);

describe("isHeartbeatDead", () => {
  it.each([
    [null, 10 * DAY_MS, false],
    [60, 120_000, false],
    [60, 120_001, true],
  ] as const)("heartbeat %s s, silent %s ms → %s", (seconds, silentMs, dead) => {
    expect(isHeartbeatDead(silentFor(silentMs), seconds, NOW)).toBe(dead);
  });

  it("allows twice the interval, the cutoff being the oldest sighting still alive", () => {
    expect(heartbeatGraceSeconds(3600)).toBe(7200);
    expect(heartbeatCutoff(60, NOW)).toEqual(silentFor(120_000));
  });
});

describe(`heartbeat death in SQL (${databaseKind})`, () => {
  let database: DatabaseHandle;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    const accountId = await insertAccount(db);
    const productId = await insertProduct(db);
    for (const heartbeat_seconds of [null, 60, 3600]) {
      const policyId = await insertPolicy(db, productId, { heartbeat_seconds });
      const licenseId = await insertLicense(db, { accountId, policyId });
      // Either side of each boundary (2 × 60 s, 2 × 1 h), the boundary itself, and long silences.
      for (const silentMs of [
        0,
        119_999,
        120_000,
        120_001,
        7_199_999,
        7_200_000,
        7_200_001,
        30 * DAY_MS,
      ]) {
        await insertActivation(db, licenseId, { last_seen_at: silentFor(silentMs) });
      }
    }
  });
  afterAll(() => database?.close());

  it("agrees with the TypeScript rule on every row", async () => {
    const rows = await db
      .selectFrom("activations")
      .innerJoin("licenses", "licenses.id", "activations.license_id")
      .innerJoin("policies", "policies.id", "licenses.policy_id")
      .select((eb) => [
        "activations.last_seen_at",
        "policies.heartbeat_seconds",
        heartbeatDeadSql(eb, NOW).as("dead"),
      ])
      .execute();
    expect(rows).toHaveLength(24);
    for (const row of rows) {
      expect(row.dead, `${row.heartbeat_seconds} s, seen ${row.last_seen_at.toISOString()}`).toBe(
        isHeartbeatDead(row.last_seen_at, row.heartbeat_seconds, NOW),
      );
    }
    // The cases are not all alike: some rows are dead and some alive under each interval.
    expect(rows.filter((row) => row.dead)).toHaveLength(5 + 2);
  });
});
