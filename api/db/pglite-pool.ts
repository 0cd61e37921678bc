import type { PGlite } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

type Command = PostgresQueryResult<unknown>["command"];
const COMMANDS = new Set<string>(["INSERT", "UPDATE", "DELETE", "MERGE", "SELECT"]);

/**
 * Presents one PGlite instance as a `pg`-style pool so that Kysely's own
 * PostgresDialect drives it. PGlite is a single connection, so the pool hands
 * it out to one borrower at a time and queues the rest: a transaction keeps the
 * connection until it commits, exactly as with a pooled `pg` client.
 */
export class PGlitePool implements PostgresPool {
  readonly #pglite: PGlite;
  #tail: Promise<void> = Promise.resolve();

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => released);
    await previous;

    const pglite = this.#pglite;
    let done = false;
    const client = {
      async query<R>(
        sql: string,
        parameters: ReadonlyArray<unknown>,
      ): Promise<PostgresQueryResult<R>> {
        const result = await pglite.query<R>(sql, [...parameters]);
        const first = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? "SELECT";
        const command = (COMMANDS.has(first) ? first : "SELECT") as Command;
        return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release(): void {
        if (done) return;
        done = true;
        release();
      },
    };
    return client as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.#tail;
    await this.#pglite.close();
  }
}
