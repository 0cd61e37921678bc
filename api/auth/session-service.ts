import type { Kysely, Selectable } from "kysely";
import { createId } from "../core/ids.ts";
import { generateSecretToken, hashSecretToken } from "../core/secret-token.ts";
import type { Database, Role, SessionKind, SessionsTable } from "../db/schema.ts";

/** Refresh `last_used_at` at most this often, so most authenticated reads write nothing. */
const TOUCH_INTERVAL_MS = 60_000;
const TOKEN_PREFIX = "kps_";

export interface SessionTimeouts {
  /** A cookie or bearer session unused this long is over; portal sessions have no idle limit. */
  readonly idleMs: number;
}

/** Who a valid session belongs to, as the HTTP edge needs it. */
export interface ValidSession {
  readonly sessionId: string;
  readonly kind: SessionKind;
  readonly expiresAt: Date;
  readonly userId: string;
  readonly accountId: string;
  readonly role: Role;
  readonly email: string;
  /** The user's saved language (`users.locale`), as stored. */
  readonly locale: string;
  /** The user's IANA time zone (`users.timezone`). */
  readonly timeZone: string;
  /**
   * Whether the session may make security changes (two-factor sign-in, password,
   * email, recovery codes): always after a sign-in, for a widget token only when
   * the vendor asked for it (`allowSecurityChanges` on `POST /vendor/v1/portal-sessions`).
   */
  readonly securityChangesAllowed: boolean;
}

export interface NewSession {
  /** Shown once: to the browser as a cookie, or to the client as a bearer token. */
  readonly token: string;
  readonly sessionId: string;
  readonly expiresAt: Date;
}

/**
 * Starts a session: 256 random bits, stored only as their SHA-256. Every sign-in
 * makes a new one, so a token planted before sign-in is never promoted.
 *
 * @example
 * const { token } = await createSession(db, { userId, kind: "cookie", lifetimeMs: config.sessionMaxMs });
 */
export async function createSession(
  db: Kysely<Database>,
  {
    userId,
    kind,
    lifetimeMs,
    userAgent = null,
    ip = null,
    securityChangesAllowed = false,
    now = new Date(),
  }: {
    userId: string;
    kind: SessionKind;
    lifetimeMs: number;
    userAgent?: string | null;
    ip?: string | null;
    /** Read for `portal` sessions only; sign-in sessions may always make security changes. */
    securityChangesAllowed?: boolean;
    now?: Date;
  },
): Promise<NewSession> {
  const token = generateSecretToken(TOKEN_PREFIX);
  const sessionId = createId("ses");
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db
    .insertInto("sessions")
    .values({
      id: sessionId,
      user_id: userId,
      token_hash: hashSecretToken(token),
      kind,
      user_agent: userAgent?.slice(0, 512) ?? null,
      ip,
      created_at: now,
      last_used_at: now,
      expires_at: expiresAt,
      security_changes_allowed: securityChangesAllowed,
    })
    .execute();
  return { token, sessionId, expiresAt };
}

/**
 * The session a token stands for, or `null` when it is unknown, revoked, past
 * its absolute end or idle too long. Marks the session used.
 */
export async function validateSessionToken(
  db: Kysely<Database>,
  token: string,
  { idleMs }: SessionTimeouts,
  now: Date = new Date(),
): Promise<ValidSession | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id",
      "sessions.kind",
      "sessions.expires_at",
      "sessions.last_used_at",
      "sessions.revoked_at",
      "sessions.security_changes_allowed",
      "users.id as user_id",
      "users.account_id",
      "users.role",
      "users.email",
      "users.locale",
      "users.timezone",
    ])
    .where("sessions.token_hash", "=", hashSecretToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at <= now) return null;
  if (row.kind !== "portal" && now.getTime() - row.last_used_at.getTime() >= idleMs) return null;
  if (now.getTime() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable("sessions").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return {
    sessionId: row.id,
    kind: row.kind,
    expiresAt: row.expires_at,
    userId: row.user_id,
    accountId: row.account_id,
    role: row.role,
    email: row.email,
    locale: row.locale,
    timeZone: row.timezone,
    securityChangesAllowed: row.kind !== "portal" || row.security_changes_allowed,
  };
}

/** Ends one of a user's sessions; `false` when the user has no such live session. */
export async function revokeSession(
  db: Kysely<Database>,
  userId: string,
  sessionId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("id", "=", sessionId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends every live session of a user, but for `exceptSessionId`; answers how many ended. */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: string,
  { exceptSessionId, now = new Date() }: { exceptSessionId?: string; now?: Date } = {},
): Promise<number> {
  let query = db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (exceptSessionId) query = query.where("id", "!=", exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * One page of a user's live sessions (not revoked, not past their end, and for
 * cookie and bearer sessions not idle too long), newest first; fetches `limit + 1`.
 */
export async function listLiveSessions(
  db: Kysely<Database>,
  userId: string,
  { idleMs }: SessionTimeouts,
  { after, limit }: { after?: string | undefined; limit: number },
  now: Date = new Date(),
): Promise<Selectable<SessionsTable>[]> {
  const idleSince = new Date(now.getTime() - idleMs);
  let query = db
    .selectFrom("sessions")
    .selectAll()
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .where((eb) => eb.or([eb("kind", "=", "portal"), eb("last_used_at", ">", idleSince)]));
  if (after) query = query.where("id", "<", after);
  return query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
}
