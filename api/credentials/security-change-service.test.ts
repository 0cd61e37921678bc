import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPasswordHash } from "../accounts/profile-service.ts";
import { signIn } from "../auth/auth-service.ts";
import { revokeUserSessions } from "../auth/session-service.ts";
import { createTestContext, databaseKind, type TestContext } from "../test/harness.ts";
import { signedInUser } from "../test/signed-in-user.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { changePassword } from "./security-change-service.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

const ORIGINAL = "the original password of the user";

async function passwordHashOf(userId: string): Promise<string | null> {
  const row = await t.deps.db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return row.password_hash;
}

async function liveSessionIds(userId: string): Promise<string[]> {
  const rows = await t.deps.db
    .selectFrom("sessions")
    .select("id")
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
  return rows.map((row) => row.id);
}

describe(`password changes racing each other and sign-ins (${databaseKind})`, () => {
  it("two changes from the same current password at once: one changes it, the other is refused", async () => {
    const user = await signedInUser(t, { password: ORIGINAL });
    const sessions = await Promise.all([user.newSession(), user.newSession()]);
    const outcomes = await Promise.allSettled(
      sessions.map((session, i) =>
        changePassword(
          t.deps,
          {
            userId: user.userId,
            accountId: user.accountId,
            sessionId: session.sessionId,
            ip: null,
          },
          { currentPassword: ORIGINAL, newPassword: `the new password number ${i}` },
        ),
      ),
    );
    const changed = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
    // Before the fix both answered "changed": the second one on a password already replaced.
    expect(changed).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      field: "body.currentPassword",
      message: "is not your current password",
    });
    const winner = changed[0]!;
    expect(
      await verifyPassword(await passwordHashOf(user.userId), `the new password number ${winner}`),
    ).toBe(true);
    expect(await liveSessionIds(user.userId)).toEqual([sessions[winner]!.sessionId]);
    const entries = await t.deps.db
      .selectFrom("activity")
      .select("id")
      .where("user_id", "=", user.userId)
      .where("action", "=", "password.changed")
      .execute();
    expect(entries).toHaveLength(1);
  });

  it("a sign-in whose password was changed while it was being checked makes no session", async () => {
    const user = await signedInUser(t, { password: ORIGINAL });
    const replaced = await hashPassword("the password that replaced it");
    const attempt = {
      email: user.email,
      password: ORIGINAL,
      kind: "bearer" as const,
      lifetimeMs: t.deps.config.sessionMaxMs,
      ip: "203.0.113.9",
    };
    if (databaseKind === "pglite") {
      // One connection: a change cannot be held open beside the sign-in, so only the order
      // "change committed, then the sign-in" can be checked here; PostgreSQL checks the race.
      await t.deps.db.transaction().execute(async (trx) => {
        await setPasswordHash(trx, user.userId, replaced);
        await revokeUserSessions(trx, user.userId);
      });
      expect((await signIn(t.deps, attempt)).status).toBe("invalid_credentials");
      expect(await liveSessionIds(user.userId)).toEqual([]);
      return;
    }
    // A change holds the user row; the sign-in reads the old (committed) password, checks it
    // and must wait for the change before it makes its session.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const change = t.deps.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom("users")
        .select("id")
        .where("id", "=", user.userId)
        .forUpdate()
        .execute();
      await setPasswordHash(trx, user.userId, replaced);
      locked();
      await released;
      await revokeUserSessions(trx, user.userId);
    });
    await isLocked;
    const signingIn = signIn(t.deps, attempt);
    // Let the change commit once the sign-in waits for the user row's lock.
    for (let waited = 0; ; waited++) {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(t.deps.db);
      if (Number(rows[0]!.n) > 0) break;
      if (waited > 200) throw new Error("the sign-in never waited for the change");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    release();
    await change;
    // Before the fix it made a session after the change had ended them all.
    expect((await signingIn).status).toBe("invalid_credentials");
    expect(await liveSessionIds(user.userId)).toEqual([]);
  });
});
