import { mkdirSync } from "node:fs";
import { PGlite, types } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect } from "kysely";
import pg from "pg";
import { restrictToOwner } from "../config/data-dir.ts";
import type { Database } from "./schema.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Closes every connection; waits for queries in flight. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A `postgres://` URL; without it the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` (or undefined) keeps it in memory. */
  pgliteDataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /**
   * How long a query waits for a PostgreSQL connection (a free one in the pool, or a new one
   * being made) before it fails, so a request answers 503 instead of hanging while the server
   * is unreachable.
   */
  connectTimeoutMs?: number;
  /**
   * How long one statement may run on PostgreSQL (its `statement_timeout`, waiting for locks
   * included) before the server cancels it, so a runaway query or a lock held too long cannot
   * keep a connection from the pool forever; 0 (the default) sets no limit. Migrations run
   * without it (`migrateToLatest`).
   */
  statementTimeoutMs?: number;
  /**
   * Told when an idle pooled connection breaks (the server restarted, the
   * database was dropped). The pool replaces the connection by itself; without
   * a listener `pg` would crash the process.
   */
  onIdleConnectionError?: (error: Error) => void;
}

// Sizes and counters fit easily in a double; parse bigint columns as numbers on both drivers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Opens the database: PostgreSQL when a URL is given, otherwise embedded PGlite.
 *
 * @example
 * const { db, close } = await openDatabase({ pgliteDataDir: ".keyport/pgdata" });
 */
export async function openDatabase({
  databaseUrl,
  pgliteDataDir,
  maxConnections = 10,
  connectTimeoutMs = 5_000,
  statementTimeoutMs = 0,
  onIdleConnectionError = () => {},
}: DatabaseOptions = {}): Promise<DatabaseHandle> {
  if (databaseUrl) {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: maxConnections,
      connectionTimeoutMillis: connectTimeoutMs,
      // Sent with each connection's startup: PostgreSQL cancels a statement over it (57014).
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
      // TCP keepalive: a connection whose server vanished without a goodbye (a host gone, a
      // NAT or firewall dropping the flow) is found broken and replaced instead of waiting
      // for the kernel's retransmissions.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    pool.on("error", onIdleConnectionError);
    // A connection that breaks while checked out (between the statements of a transaction,
    // when the server dies without a goodbye) emits `error` on its client, where the pool
    // listens only while it is idle: unheard, it would crash the process. The statement in
    // flight fails by itself, the next one is refused as "not queryable", and the pool drops
    // the client when it comes back.
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  const inMemory = !pgliteDataDir || pgliteDataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(pgliteDataDir, { recursive: true, mode: 0o700 });
  const pglite = await PGlite.create({
    ...(inMemory ? {} : { dataDir: pgliteDataDir }),
    parsers: { [types.INT8]: (value: string) => Number(value) },
  });
  // PGlite writes the files it creates 0666, whatever the umask: owner-only, as all of DATA_DIR.
  if (!inMemory) restrictToOwner(pgliteDataDir);
  // Kysely's own PGlite dialect: one connection, calls queued, a failed COMMIT reported as such.
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: "pglite", close: () => db.destroy() };
}
