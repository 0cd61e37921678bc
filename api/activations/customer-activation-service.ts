import type { ExpressionBuilder, Kysely } from "kysely";
import { type Caller, licensesVisibleTo } from "../accounts/customer-scope.ts";
import { recordActivity } from "../activity/activity-service.ts";
import { isId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import { addDays } from "../core/time.ts";
import type { Activation, ActivationKind, Database } from "../db/schema.ts";
import { lockLicense } from "../licenses/license-record.ts";
import { enqueueActivationNotices } from "./activation-notice-service.ts";
import {
  customerDeactivationWindow,
  deactivationsLeftUnder,
  deactivationWindowStartSql,
  isDeactivationLimitReached,
} from "./deactivation-window.ts";
import { heartbeatDeadSql, isHeartbeatDead } from "./heartbeat.ts";

/** How an activation stands for a customer; `inactive` is a live binding not seen for a while. */
export type ActivationStatus = "active" | "inactive" | "dead" | "deactivated";

/** Why a customer cannot end an activation. */
export type CannotDeactivateReason = "protected" | "deactivated" | "limit_reached";

/** An activation with what its customer JSON needs from its license and policy. */
export interface ActivationRecord extends Activation {
  readonly license_name: string;
  readonly heartbeat_seconds: number | null;
  readonly protected: boolean;
  readonly deactivation_limit: number | null;
  readonly deactivation_window_days: number;
  /** Customer deactivations of the license inside the policy's rolling window. */
  readonly recent_deactivations: number;
}

export interface ActivationListOptions extends PageOptions {
  readonly licenseId?: string | undefined;
  readonly kind?: ActivationKind | undefined;
  readonly status?: ActivationStatus | undefined;
  /** Days without a sighting after which a live binding counts as inactive. */
  readonly inactiveDays?: number | undefined;
  readonly now?: Date | undefined;
}

export const DEFAULT_INACTIVE_DAYS = 30;

type ActivationScope = ExpressionBuilder<Database, "activations" | "licenses" | "policies">;

/** Activations of the licenses the caller may see, with their license's name and policy rules. */
function selectVisibleActivations(db: Kysely<Database>, caller: Caller, now: Date) {
  return db
    .selectFrom("activations")
    .innerJoin("licenses", "licenses.id", "activations.license_id")
    .innerJoin("policies", "policies.id", "licenses.policy_id")
    .selectAll("activations")
    .select((eb) => [
      "licenses.name as license_name",
      "policies.heartbeat_seconds",
      "policies.protected",
      "policies.deactivation_limit",
      "policies.deactivation_window_days",
      eb
        .selectFrom("activations as recent")
        .select((sub) => sub.fn.countAll<number>().as("n"))
        .whereRef("recent.license_id", "=", "activations.license_id")
        .where("recent.deactivated_by", "=", "customer")
        .where("recent.deactivated_at", ">", deactivationWindowStartSql(eb, now))
        .as("recent_deactivations"),
    ])
    .where("activations.account_id", "=", caller.accountId)
    .where(licensesVisibleTo(caller));
}

function statusIs(status: ActivationStatus, now: Date, inactiveDays: number) {
  return (eb: ActivationScope) => {
    if (status === "deactivated") return eb("activations.deactivated_at", "is not", null);
    const live = eb("activations.deactivated_at", "is", null);
    if (status === "dead") return eb.and([live, heartbeatDeadSql(eb, now)]);
    const alive = eb.and([live, eb.not(heartbeatDeadSql(eb, now))]);
    if (status === "active") return alive;
    const unseenSince = addDays(now, -inactiveDays);
    return eb.and([alive, eb("activations.last_seen_at", "<", unseenSince)]);
  };
}

function normalize<Row extends { recent_deactivations: number | string | bigint | null }>(
  row: Row,
): Row & { recent_deactivations: number } {
  return { ...row, recent_deactivations: Number(row.recent_deactivations ?? 0) };
}

/** One page of the caller's activations, newest first, filtered in SQL; fetches `limit + 1` rows. */
export async function listCustomerActivations(
  db: Kysely<Database>,
  caller: Caller,
  {
    after,
    limit,
    licenseId,
    kind,
    status,
    inactiveDays = DEFAULT_INACTIVE_DAYS,
    now = new Date(),
  }: ActivationListOptions,
): Promise<ActivationRecord[]> {
  let query = selectVisibleActivations(db, caller, now);
  if (licenseId !== undefined) query = query.where("activations.license_id", "=", licenseId);
  if (kind !== undefined) query = query.where("activations.kind", "=", kind);
  if (status !== undefined) query = query.where(statusIs(status, now, inactiveDays));
  if (after !== undefined) query = query.where("activations.id", "<", after);
  const rows = await query
    .orderBy("activations.id", "desc")
    .limit(limit + 1)
    .execute();
  return rows.map(normalize);
}

/** One activation the caller may see; `null` when there is none or it is outside their scope. */
export async function getCustomerActivation(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
  now: Date = new Date(),
): Promise<ActivationRecord | null> {
  if (!isId("act", id)) return null;
  const row = await selectVisibleActivations(db, caller, now)
    .where("activations.id", "=", id)
    .executeTakeFirst();
  return row ? normalize(row) : null;
}

/** The status a customer sees: ended, dead (heartbeats missed), inactive (unseen for `inactiveDays`), else active. */
export function activationStatusOf(
  row: ActivationRecord,
  now: Date,
  inactiveDays = DEFAULT_INACTIVE_DAYS,
): ActivationStatus {
  if (row.deactivated_at !== null) return "deactivated";
  if (isHeartbeatDead(row.last_seen_at, row.heartbeat_seconds, now)) return "dead";
  if (row.last_seen_at < addDays(now, -inactiveDays)) return "inactive";
  return "active";
}

/** Why the customer cannot end this activation now; `null` when they can. */
export function cannotDeactivateReason(row: ActivationRecord): CannotDeactivateReason | null {
  if (row.deactivated_at !== null) return "deactivated";
  if (row.protected) return "protected";
  if (isDeactivationLimitReached(row.deactivation_limit, row.recent_deactivations)) {
    return "limit_reached";
  }
  return null;
}

/** Customer deactivations still allowed in the window; `null` when the policy sets no limit. */
export function deactivationsLeft(row: ActivationRecord): number | null {
  return deactivationsLeftUnder(row.deactivation_limit, row.recent_deactivations);
}

/**
 * When the next customer deactivation is allowed, per license of `rows` whose
 * window is used up (`limit_reached`): one window query per such license, none
 * for the others. A license missing from the map has room or is not limited.
 *
 * @example
 * const next = await nextDeactivationsAllowed(db, rows, now);
 * next.get(row.license_id); // Date, or null when the policy allows none at all
 */
export async function nextDeactivationsAllowed(
  db: Kysely<Database>,
  rows: readonly ActivationRecord[],
  now: Date = new Date(),
): Promise<Map<string, Date | null>> {
  const full = new Map<string, ActivationRecord>();
  for (const row of rows) {
    if (cannotDeactivateReason(row) === "limit_reached") full.set(row.license_id, row);
  }
  const next = new Map<string, Date | null>();
  for (const [licenseId, row] of full) {
    const window = await customerDeactivationWindow(
      db,
      { licenseId, windowDays: row.deactivation_window_days, limit: row.deactivation_limit },
      now,
    );
    next.set(licenseId, window.nextAllowedAt);
  }
  return next;
}

export type CustomerDeactivation =
  | { readonly outcome: "not_found" }
  | { readonly outcome: "protected" }
  /** `nextAllowedAt` is `null` when the policy allows no customer deactivation at all. */
  | {
      readonly outcome: "limit_reached";
      readonly nextAllowedAt: Date | null;
      readonly limit: number;
      readonly windowDays: number;
    }
  | { readonly outcome: "deactivated" | "unchanged"; readonly activation: ActivationRecord };

export interface DeactivateInput {
  readonly reason?: string | null | undefined;
  readonly ip?: string | null | undefined;
  readonly now?: Date | undefined;
}

/**
 * Ends an activation on a customer's request, in one transaction under the
 * license row's lock, so the slot is free at commit and concurrent requests
 * cannot both use the last deactivation of the window. Outside the caller's
 * scope it is `not_found`; already ended is `unchanged` (nothing written); a
 * protected policy or a used-up rolling window refuses without writing.
 *
 * @example
 * const result = await deactivateCustomerActivation(db, caller, "act_…", { reason: "old laptop" });
 */
export async function deactivateCustomerActivation(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
  { reason = null, ip = null, now = new Date() }: DeactivateInput = {},
): Promise<CustomerDeactivation> {
  return db.transaction().execute(async (trx): Promise<CustomerDeactivation> => {
    const seen = await getCustomerActivation(trx, caller, id, now);
    if (!seen) return { outcome: "not_found" };
    await lockLicense(trx, seen.license_id);
    // Read again under the lock: another request may have ended it or used the window meanwhile.
    const current = await getCustomerActivation(trx, caller, id, now);
    if (!current) return { outcome: "not_found" };
    if (current.deactivated_at !== null) return { outcome: "unchanged", activation: current };
    if (current.protected) return { outcome: "protected" };
    const limit = current.deactivation_limit;
    if (limit !== null && isDeactivationLimitReached(limit, current.recent_deactivations)) {
      const window = await customerDeactivationWindow(
        trx,
        { licenseId: current.license_id, windowDays: current.deactivation_window_days, limit },
        now,
      );
      return {
        outcome: "limit_reached",
        // A limit of 0 never allows one; otherwise the window is full, so one must leave it.
        nextAllowedAt: limit === 0 ? null : (window.nextAllowedAt ?? now),
        limit,
        windowDays: current.deactivation_window_days,
      };
    }
    const ended = await trx
      .updateTable("activations")
      .set({
        deactivated_at: now,
        deactivated_by: "customer",
        deactivated_by_user_id: caller.userId,
        reason,
      })
      .where("id", "=", current.id)
      .where("deactivated_at", "is", null)
      .executeTakeFirst();
    if (Number(ended.numUpdatedRows) === 0) return { outcome: "unchanged", activation: current };
    await recordActivity(trx, {
      accountId: current.account_id,
      actor: "customer",
      userId: caller.userId,
      action: "activation.deactivated",
      subjectType: "activation",
      subjectId: current.id,
      licenseId: current.license_id,
      data: {
        name: current.name,
        kind: current.kind,
        identifier: current.identifier,
        reason,
      },
      ip,
    });
    await enqueueActivationNotices(trx, {
      activation: { ...current, deactivated_at: now, reason },
      change: "ended",
      by: "customer",
      byUserId: caller.userId,
    });
    const activation = await getCustomerActivation(trx, caller, id, now);
    if (!activation) throw new Error(`activation ${id} vanished inside its transaction`);
    return { outcome: "deactivated", activation };
  });
}
