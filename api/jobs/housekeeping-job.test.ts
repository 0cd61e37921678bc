import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THROTTLE_RETENTION_MS } from "../auth/throttle-service.ts";
import { MINUTE_MS } from "../core/time.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import { createTestDatabase } from "../test/harness.ts";
import { runHousekeeping } from "./housekeeping-job.ts";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("runHousekeeping", () => {
  it("removes throttle counters that neither count nor block, and keeps the rest", async () => {
    const { db } = handle;
    const now = new Date();
    const longAgo = new Date(now.getTime() - THROTTLE_RETENTION_MS - MINUTE_MS);
    await db
      .insertInto("throttle_counters")
      .values([
        { key: "test:idle", count: 4, window_started_at: longAgo, blocked_until: null },
        {
          key: "test:block-over",
          count: 30,
          window_started_at: longAgo,
          blocked_until: new Date(now.getTime() - MINUTE_MS),
        },
        {
          key: "test:still-blocked",
          count: 30,
          window_started_at: longAgo,
          blocked_until: new Date(now.getTime() + MINUTE_MS),
        },
        {
          key: "test:recent",
          count: 2,
          window_started_at: new Date(now.getTime() - MINUTE_MS),
          blocked_until: null,
        },
      ])
      .execute();

    expect(await runHousekeeping(db, now)).toEqual({ throttleCounters: 2 });
    const left = await db
      .selectFrom("throttle_counters")
      .select("key")
      .where("key", "like", "test:%")
      .orderBy("key")
      .execute();
    expect(left.map((row) => row.key)).toEqual(["test:recent", "test:still-blocked"]);
    expect(await runHousekeeping(db, now)).toEqual({ throttleCounters: 0 });
  });
});
