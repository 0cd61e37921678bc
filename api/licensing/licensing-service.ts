import type { Kysely } from "kysely";
import { enqueueActivationNotices } from "../activations/activation-notice-service.ts";
import { heartbeatCutoff, isHeartbeatDead } from "../activations/heartbeat.ts";
import { recordActivity } from "../activity/activity-service.ts";
import { createId } from "../core/ids.ts";
import type { Activation, ActivationKind, Database } from "../db/schema.ts";
import { lockLicense } from "../licenses/license-record.ts";
import { evaluateLicense, type Finding, limitFindingFor, outcomeOf } from "./license-evaluation.ts";
import {
  countActiveBindings,
  factsOf,
  findBinding,
  findLicensingLicense,
  findLicensingSnapshot,
  gatherFacts,
  type LicenseSummary,
  type LicensingLicense,
  type LicensingQuestion,
  summarizeLicense,
} from "./licensing-facts.ts";
import type { ActivationSighting, LicensingWrites } from "./licensing-writes.ts";

export type { LicenseSummary } from "./licensing-facts.ts";

/**
 * The Licensing API's operations for the installed software. Each takes the
 * key's lookup hash (the route hashes and throttles first, so known and unknown
 * keys cost the same) and answers a result, never an error:
 * - `not_found`: no license has this key;
 * - `created`: a new activation; `refused`: nothing changed, the finding says why;
 * - `answered`: a validation result, heartbeat, re-activation or deactivation.
 */
export type LicensingResult = NotFound | LicensingAnswer<"created" | "refused" | "answered">;
/** What validate, heartbeat and deactivate can answer: they never create or refuse. */
export type LicensingCheck = NotFound | LicensingAnswer<"answered">;

export interface NotFound {
  readonly outcome: "not_found";
}

export interface LicensingAnswer<Outcome extends string> {
  readonly outcome: Outcome;
  readonly finding: Finding;
  readonly license: LicenseSummary;
  readonly activation: Activation | null;
}

export interface BindingInput {
  readonly keyHash: string;
  readonly kind: ActivationKind;
  /** The fingerprint or the normalised domain. */
  readonly identifier: string;
  readonly ip?: string | null | undefined;
  readonly now?: Date | undefined;
}

export interface ActivateInput extends BindingInput {
  readonly name?: string | undefined;
  readonly hostname?: string | undefined;
  readonly platform?: string | undefined;
  readonly version?: string | undefined;
}

export interface ValidateInput extends LicensingQuestion {
  readonly keyHash: string;
  readonly ip?: string | null | undefined;
  readonly now?: Date | undefined;
}

/**
 * Binds a machine or domain to a license. Under the license row's lock: the
 * license must be usable (not revoked, suspended, expired under `revoke`, and
 * covering `version` when given); an already active binding is refreshed and
 * answered (idempotent); a binding whose heartbeats died is ended and replaced;
 * otherwise the limit of the kind decides. The lock serialises activations of
 * one license, so the limit holds under any concurrency; the unique index on
 * active bindings is the backstop.
 *
 * @example
 * const result = await activateLicense(db, { keyHash, kind: "machine", identifier: "c0ffee" });
 */
export async function activateLicense(
  db: Kysely<Database>,
  input: ActivateInput,
): Promise<LicensingResult> {
  const now = input.now ?? new Date();
  const found = await findLicensingLicense(db, input.keyHash);
  if (!found) return { outcome: "not_found" };
  return db.transaction().execute(async (trx) => {
    const locked = await lockLicense(trx, found.id);
    const license: LicensingLicense = { ...found, ...locked };
    const summary = summarizeLicense(license, now);
    const { facts } = await gatherFacts(trx, license, { version: input.version }, now);
    const state = outcomeOf(evaluateLicense(facts));
    if (!state.valid) {
      return { outcome: "refused", finding: state, license: summary, activation: null };
    }

    const existing = await findBinding(trx, license.id, input.kind, input.identifier);
    if (existing && existing.deactivated_at === null) {
      if (!isHeartbeatDead(existing.last_seen_at, license.heartbeat_seconds, now)) {
        const refreshed = await trx
          .updateTable("activations")
          .set({ last_seen_at: now, ...(input.version ? { version: input.version } : {}) })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { outcome: "answered", finding: state, license: summary, activation: refreshed };
      }
      await endActivation(trx, existing, "system", now, "heartbeats missed; activated again");
    }

    const used = await countActiveBindings(trx, license.id);
    const full = limitFindingFor(input.kind, facts.limits[input.kind], used[input.kind]);
    if (full) return { outcome: "refused", finding: full, license: summary, activation: null };

    const inserted = await trx
      .insertInto("activations")
      .values({
        id: createId("act"),
        license_id: license.id,
        account_id: license.account_id,
        kind: input.kind,
        identifier: input.identifier,
        name: input.name ?? null,
        hostname: input.hostname ?? null,
        platform: input.platform ?? null,
        ip: input.ip ?? null,
        version: input.version ?? null,
        last_seen_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(["license_id", "kind", "identifier"])
          .where("deactivated_at", "is", null)
          .doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      // Another transaction bound the same identifier first: answer its binding.
      const winner = await findBinding(trx, license.id, input.kind, input.identifier);
      return { outcome: "answered", finding: state, license: summary, activation: winner };
    }
    await recordActivity(trx, {
      accountId: license.account_id,
      actor: "software",
      action: "activation.created",
      subjectType: "activation",
      subjectId: inserted.id,
      licenseId: license.id,
      data: { kind: inserted.kind, identifier: inserted.identifier, name: inserted.name },
      ip: input.ip,
    });
    await enqueueActivationNotices(trx, {
      activation: inserted,
      change: "created",
      by: "software",
      at: now,
    });
    return { outcome: "created", finding: state, license: summary, activation: inserted };
  });
}

/**
 * Runs every check and answers the first failing finding (or the informative
 * one, such as EXPIRED under `restrict`). One statement reads the key and its
 * facts; the validation event and the sighting of the matched live binding are
 * queued in `writes`, written within ~100 ms with others (licensing-writes.ts).
 * A binding whose heartbeats died is not revived.
 */
export async function validateLicense(
  db: Kysely<Database>,
  writes: LicensingWrites,
  input: ValidateInput,
): Promise<LicensingCheck> {
  const now = input.now ?? new Date();
  const snapshot = await findLicensingSnapshot(db, input.keyHash, input);
  if (!snapshot) return { outcome: "not_found" };
  const { license, binding } = snapshot;
  const finding = outcomeOf(evaluateLicense(factsOf(snapshot, input, now)));
  const live = binding && binding.deactivated_at === null ? binding : null;
  const sighting = live ? sightingOf(live, license.heartbeat_seconds, now) : null;
  await writes.record(
    {
      id: createId("val"),
      licenseId: license.id,
      accountId: license.account_id,
      activationId: live?.id ?? null,
      code: finding.code,
      valid: finding.valid,
      fingerprint: input.kind === "machine" ? (input.identifier ?? null) : null,
      domain: input.kind === "domain" ? (input.identifier ?? null) : null,
      version: input.version ?? null,
      ip: input.ip ?? null,
      at: now,
    },
    sighting,
  );
  const activation = live && sighting ? { ...live, last_seen_at: now } : binding;
  return { outcome: "answered", finding, license: summarizeLicense(license, now), activation };
}

/** Reports a live binding as seen; NOT_ACTIVATED, DEACTIVATED or HEARTBEAT_DEAD otherwise. */
export async function heartbeatActivation(
  db: Kysely<Database>,
  writes: LicensingWrites,
  input: BindingInput,
): Promise<LicensingCheck> {
  const now = input.now ?? new Date();
  const snapshot = await findLicensingSnapshot(db, input.keyHash, input);
  if (!snapshot) return { outcome: "not_found" };
  const { license, binding } = snapshot;
  const finding = outcomeOf(evaluateLicense(factsOf(snapshot, input, now)));
  const live = binding && binding.deactivated_at === null ? binding : null;
  const sighting = live ? sightingOf(live, license.heartbeat_seconds, now) : null;
  if (sighting) await writes.sight(sighting);
  const activation = live && sighting ? { ...live, last_seen_at: now } : binding;
  return { outcome: "answered", finding, license: summarizeLicense(license, now), activation };
}

/**
 * The sighting of a live binding at `now`, or `null` when its heartbeats died:
 * a dead binding stays dead (the write checks again, in case it died meanwhile).
 */
function sightingOf(
  binding: Activation,
  heartbeatSeconds: number | null,
  now: Date,
): ActivationSighting | null {
  if (isHeartbeatDead(binding.last_seen_at, heartbeatSeconds, now)) return null;
  return {
    activationId: binding.id,
    at: now,
    aliveSince: heartbeatSeconds === null ? null : heartbeatCutoff(heartbeatSeconds, now),
  };
}

/**
 * Ends the binding of a fingerprint or domain on the software's request, freeing
 * the slot at once, and records it; repeating it answers DEACTIVATED again.
 * Software deactivations do not count against the customers' deactivation limit.
 */
export async function deactivateBySoftware(
  db: Kysely<Database>,
  input: BindingInput,
): Promise<LicensingCheck> {
  const now = input.now ?? new Date();
  const license = await findLicensingLicense(db, input.keyHash);
  if (!license) return { outcome: "not_found" };
  const summary = summarizeLicense(license, now);
  return db.transaction().execute(async (trx) => {
    // The license row first, as activations and customer deactivations take it: one lock order, no deadlock.
    await lockLicense(trx, license.id);
    const binding = await findBinding(trx, license.id, input.kind, input.identifier);
    if (!binding) {
      const finding: Finding = {
        code: "NOT_ACTIVATED",
        valid: false,
        detail: `This ${input.kind} is not activated for the license.`,
      };
      return { outcome: "answered", finding, license: summary, activation: null };
    }
    // A concurrent deactivation may end it first; then answer the row as it now is.
    const activation =
      binding.deactivated_at === null
        ? ((await endActivation(trx, binding, "software", now, null, input.ip)) ??
          (await findBinding(trx, license.id, input.kind, input.identifier)) ??
          binding)
        : binding;
    const finding: Finding = {
      code: "DEACTIVATED",
      valid: false,
      detail: `This ${input.kind} is deactivated; its slot is free.`,
      at: activation.deactivated_at ?? now,
    };
    return { outcome: "answered", finding, license: summary, activation };
  });
}

/** Ends a live binding and records who did; `null` when it had already ended. */
async function endActivation(
  trx: Kysely<Database>,
  binding: Activation,
  actor: "software" | "system",
  now: Date,
  reason: string | null,
  ip?: string | null,
): Promise<Activation | null> {
  const ended = await trx
    .updateTable("activations")
    .set({ deactivated_at: now, deactivated_by: actor, reason })
    .where("id", "=", binding.id)
    .where("deactivated_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  if (!ended) return null;
  await recordActivity(trx, {
    accountId: ended.account_id,
    actor,
    action: "activation.deactivated",
    subjectType: "activation",
    subjectId: ended.id,
    licenseId: ended.license_id,
    data: { kind: ended.kind, identifier: ended.identifier, name: ended.name, reason },
    ip: ip ?? null,
  });
  await enqueueActivationNotices(trx, { activation: ended, change: "ended", by: actor });
  return ended;
}
