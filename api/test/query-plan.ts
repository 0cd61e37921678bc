import { CompiledQuery, type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * The plan PostgreSQL (or PGlite) chooses for a query, with its parameters bound
 * as the route binds them. Sequential scans are switched off for the one
 * transaction: the test tables are tiny, and on them the planner rightly prefers
 * a scan, which would hide whether an index could serve the query at all.
 *
 * @example
 * expect(await explainPlan(db, customerLicenseListQuery(db, caller, {}))).toMatch(/licenses_account_idx/);
 */
export async function explainPlan(
  db: Kysely<Database>,
  query: { compile(): CompiledQuery } | string,
): Promise<string> {
  const compiled = typeof query === "string" ? CompiledQuery.raw(query) : query.compile();
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const explained = await trx.executeQuery<Record<string, string>>(
      CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
    );
    return explained.rows.map((row) => Object.values(row)[0]).join("\n");
  });
}
