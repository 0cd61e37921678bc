import type { Kysely } from "kysely";
import { unknownReference } from "../core/errors.ts";
import { createId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import type { Database, ExpirationStrategy, Policy } from "../db/schema.ts";
import { resolveEntitlementCodes } from "./entitlement-service.ts";

export interface PolicyInput {
  readonly productId: string;
  readonly name: string;
  readonly maxMachines: number;
  readonly maxDomains: number;
  /** Days a new license runs; `null` makes licenses perpetual. */
  readonly durationDays?: number | null | undefined;
  readonly expirationStrategy: ExpirationStrategy;
  /** Seconds between expected heartbeats; `null` turns heartbeats off. */
  readonly heartbeatSeconds?: number | null | undefined;
  /** Customer deactivations allowed per window; `null` is unlimited. */
  readonly deactivationLimit?: number | null | undefined;
  readonly deactivationWindowDays?: number | undefined;
  /** Customers cannot deactivate activations of licenses under a protected policy. */
  readonly protected?: boolean | undefined;
  /** Entitlement codes new licenses under this policy get by default. */
  readonly entitlements?: readonly string[] | undefined;
}

/** Everything but the product, which a policy keeps for life. */
export type PolicyPatch = Partial<Omit<PolicyInput, "productId">>;

/** A policy row with its default entitlement codes (sorted). */
export type PolicyRecord = Policy & { readonly entitlements: string[] };

export interface PolicyListOptions extends PageOptions {
  readonly productId?: string | undefined;
}

/**
 * Creates a policy and its default entitlements in one transaction; an unknown
 * product or entitlement code is an `unknownReference` naming the body field.
 */
export async function createPolicy(
  db: Kysely<Database>,
  {
    deactivationWindowDays = 30,
    protected: isProtected = false,
    entitlements = [],
    ...input
  }: PolicyInput,
): Promise<PolicyRecord> {
  return db.transaction().execute(async (trx) => {
    const product = await trx
      .selectFrom("products")
      .select("id")
      .where("id", "=", input.productId)
      .executeTakeFirst();
    if (!product) throw unknownReference("body.productId", "no such product");
    const entitlementIds = await resolveEntitlementCodes(
      trx,
      [...entitlements],
      "body.entitlements",
    );
    const row = await trx
      .insertInto("policies")
      .values({
        id: createId("pol"),
        product_id: input.productId,
        name: input.name,
        max_machines: input.maxMachines,
        max_domains: input.maxDomains,
        duration_days: input.durationDays ?? null,
        expiration_strategy: input.expirationStrategy,
        heartbeat_seconds: input.heartbeatSeconds ?? null,
        deactivation_limit: input.deactivationLimit ?? null,
        deactivation_window_days: deactivationWindowDays,
        protected: isProtected,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertPolicyEntitlements(trx, row.id, entitlementIds);
    return withEntitlements(trx, row);
  });
}

export async function getPolicy(db: Kysely<Database>, id: string): Promise<PolicyRecord | null> {
  const row = await db.selectFrom("policies").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? withEntitlements(db, row) : null;
}

/** One page of policies, newest first, optionally of one product; fetches `limit + 1` rows. */
export async function listPolicies(
  db: Kysely<Database>,
  { after, limit, productId }: PolicyListOptions,
): Promise<PolicyRecord[]> {
  let query = db.selectFrom("policies").selectAll();
  if (productId !== undefined) query = query.where("product_id", "=", productId);
  if (after) query = query.where("id", "<", after);
  const rows = await query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
  const codes = await policyEntitlementCodes(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, entitlements: codes.get(row.id) ?? [] }));
}

/** Applies the given fields (entitlements replace the defaults); `null` when there is no such policy. */
export async function updatePolicy(
  db: Kysely<Database>,
  id: string,
  patch: PolicyPatch,
): Promise<PolicyRecord | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("policies")
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.maxMachines !== undefined ? { max_machines: patch.maxMachines } : {}),
        ...(patch.maxDomains !== undefined ? { max_domains: patch.maxDomains } : {}),
        ...(patch.durationDays !== undefined ? { duration_days: patch.durationDays } : {}),
        ...(patch.expirationStrategy !== undefined
          ? { expiration_strategy: patch.expirationStrategy }
          : {}),
        ...(patch.heartbeatSeconds !== undefined
          ? { heartbeat_seconds: patch.heartbeatSeconds }
          : {}),
        ...(patch.deactivationLimit !== undefined
          ? { deactivation_limit: patch.deactivationLimit }
          : {}),
        ...(patch.deactivationWindowDays !== undefined
          ? { deactivation_window_days: patch.deactivationWindowDays }
          : {}),
        ...(patch.protected !== undefined ? { protected: patch.protected } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    if (patch.entitlements !== undefined) {
      const ids = await resolveEntitlementCodes(trx, [...patch.entitlements], "body.entitlements");
      await trx.deleteFrom("policy_entitlements").where("policy_id", "=", id).execute();
      await insertPolicyEntitlements(trx, id, ids);
    }
    return withEntitlements(trx, row);
  });
}

/** The ids of a policy's default entitlements, for licenses created under it. */
export async function policyEntitlementIds(
  db: Kysely<Database>,
  policyId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("policy_entitlements")
    .select("entitlement_id")
    .where("policy_id", "=", policyId)
    .execute();
  return rows.map((row) => row.entitlement_id);
}

async function insertPolicyEntitlements(
  db: Kysely<Database>,
  policyId: string,
  entitlementIds: readonly string[],
): Promise<void> {
  if (entitlementIds.length === 0) return;
  await db
    .insertInto("policy_entitlements")
    .values(
      entitlementIds.map((entitlementId) => ({
        policy_id: policyId,
        entitlement_id: entitlementId,
      })),
    )
    .execute();
}

async function withEntitlements(db: Kysely<Database>, row: Policy): Promise<PolicyRecord> {
  const codes = await policyEntitlementCodes(db, [row.id]);
  return { ...row, entitlements: codes.get(row.id) ?? [] };
}

/** Entitlement codes per policy, sorted, in one query for a whole page. */
async function policyEntitlementCodes(
  db: Kysely<Database>,
  policyIds: readonly string[],
): Promise<Map<string, string[]>> {
  const codes = new Map<string, string[]>();
  if (policyIds.length === 0) return codes;
  const rows = await db
    .selectFrom("policy_entitlements")
    .innerJoin("entitlements", "entitlements.id", "policy_entitlements.entitlement_id")
    .select(["policy_entitlements.policy_id", "entitlements.code"])
    .where("policy_entitlements.policy_id", "in", policyIds)
    .orderBy("entitlements.code")
    .execute();
  for (const row of rows) {
    const list = codes.get(row.policy_id) ?? [];
    list.push(row.code);
    codes.set(row.policy_id, list);
  }
  return codes;
}
