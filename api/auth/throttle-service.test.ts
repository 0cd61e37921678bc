import type { KyselyPlugin, RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/harness.ts";
import { consumeThrottle, recordThrottleHit, type ThrottleRule } from "./throttle-service.ts";

function statementCounter(): KyselyPlugin & { count: number } {
  return {
    count: 0,
    transformQuery({ node }: { node: RootOperationNode }) {
      this.count++;
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
}

const RULE: ThrottleRule = { limit: 3, windowMs: 60_000, blockMs: 10_000 };
let handle: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("consumeThrottle", () => {
  it("admits a call in one statement while the key is not blocked", async () => {
    const counter = statementCounter();
    const db = handle.db.withPlugin(counter);
    const now = new Date("2026-12-01T10:00:00Z");
    expect(await consumeThrottle(db, "test:one-statement", RULE, now)).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
    });
    expect(await consumeThrottle(db, "test:one-statement", RULE, now)).toMatchObject({
      allowed: true,
    });
    expect(counter.count).toBe(2);
  });

  it("refuses past the limit until the block ends, without counting the refused calls", async () => {
    const key = "test:block";
    const start = new Date("2026-12-01T10:00:00Z");
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await consumeThrottle(handle.db, key, RULE, start));
    expect(answers.map((answer) => answer.allowed)).toEqual([true, true, true, false]);
    // The 3rd hit reached the limit and set a 10 s block; the 4th is refused by it.
    expect(answers[3]?.retryAfterSeconds).toBe(10);
    expect(await consumeThrottle(handle.db, key, RULE, at(5))).toEqual({
      allowed: false,
      retryAfterSeconds: 5,
    });
    const counter = await handle.db
      .selectFrom("throttle_counters")
      .select("count")
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
    expect(counter.count).toBe(3);
    // The block over, the window not: the next hit is past the limit, and blocks twice as long.
    expect(await consumeThrottle(handle.db, key, RULE, at(21))).toEqual({
      allowed: false,
      retryAfterSeconds: 20,
    });
    // A new window starts over.
    expect(await consumeThrottle(handle.db, key, RULE, at(200))).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
    });
  });

  it("counts every hit with recordThrottleHit, blocked or not", async () => {
    const key = "test:record";
    const now = new Date("2026-12-01T10:00:00Z");
    const states = [];
    for (let i = 0; i < 5; i++) states.push(await recordThrottleHit(handle.db, key, RULE, now));
    expect(states.map((state) => state.count)).toEqual([1, 2, 3, 4, 5]);
    expect(states[4]?.blockedUntil?.getTime()).toBe(now.getTime() + 40_000);
  });
});
