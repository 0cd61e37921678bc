import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/connection.ts";
import { createTestDatabase, databaseKind } from "../test/harness.ts";
import {
  addDays,
  addSeconds,
  DAY_MS,
  daysSql,
  formatMoment,
  secondsSql,
  timestampSql,
  wholeDaysSince,
  wholeDaysUntil,
} from "./time.ts";

const at = new Date("2027-03-14T09:05:00Z");

describe("durations", () => {
  it("count a day as 24 hours, across a daylight-saving change too", () => {
    // Europe changes its clocks on 28 March 2027.
    expect(addDays(new Date("2027-03-27T12:00:00Z"), 1)).toEqual(new Date("2027-03-28T12:00:00Z"));
    expect(addDays(at, -2).getTime()).toBe(at.getTime() - 2 * DAY_MS);
    expect(addSeconds(at, 90)).toEqual(new Date("2027-03-14T09:06:30Z"));
  });

  it("round whole days up ahead and down behind", () => {
    expect(wholeDaysUntil(addSeconds(at, 3 * 3600), at)).toBe(1);
    expect(wholeDaysUntil(addDays(at, 4), at)).toBe(4);
    expect(wholeDaysSince(addSeconds(at, -3 * 3600), at)).toBe(0);
    expect(wholeDaysSince(addDays(at, -4), at)).toBe(4);
  });
});

describe("formatMoment", () => {
  it("writes the moment in the reader's zone, and in UTC for a zone it does not know", () => {
    expect(formatMoment(at, "Europe/Berlin")).toBe("14 March 2027 at 10:05 CET");
    expect(formatMoment(at, "America/New_York")).toBe("14 March 2027 at 05:05 GMT-4");
    expect(formatMoment(at, "Mars/Olympus_Mons")).toBe("14 March 2027 at 09:05 UTC");
    expect(formatMoment(at)).toBe("14 March 2027 at 09:05 UTC");
  });
});

describe(`durations in SQL (${databaseKind})`, () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it("agree with addDays and addSeconds, whatever the session's time zone", async () => {
    const base = new Date("2027-03-20T12:00:00Z");
    await database.db.transaction().execute(async (trx) => {
      // A zone with a daylight-saving change inside the ten days: `interval '1 day'` would drift.
      await sql`set local time zone 'Europe/Berlin'`.execute(trx);
      for (const days of [1, 10, -10, 30]) {
        const { rows } = await sql<{ later: Date }>`
          select ${timestampSql(base)} + ${daysSql(days)} as later`.execute(trx);
        expect(rows[0]?.later, `${days} days`).toEqual(addDays(base, days));
      }
      const { rows } = await sql<{ later: Date }>`
        select ${timestampSql(base)} + ${secondsSql(7200)} as later`.execute(trx);
      expect(rows[0]?.later).toEqual(addSeconds(base, 7200));
    });
  });
});
