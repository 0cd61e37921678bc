import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, DAY_MS } from "../core/time.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import type { Actor, Database } from "../db/schema.ts";
import {
  insertAccount,
  insertActivation,
  insertLicense,
  insertPolicy,
  insertProduct,
} from "../test/fixtures.ts";
import { createTestDatabase, databaseKind } from "../test/harness.ts";
import {
  countsInDeactivationWindow,
  customerDeactivationWindow,
  deactivationsLeftUnder,
  deactivationWindowStart,
  deactivationWindowStartSql,
  isDeactivationLimitReached,
} from "./deactivation-window.ts";

// Europe's daylight-saving change (28 March 2027) lies inside the 30-day window: still 30 × 24 hours.
const NOW = new Date("2027-04-10T12:00:00Z");
const licenses: { id: string; windowDays: number }[] = [];

let database: DatabaseHandle;
let db: Kysely<Database>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const accountId = await insertAccount(db);
  const productId = await insertProduct(db);
  for (const windowDays of [1, 30]) {
    const policyId = await insertPolicy(db, productId, {
      deactivation_window_days: windowDays,
      deactivation_limit: 2,
    });
    const id = await insertLicense(db, { accountId, policyId });
    licenses.push({ id, windowDays });
    const start = deactivationWindowStart(windowDays, NOW).getTime();
    // Either side of the window's start and the start itself, by each kind of actor.
    for (const at of [start - 1, start, start + 1, NOW.getTime() - 1, start - 40 * DAY_MS]) {
      for (const by of ["customer", "vendor", "system"] satisfies Actor[]) {
        await insertActivation(db, id, {
          deactivated_at: new Date(at),
          deactivated_by: by,
          last_seen_at: new Date(at),
        });
      }
    }
  }
});
afterAll(() => database?.close());

describe("the deactivation window", () => {
  it("is used up once the customer's deactivations reach the limit; a limit of 0 allows none", () => {
    expect(isDeactivationLimitReached(null, 99)).toBe(false);
    expect(isDeactivationLimitReached(0, 0)).toBe(true);
    expect(isDeactivationLimitReached(3, 2)).toBe(false);
    expect(isDeactivationLimitReached(3, 3)).toBe(true);
    expect(deactivationsLeftUnder(3, 1)).toBe(2);
    expect(deactivationsLeftUnder(3, 5)).toBe(0);
    expect(deactivationsLeftUnder(null, 5)).toBeNull();
  });

  it("starts a whole number of 24-hour days before now and leaves its start out", () => {
    expect(deactivationWindowStart(30, NOW)).toEqual(addDays(NOW, -30));
    expect(countsInDeactivationWindow(addDays(NOW, -30), 30, NOW)).toBe(false);
    expect(countsInDeactivationWindow(new Date(addDays(NOW, -30).getTime() + 1), 30, NOW)).toBe(
      true,
    );
  });
});

describe(`the deactivation window in SQL (${databaseKind})`, () => {
  it("agrees with the TypeScript rule on every row", async () => {
    const rows = await db
      .selectFrom("activations")
      .innerJoin("licenses", "licenses.id", "activations.license_id")
      .innerJoin("policies", "policies.id", "licenses.policy_id")
      .select((eb) => [
        "activations.deactivated_at",
        "policies.deactivation_window_days",
        eb("activations.deactivated_at", ">", deactivationWindowStartSql(eb, NOW)).as("inside"),
      ])
      .execute();
    expect(rows).toHaveLength(30);
    for (const row of rows) {
      const at = row.deactivated_at!;
      expect(row.inside, `${row.deactivation_window_days} days, ${at.toISOString()}`).toBe(
        countsInDeactivationWindow(at, row.deactivation_window_days, NOW),
      );
    }
    expect(rows.filter((row) => row.inside)).toHaveLength(2 * 2 * 3);
  });

  it("counts the customer's deactivations alone, and frees the next slot a window after the oldest leaves", async () => {
    for (const { id, windowDays } of licenses) {
      const window = await customerDeactivationWindow(
        db,
        { licenseId: id, windowDays, limit: 2 },
        NOW,
      );
      const start = deactivationWindowStart(windowDays, NOW).getTime();
      expect(window).toEqual({
        usedInWindow: 2,
        left: 0,
        nextAllowedAt: addDays(new Date(start + 1), windowDays),
      });
    }
  });
});
