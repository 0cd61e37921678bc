import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../accounts/user-service.ts";
import { createId } from "../core/ids.ts";
import { insertAccount } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import {
  SIGN_IN_SLOTS,
  type SignInInput,
  signIn,
  signInsInProgress,
  startPortalSession,
} from "./auth-service.ts";

const PASSWORD = "correct horse battery staple";
const SECOND = 1000;

let t: TestContext;
let accountId: string;
beforeAll(async () => {
  t = await createTestContext();
  accountId = await insertAccount(t.deps.db);
});
afterAll(() => t.close());

async function newEmail(): Promise<string> {
  const email = `${createId("usr").slice(-10).toLowerCase()}@example.com`;
  await createUser(t.deps.db, { accountId, email, name: "Ada", role: "owner", password: PASSWORD });
  return email;
}

const attempt = (input: Partial<SignInInput> & { email: string; now: Date }) =>
  signIn(t.deps, {
    password: "a wrong password",
    kind: "bearer",
    lifetimeMs: t.deps.config.sessionMaxMs,
    ip: "192.0.2.1",
    ...input,
  });

describe("signIn throttling", () => {
  it("blocks an address for 30 s after 10 failures, doubling with each failure after a block", async () => {
    const email = await newEmail();
    const t0 = Date.now();
    const at = (seconds: number) => new Date(t0 + seconds * SECOND);
    const ip = "192.0.2.10";
    for (let i = 0; i < 10; i++) {
      expect(await attempt({ email, ip, now: at(i) })).toEqual({ status: "invalid_credentials" });
    }
    // Blocked 30 s from the 10th failure (at 9 s).
    expect(await attempt({ email, ip, now: at(20) })).toEqual({
      status: "throttled",
      retryAfterSeconds: 19,
    });
    expect(await attempt({ email, ip, password: PASSWORD, now: at(38) })).toMatchObject({
      status: "throttled",
    });
    // After the block, one more guess is checked; failing, it blocks for 60 s, then 120 s.
    expect(await attempt({ email, ip, now: at(40) })).toEqual({ status: "invalid_credentials" });
    expect(await attempt({ email, ip, now: at(41) })).toEqual({
      status: "throttled",
      retryAfterSeconds: 59,
    });
    expect(await attempt({ email, ip, now: at(101) })).toEqual({ status: "invalid_credentials" });
    expect(await attempt({ email, ip, now: at(102) })).toEqual({
      status: "throttled",
      retryAfterSeconds: 119,
    });
    // The right password after the block signs in and forgets the failures.
    expect(await attempt({ email, ip, password: PASSWORD, now: at(222) })).toMatchObject({
      status: "signed_in",
    });
    expect(await attempt({ email, ip, now: at(223) })).toEqual({ status: "invalid_credentials" });
  });

  it("blocks a client address after 50 failures across addresses; a success does not reset it", async () => {
    const ip = "192.0.2.20";
    const t0 = Date.now();
    const at = (seconds: number) => new Date(t0 + seconds * SECOND);
    const email = await newEmail();
    expect(await attempt({ email, ip, password: PASSWORD, now: at(0) })).toMatchObject({
      status: "signed_in",
    });
    for (let i = 0; i < 50; i++) {
      const sprayed = `sprayed-${i % 7}@example.com`;
      expect(await attempt({ email: sprayed, ip, now: at(1) })).toEqual({
        status: "invalid_credentials",
      });
    }
    expect(await attempt({ email, ip, password: PASSWORD, now: at(2) })).toEqual({
      status: "throttled",
      retryAfterSeconds: 29,
    });
    expect(
      await attempt({ email, ip: "192.0.2.21", password: PASSWORD, now: at(2) }),
    ).toMatchObject({ status: "signed_in" });
  });

  it("refuses a second attempt at an address while one is in flight, until its lease lapses", async () => {
    const email = await newEmail();
    const now = new Date();
    // A lease left behind by a process that died mid-attempt.
    await t.deps.db
      .insertInto("throttle_counters")
      .values({
        key: `login:in-flight:${email}`,
        count: 1,
        window_started_at: now,
        blocked_until: new Date(now.getTime() + 15 * SECOND),
      })
      .execute();
    expect(await attempt({ email, password: PASSWORD, now })).toEqual({
      status: "throttled",
      retryAfterSeconds: 15,
    });
    expect(
      await attempt({ email, password: PASSWORD, now: new Date(now.getTime() + 16 * SECOND) }),
    ).toMatchObject({ status: "signed_in" });
  });

  it("leaves no lease behind, whatever the outcome", async () => {
    const email = await newEmail();
    await attempt({ email, now: new Date() });
    await attempt({ email, password: PASSWORD, now: new Date() });
    const leases = await t.deps.db
      .selectFrom("throttle_counters")
      .select("key")
      .where("key", "like", "login:in-flight:%")
      .execute();
    expect(leases).toEqual([]);
  });
});

describe("signIn under a burst", () => {
  it("runs a few sign-ins at once and queues the rest, each answered as if alone", async () => {
    const emails = await Promise.all(Array.from({ length: SIGN_IN_SLOTS + 3 }, newEmail));
    const now = new Date();
    const answers = emails.map((email, i) =>
      attempt({ email, password: i % 2 ? PASSWORD : "a wrong password", now }),
    );
    expect(signInsInProgress()).toEqual({ running: SIGN_IN_SLOTS, waiting: 3 });
    const settled = await Promise.all(answers);
    expect(settled.map((answer) => answer.status)).toEqual(
      emails.map((_, i) => (i % 2 ? "signed_in" : "invalid_credentials")),
    );
    expect(signInsInProgress()).toEqual({ running: 0, waiting: 0 });
  });
});

describe("startPortalSession", () => {
  it("answers null for an unknown user and writes nothing", async () => {
    const result = await startPortalSession(t.deps.db, {
      userId: createId("usr"),
      lifetimeMs: 60_000,
    });
    expect(result).toBeNull();
  });
});
