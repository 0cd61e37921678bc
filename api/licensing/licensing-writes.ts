import { type Kysely, sql } from "kysely";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";

/** One validation as the software made it, to be stored in `validation_events`. */
export interface ValidationEvent {
  readonly id: string;
  readonly licenseId: string;
  readonly accountId: string;
  readonly activationId: string | null;
  readonly code: string;
  readonly valid: boolean;
  readonly fingerprint: string | null;
  readonly domain: string | null;
  readonly version: string | null;
  readonly ip: string | null;
  readonly at: Date;
}

/** A live binding seen at `at`: its `last_seen_at` moves forward unless it died or ended meanwhile. */
export interface ActivationSighting {
  readonly activationId: string;
  readonly at: Date;
  /** The oldest `last_seen_at` that still counts as alive (heartbeat policies); `null` when any does. */
  readonly aliveSince: Date | null;
}

export interface LicensingWritesOptions {
  /** How long a write waits in memory before it is flushed with the others. */
  readonly flushMs?: number;
  /** Writes held at most; a request that would go over waits for a flush (back-pressure). */
  readonly maxPending?: number;
  /** How long a request waits for room before it fails with the flush's error. */
  readonly maxWaitMs?: number;
}

/**
 * The Licensing API's writes, behind its hot path: validation events and
 * `last_seen_at` sightings are held in memory and written together, one
 * multi-row statement each, every `flushMs` or as soon as `maxPending` are
 * waiting. Sightings of one binding coalesce into the latest. Memory is
 * bounded: while `maxPending` writes wait (PostgreSQL slow or away), new ones
 * wait for room, and fail after `maxWaitMs`. `close()` writes what is left, so
 * a graceful stop (SIGTERM) loses nothing; a flush that fails keeps its writes
 * and tries again.
 */
export interface LicensingWrites {
  /** Queues an event and, when given, a sighting; settles once both are held (waits while full). */
  record(event: ValidationEvent, sighting?: ActivationSighting | null): Promise<void>;
  /** Queues a sighting alone (heartbeats). */
  sight(sighting: ActivationSighting): Promise<void>;
  /** Writes everything queued so far; rejects when the database refused it (it stays queued). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left, retrying briefly; logs what could not be written. */
  close(): Promise<void>;
  /** Writes held now. */
  readonly pending: number;
}

/** A call waited `maxWaitMs` for room in a full buffer: the database does not keep up (or is away). */
export class LicensingBacklogError extends Error {
  override readonly name = "LicensingBacklogError";
}

const DEFAULTS = { flushMs: 100, maxPending: 10_000, maxWaitMs: 5_000 } as const;
/** Rows per statement: far below PostgreSQL's limits, big enough that a burst is a few statements. */
const BATCH_ROWS = 2_000;
const RETRY_MS = [100, 250, 500, 1_000, 2_000] as const;

/**
 * @example
 * const writes = createLicensingWrites(db, logger);
 * await writes.record(event, sighting); // answers at once; written within ~100 ms
 * await writes.close(); // on shutdown, before the database closes
 */
export function createLicensingWrites(
  db: Kysely<Database>,
  logger: Logger,
  options: LicensingWritesOptions = {},
): LicensingWrites {
  const { flushMs, maxPending, maxWaitMs } = { ...DEFAULTS, ...options };
  let events: ValidationEvent[] = [];
  let sightings = new Map<string, ActivationSighting>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failures = 0;
  let lastError: unknown;
  let closed = false;
  const roomWaiters = new Set<() => void>();

  /** Writes taken by the flush in progress: still in memory until it lands. */
  let inFlight = 0;
  const queuedCount = () => events.length + sightings.size;
  const pendingCount = () => queuedCount() + inFlight;

  function schedule(delayMs: number) {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch(() => {
        // Logged in writeBatch; the writes stay queued for the next attempt.
      });
    }, delayMs);
    timer.unref();
  }

  async function waitForRoom(): Promise<void> {
    if (pendingCount() < maxPending) return;
    void flush().catch(() => {});
    const deadline = Date.now() + maxWaitMs;
    while (pendingCount() >= maxPending) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new LicensingBacklogError(
          "validation events are not being written: the database does not keep up",
          { cause: lastError },
        );
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(wait);
          roomWaiters.delete(done);
          resolve();
        };
        const wait = setTimeout(done, Math.min(left, 250));
        roomWaiters.add(done);
      });
    }
  }

  function addSighting(sighting: ActivationSighting) {
    const held = sightings.get(sighting.activationId);
    if (!held || held.at < sighting.at) sightings.set(sighting.activationId, sighting);
  }

  /** Two statements, no transaction: the events, then the sightings; what failed goes back in front. */
  async function writeBatch(): Promise<void> {
    const batch = events.slice(0, BATCH_ROWS);
    const seen = [...sightings.values()].sort((a, b) => (a.activationId < b.activationId ? -1 : 1));
    events = events.slice(batch.length);
    sightings = new Map();
    inFlight = batch.length + seen.length;
    let written = false;
    try {
      if (batch.length > 0) await insertEvents(db, batch);
      written = true;
      if (seen.length > 0) await moveLastSeen(db, seen);
      failures = 0;
    } catch (error) {
      if (!written) events = [...batch, ...events];
      for (const sighting of seen) addSighting(sighting);
      failures++;
      lastError = error;
      logger.warn(
        { err: error, pending: pendingCount(), attempt: failures },
        "validation events could not be written yet; retrying",
      );
      throw error;
    } finally {
      inFlight = 0;
      for (const wake of [...roomWaiters]) wake();
    }
  }

  async function flush(): Promise<void> {
    while (queuedCount() > 0 || running) {
      if (running) {
        await running.catch(() => {});
        continue;
      }
      running = writeBatch().finally(() => {
        running = undefined;
      });
      try {
        await running;
      } catch (error) {
        schedule(RETRY_MS[Math.min(failures, RETRY_MS.length) - 1] ?? flushMs);
        throw error;
      }
    }
  }

  return {
    get pending() {
      return pendingCount();
    },
    async record(event, sighting) {
      await waitForRoom();
      events.push(event);
      if (sighting) addSighting(sighting);
      if (closed) return flush();
      if (queuedCount() >= Math.min(BATCH_ROWS, maxPending)) void flush().catch(() => {});
      else schedule(flushMs);
    },
    async sight(sighting) {
      await waitForRoom();
      addSighting(sighting);
      if (closed) return flush();
      schedule(flushMs);
    },
    flush,
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      for (const delay of [0, ...RETRY_MS]) {
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        try {
          await flush();
          return;
        } catch {
          // Logged; try again after the next delay.
        }
      }
      logger.error(
        { err: lastError, lost: pendingCount() },
        "validation events could not be written before the stop",
      );
    },
  };
}

/** Inserts events as one statement; an id already stored (a retried batch that had landed) is skipped. */
async function insertEvents(db: Kysely<Database>, batch: readonly ValidationEvent[]) {
  const rows = JSON.stringify(
    batch.map((event) => ({
      id: event.id,
      license_id: event.licenseId,
      account_id: event.accountId,
      activation_id: event.activationId,
      code: event.code,
      valid: event.valid,
      fingerprint: event.fingerprint,
      domain: event.domain,
      version: event.version,
      ip: event.ip,
      created_at: event.at.toISOString(),
    })),
  );
  await sql`
    insert into validation_events
      (id, license_id, account_id, activation_id, code, valid, fingerprint, domain, version, ip, created_at)
    select id, license_id, account_id, activation_id, code, valid, fingerprint, domain, version, ip, created_at
    from json_to_recordset(${rows}::json) as e(
      id text, license_id text, account_id text, activation_id text, code text, valid boolean,
      fingerprint text, domain text, version text, ip text, created_at timestamptz
    )
    on conflict do nothing
  `.execute(db);
}

/**
 * Moves `last_seen_at` forward for bindings still live; one whose heartbeats died
 * (older than `alive_since`) or that ended meanwhile is left as it is, never revived.
 */
async function moveLastSeen(db: Kysely<Database>, seen: readonly ActivationSighting[]) {
  const rows = JSON.stringify(
    seen.map((sighting) => ({
      id: sighting.activationId,
      at: sighting.at.toISOString(),
      alive_since: sighting.aliveSince?.toISOString() ?? null,
    })),
  );
  await sql`
    update activations as a set last_seen_at = s.at
    from json_to_recordset(${rows}::json) as s(id text, at timestamptz, alive_since timestamptz)
    where a.id = s.id
      and a.deactivated_at is null
      and a.last_seen_at < s.at
      and (s.alive_since is null or a.last_seen_at >= s.alive_since)
  `.execute(db);
}
