import type { Kysely } from "kysely";
import { getUserByEmail, normalizeEmail } from "../accounts/user-service.ts";
import { recordActivity } from "../activity/activity-service.ts";
import type { AppDeps } from "../core/deps.ts";
import { hashSecretToken } from "../core/secret-token.ts";
import { createSlots } from "../core/slots.ts";
import { MINUTE_MS } from "../core/time.ts";
import { HASH_SLOTS, verifyPassword } from "../credentials/password.ts";
import { sendSecurityNotice } from "../credentials/security-change-service.ts";
import { verifyTotpForLogin } from "../credentials/totp-service.ts";
import type { Database, User } from "../db/schema.ts";
import { describeDevice } from "./device-label.ts";
import type { KnownDevice } from "./known-device.ts";
import { createSession, type NewSession, revokeSession } from "./session-service.ts";
import {
  consumeThrottle,
  recordThrottleHit,
  resetThrottle,
  secondsUntil,
  type ThrottleRule,
  throttleBlockedUntil,
} from "./throttle-service.ts";

/** Failed sign-ins per address (known or not): 10 in 15 minutes, then 30 s blocks that double up to an hour. */
export const LOGIN_ACCOUNT_RULE: ThrottleRule = {
  limit: 10,
  windowMs: 15 * MINUTE_MS,
  blockMs: 30_000,
  maxBlockMs: 60 * MINUTE_MS,
};

/** Failed sign-ins per client address, across every account: 50 in 15 minutes, then the same growth. */
export const LOGIN_IP_RULE: ThrottleRule = {
  limit: 50,
  windowMs: 15 * MINUTE_MS,
  blockMs: 30_000,
  maxBlockMs: 60 * MINUTE_MS,
};

/**
 * One sign-in per address at a time. Without it, a burst of parallel guesses
 * would all pass the check before the first failure is counted. The block is a
 * lease: the attempt clears it when done, a crashed process leaves it to lapse.
 */
const LOGIN_IN_FLIGHT_RULE: ThrottleRule = {
  limit: 1,
  windowMs: 15_000,
  blockMs: 15_000,
  maxBlockMs: 15_000,
};

export interface SignInInput {
  readonly email: string;
  readonly password: string;
  readonly totpCode?: string | undefined;
  /** How the new session's token is handed over. */
  readonly kind: "cookie" | "bearer";
  readonly lifetimeMs: number;
  readonly userAgent?: string | null | undefined;
  /** The client address, for throttling and activity. */
  readonly ip: string;
  /** A session token the client already carried (a cookie): ended, as the new one replaces it. */
  readonly replacesToken?: string | undefined;
  /**
   * The verified known-device token the client brought (auth/known-device.ts). When
   * it names the user of this address, a lockout of the address does not hold this
   * device up: it has its own failure counter instead.
   */
  readonly knownDevice?: KnownDevice | null | undefined;
  readonly now?: Date | undefined;
}

export type SignInResult =
  | {
      readonly status: "signed_in";
      readonly user: User;
      readonly session: NewSession;
      readonly secondFactor: "totp" | "recovery_code" | null;
    }
  | { readonly status: "throttled"; readonly retryAfterSeconds: number }
  /** Unknown address, wrong password or no password set yet: indistinguishable on purpose. */
  | { readonly status: "invalid_credentials" }
  /** The password was right; the user has two-factor sign-in and sent no code. */
  | { readonly status: "totp_required" }
  | { readonly status: "invalid_totp" };

/**
 * Checks a sign-in and starts a new session for it. Throttled per address and per
 * client address before the password is looked at; an unknown address costs the
 * same password hashing as a known one, so neither answer nor timing tells them apart.
 *
 * A device that signed in as this user before (`input.knownDevice`) is throttled
 * by its own counter instead (OWASP's device cookies): ten wrong guesses by
 * anyone else lock the address for everyone else, but the owner, with the
 * correct password from a browser that signed in before, still gets in.
 *
 * At most {@link SIGN_IN_SLOTS} run at once; the others wait their turn.
 *
 * @example
 * const result = await signIn(deps, { email, password, kind: "cookie", lifetimeMs, ip });
 * if (result.status === "signed_in") setSessionCookie(c, result.session.token, result.session.expiresAt);
 */
export function signIn(deps: SignInDeps, input: SignInInput): Promise<SignInResult> {
  return signInSlots.run(() => attemptSignIn(deps, input));
}

/** What a sign-in needs of the app: the database, the secrets (TOTP) and the portal's address (notices). */
type SignInDeps = Pick<AppDeps, "db" | "secrets" | "config">;

/**
 * How many sign-ins run at once: one more than the password checks that can
 * run together, so one does its statements while the others hash. A burst
 * waits here, holding no connection, instead of sending every sign-in's
 * throttle checks and lookups at once and queueing every other route's
 * statements behind them in the pool.
 */
export const SIGN_IN_SLOTS = HASH_SLOTS + 1;
const signInSlots = createSlots(SIGN_IN_SLOTS);

/** Sign-ins running and waiting now (tests, diagnostics). */
export function signInsInProgress(): { readonly running: number; readonly waiting: number } {
  return { running: signInSlots.running, waiting: signInSlots.waiting };
}

async function attemptSignIn(deps: SignInDeps, input: SignInInput): Promise<SignInResult> {
  const { db, secrets: secretBox } = deps;
  const now = input.now ?? new Date();
  const email = normalizeEmail(input.email);
  const accountKey = `login:account:${email}`;
  const ipKey = `login:ip:${input.ip}`;
  const inFlightKey = `login:in-flight:${email}`;

  const device = input.knownDevice ? await trustedDevice(db, email, input.knownDevice) : null;
  const deviceKey = device ? `login:device:${device.deviceId}` : null;
  const blocked = deviceKey
    ? await throttleBlockedUntil(db, deviceKey, now)
    : latest(
        await throttleBlockedUntil(db, accountKey, now),
        await throttleBlockedUntil(db, ipKey, now),
      );
  if (blocked) return { status: "throttled", retryAfterSeconds: secondsUntil(blocked, now) };
  const lease = await consumeThrottle(db, inFlightKey, LOGIN_IN_FLIGHT_RULE, now);
  if (!lease.allowed) return { status: "throttled", retryAfterSeconds: lease.retryAfterSeconds };

  try {
    const user = await getUserByEmail(db, email);
    const passwordMatches = await verifyPassword(user?.password_hash ?? null, input.password);
    if (!user || !passwordMatches) {
      await recordFailure(db, {
        accountKey,
        ipKey,
        deviceKey,
        user,
        reason: "password",
        input,
        now,
      });
      return { status: "invalid_credentials" };
    }

    let secondFactor: "totp" | "recovery_code" | null = null;
    if (user.totp_enabled_at) {
      if (input.totpCode === undefined) return { status: "totp_required" };
      const check = await verifyTotpForLogin(db, secretBox, user, input.totpCode, now);
      if (check === "invalid") {
        await recordFailure(db, { accountKey, ipKey, deviceKey, user, reason: "totp", input, now });
        return { status: "invalid_totp" };
      }
      secondFactor = check === "recovery" ? "recovery_code" : "totp";
    }

    await resetThrottle(db, accountKey);
    if (deviceKey) await resetThrottle(db, deviceKey);
    const session = await db.transaction().execute(async (trx) => {
      // Under a share lock of the user row: a password change or reset that committed since
      // the check above ended the user's sessions and made this password an old one, so the
      // sign-in makes no session (a change waits for this lock, then ends the new session).
      const current = await trx
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", user.id)
        .forShare()
        .executeTakeFirst();
      if (current?.password_hash !== user.password_hash) return null;
      if (input.replacesToken) await revokeSessionByToken(trx, input.replacesToken, now);
      const created = await createSession(trx, {
        userId: user.id,
        kind: input.kind,
        lifetimeMs: input.lifetimeMs,
        userAgent: input.userAgent ?? null,
        ip: input.ip,
        now,
      });
      const common = { accountId: user.account_id, actor: "customer", userId: user.id } as const;
      if (secondFactor === "recovery_code") {
        await recordActivity(trx, {
          ...common,
          action: "recovery_code.used",
          subjectType: "user",
          subjectId: user.id,
          ip: input.ip,
        });
        // Someone holding the password and a recovery code is in: the owner should hear of it.
        await sendSecurityNotice(trx, deps, user, "recovery_code_used", now);
      }
      await recordActivity(trx, {
        ...common,
        action: "auth.signed_in",
        subjectType: "session",
        subjectId: created.sessionId,
        data: { via: input.kind, secondFactor, device: describeDevice(input.userAgent) },
        ip: input.ip,
      });
      return created;
    });
    if (!session) return { status: "invalid_credentials" };
    return { status: "signed_in", user, session, secondFactor };
  } finally {
    await resetThrottle(db, inFlightKey);
  }
}

/**
 * Ends the session a request came with, and records the sign-out.
 *
 * @example
 * await signOut(db, c.get("auth"), clientIp(c));
 */
export async function signOut(
  db: Kysely<Database>,
  session: { readonly sessionId: string; readonly userId: string; readonly accountId: string },
  ip: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await revokeSession(trx, session.userId, session.sessionId);
    await recordActivity(trx, {
      accountId: session.accountId,
      actor: "customer",
      userId: session.userId,
      action: "auth.signed_out",
      subjectType: "session",
      subjectId: session.sessionId,
      ip,
    });
  });
}

/**
 * Ends one of the caller's own live sessions (another device, or this one) and
 * records it; `false` when the caller has no such live session.
 */
export async function endOwnSession(
  db: Kysely<Database>,
  caller: { readonly sessionId: string; readonly userId: string; readonly accountId: string },
  sessionId: string,
  ip: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await revokeSession(trx, caller.userId, sessionId))) return false;
    await recordActivity(trx, {
      accountId: caller.accountId,
      actor: "customer",
      userId: caller.userId,
      action: "session.revoked",
      subjectType: "session",
      subjectId: sessionId,
      data: { current: sessionId === caller.sessionId },
      ip,
    });
    return true;
  });
}

/**
 * A short-lived bearer session for one user, for widgets embedded on the vendor's
 * site; `null` when there is no such user.
 *
 * @example
 * const portal = await startPortalSession(db, { userId, lifetimeMs: 15 * 60_000 });
 */
export async function startPortalSession(
  db: Kysely<Database>,
  {
    userId,
    lifetimeMs,
    allowSecurityChanges = false,
    now = new Date(),
  }: {
    userId: string;
    lifetimeMs: number;
    /** Lets the widget token change two-factor sign-in, password, email and recovery codes. */
    allowSecurityChanges?: boolean;
    now?: Date;
  },
): Promise<{ readonly user: User; readonly session: NewSession } | null> {
  const user = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!user) return null;
  const session = await createSession(db, {
    userId,
    kind: "portal",
    lifetimeMs,
    securityChangesAllowed: allowSecurityChanges,
    now,
  });
  return { user, session };
}

async function recordFailure(
  db: Kysely<Database>,
  {
    accountKey,
    ipKey,
    deviceKey,
    user,
    reason,
    input,
    now,
  }: {
    accountKey: string;
    ipKey: string;
    deviceKey: string | null;
    user: User | null;
    reason: "password" | "totp";
    input: SignInInput;
    now: Date;
  },
): Promise<void> {
  await recordThrottleHit(db, accountKey, LOGIN_ACCOUNT_RULE, now);
  await recordThrottleHit(db, ipKey, LOGIN_IP_RULE, now);
  // A known device guesses under its own limit, as strict as the address's.
  if (deviceKey) await recordThrottleHit(db, deviceKey, LOGIN_ACCOUNT_RULE, now);
  // Only a known user has an account whose activity can show it; the password is never kept.
  if (!user) return;
  await recordActivity(db, {
    accountId: user.account_id,
    actor: "customer",
    userId: user.id,
    action: "auth.sign_in_failed",
    subjectType: "user",
    subjectId: user.id,
    data: {
      reason: reason === "totp" ? "totp" : user.password_hash ? "password" : "password_not_set",
      via: input.kind,
      device: describeDevice(input.userAgent),
    },
    ip: input.ip,
  });
}

/** A cookie the browser carried into sign-in is replaced; the session behind it must not live on. */
async function revokeSessionByToken(db: Kysely<Database>, token: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("token_hash", "=", hashSecretToken(token))
    .where("revoked_at", "is", null)
    .execute();
}

/** The device, when it is known as the user this address belongs to; else `null`. */
async function trustedDevice(
  db: Kysely<Database>,
  email: string,
  device: KnownDevice,
): Promise<KnownDevice | null> {
  const user = await getUserByEmail(db, email);
  return user && user.id === device.userId ? device : null;
}

function latest(...dates: (Date | null)[]): Date | null {
  return dates.reduce<Date | null>(
    (max, date) => (date && (!max || date > max) ? date : max),
    null,
  );
}
