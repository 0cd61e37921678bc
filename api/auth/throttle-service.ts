import { type Kysely, sql } from "kysely";
import { DAY_MS } from "../core/time.ts";
import type { Database } from "../db/schema.ts";

/**
 * A limit on how often something may happen. After `limit` hits within
 * `windowMs`, the key is blocked: for `blockMs`, doubling with every further hit
 * (growing delays), at most `maxBlockMs`.
 */
export interface ThrottleRule {
  readonly limit: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly maxBlockMs?: number;
}

export interface ThrottleState {
  /** Hits in the current window, this one included. */
  readonly count: number;
  /** Until when the key is refused; `null` when it is not. */
  readonly blockedUntil: Date | null;
}

/**
 * Counters live in the database, so several server processes share them. Keys
 * name what is counted: `login:account:<id>`, `login:ip:<ip>`, `reset:<email>`.
 */

/** When the key is refused until, or `null`; reads only. */
export async function throttleBlockedUntil(
  db: Kysely<Database>,
  key: string,
  now: Date = new Date(),
): Promise<Date | null> {
  const row = await db
    .selectFrom("throttle_counters")
    .select("blocked_until")
    .where("key", "=", key)
    .executeTakeFirst();
  return row?.blocked_until && row.blocked_until > now ? row.blocked_until : null;
}

/**
 * Counts one hit in a single atomic statement (a window that has passed starts
 * over) and blocks the key once the count exceeds the rule's limit.
 */
export async function recordThrottleHit(
  db: Kysely<Database>,
  key: string,
  rule: ThrottleRule,
  now: Date = new Date(),
): Promise<ThrottleState> {
  const state = await countHit(db, key, rule, now, { whileBlocked: true });
  if (!state) throw new Error(`the throttle counter ${key} was not counted`);
  return state;
}

/**
 * For plain rate limits (reset mails, signed links, licensing calls): counts
 * the hit and says whether it may go ahead, in one statement while the key is
 * not blocked. A blocked key's hits are not counted; its block is read.
 */
export async function consumeThrottle(
  db: Kysely<Database>,
  key: string,
  rule: ThrottleRule,
  now: Date = new Date(),
): Promise<{ readonly allowed: boolean; readonly retryAfterSeconds: number }> {
  const state = await countHit(db, key, rule, now, { whileBlocked: false });
  if (!state) {
    // The counter is blocked (the statement changed nothing): say until when.
    const blocked = (await throttleBlockedUntil(db, key, now)) ?? new Date(now.getTime() + 1000);
    return { allowed: false, retryAfterSeconds: secondsUntil(blocked, now) };
  }
  if (state.count > rule.limit && state.blockedUntil) {
    return { allowed: false, retryAfterSeconds: secondsUntil(state.blockedUntil, now) };
  }
  return { allowed: true, retryAfterSeconds: 0 };
}

/**
 * The upsert behind both: `null` when `whileBlocked` is false and the key is
 * blocked at `now` (nothing counted). Reaching the limit sets the block, which
 * doubles with every hit past it up to `maxBlockMs`.
 */
async function countHit(
  db: Kysely<Database>,
  key: string,
  rule: ThrottleRule,
  now: Date,
  { whileBlocked }: { whileBlocked: boolean },
): Promise<ThrottleState | null> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const row = await db
    .insertInto("throttle_counters")
    .values({ key, count: 1, window_started_at: now, blocked_until: null })
    .onConflict((oc) => {
      const update = oc.column("key").doUpdateSet({
        count: sql<number>`case when throttle_counters.window_started_at < ${windowStart} then 1 else throttle_counters.count + 1 end`,
        window_started_at: sql<Date>`case when throttle_counters.window_started_at < ${windowStart} then ${now} else throttle_counters.window_started_at end`,
      });
      return whileBlocked
        ? update
        : update.where((eb) =>
            eb.or([
              eb("throttle_counters.blocked_until", "is", null),
              eb("throttle_counters.blocked_until", "<=", now),
            ]),
          );
    })
    .returning(["count", "blocked_until"])
    .executeTakeFirst();
  if (!row) return null;
  if (row.count < rule.limit) return { count: row.count, blockedUntil: null };
  const doublings = Math.min(row.count - rule.limit, 30);
  const blockMs = Math.min(
    rule.blockMs * 2 ** doublings,
    rule.maxBlockMs ?? Number.POSITIVE_INFINITY,
  );
  const blockedUntil = new Date(now.getTime() + blockMs);
  await db
    .updateTable("throttle_counters")
    .set({ blocked_until: blockedUntil })
    .where("key", "=", key)
    .execute();
  return { count: row.count, blockedUntil };
}

/**
 * How long an idle counter is kept. Every rule's window must be shorter: a
 * counter whose window began longer ago than that starts over at its next hit
 * anyway, so deleting it changes nothing.
 */
export const THROTTLE_RETENTION_MS = DAY_MS;

/**
 * Deletes counters that neither block nor count any more (keys of unknown
 * addresses would otherwise pile up); answers how many went.
 *
 * @example
 * await purgeThrottleCounters(db);
 */
export async function purgeThrottleCounters(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<number> {
  const result = await db
    .deleteFrom("throttle_counters")
    .where("window_started_at", "<", new Date(now.getTime() - THROTTLE_RETENTION_MS))
    .where((eb) => eb.or([eb("blocked_until", "is", null), eb("blocked_until", "<=", now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Forgets a key (a successful sign-in clears its failures). */
export async function resetThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("throttle_counters").where("key", "=", key).execute();
}

export function secondsUntil(until: Date, now: Date = new Date()): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
