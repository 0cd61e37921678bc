import type { ExpressionBuilder } from "kysely";
import type { ActivationKind, Database } from "../db/schema.ts";

/*
 * The rule: a license allows as many activations of a kind as its own limit says
 * (`licenses.max_machines` / `max_domains`, set by the vendor to override), else
 * as many as its policy's. The TypeScript form reads a row; the SQL form is for
 * queries that join `licenses` to `policies`. effective-limits.test.ts proves
 * they agree.
 */

/** The license's own limits (`null`: none set) and its policy's, as rows carry them. */
export interface LimitColumns {
  readonly max_machines: number | null;
  readonly max_domains: number | null;
  readonly policy_max_machines: number;
  readonly policy_max_domains: number;
}

/**
 * How many activations of `kind` the license allows.
 *
 * @example
 * effectiveLimit({ max_machines: null, policy_max_machines: 3, … }, "machine"); // 3
 */
export function effectiveLimit(row: LimitColumns, kind: ActivationKind): number {
  return kind === "machine"
    ? (row.max_machines ?? row.policy_max_machines)
    : (row.max_domains ?? row.policy_max_domains);
}

/** Both limits at once: `{ machine, domain }`. */
export function effectiveLimits(row: LimitColumns): Record<ActivationKind, number> {
  return { machine: effectiveLimit(row, "machine"), domain: effectiveLimit(row, "domain") };
}

/**
 * The SQL twin of {@link effectiveLimit}: `coalesce(licenses.max_…, policies.max_…)`.
 *
 * @example
 * db.selectFrom("licenses").innerJoin("policies", "policies.id", "licenses.policy_id")
 *   .select((eb) => effectiveLimitSql(eb, "machine").as("machines_total"))
 */
export function effectiveLimitSql(
  eb: ExpressionBuilder<Database, "licenses" | "policies">,
  kind: ActivationKind,
) {
  return kind === "machine"
    ? eb.fn.coalesce("licenses.max_machines", "policies.max_machines")
    : eb.fn.coalesce("licenses.max_domains", "policies.max_domains");
}
