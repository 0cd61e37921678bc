import pg from "pg";
import type { SeenStatement } from "./statement-counter.ts";

export interface ExplainedStatement {
  readonly sql: string;
  /** `EXPLAIN (ANALYZE, BUFFERS)` as PostgreSQL printed it. */
  readonly plan: string;
  /** The execution time PostgreSQL reported, in ms. */
  readonly executionMs: number;
}

const SESSION_LOOKUP = /from "sessions"/;

/**
 * Explains, with ANALYZE, the statements Keyport sent for one request (as the
 * counting proxy saw them, parameters included), but for the session lookup that
 * every route shares. Each runs in a transaction that is rolled back, so an
 * explained write changes nothing.
 */
export async function explainStatements(
  databaseUrl: string,
  statements: readonly SeenStatement[],
): Promise<ExplainedStatement[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const explained: ExplainedStatement[] = [];
    for (const statement of statements) {
      if (SESSION_LOOKUP.test(statement.sql)) continue;
      await client.query("begin");
      try {
        const { rows } = await client.query<{ "QUERY PLAN": string }>(
          `explain (analyze, buffers) ${statement.sql}`,
          [...statement.params],
        );
        const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
        explained.push({
          sql: statement.sql.replace(/\s+/g, " ").trim(),
          plan,
          executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN),
        });
      } finally {
        await client.query("rollback");
      }
    }
    return explained;
  } finally {
    await client.end();
  }
}
