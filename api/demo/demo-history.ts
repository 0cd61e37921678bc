import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { recordActivity } from "../activity/activity-service.ts";
import { createId } from "../core/ids.ts";
import type { ActivationKind, Actor, Database } from "../db/schema.ts";

/**
 * What the installed software would have left behind in the demo: activations
 * and validation events. They are written as rows, since no Vendor API call
 * makes them.
 */

export interface Binding {
  readonly kind: ActivationKind;
  readonly identifier: string;
  readonly name: string;
  readonly platform: string | null;
  readonly createdDaysAgo: number;
  readonly lastSeenDaysAgo: number;
  readonly deactivatedDaysAgo?: number;
  readonly deactivatedBy?: Actor;
  readonly deactivatedByUserId?: string;
  readonly reason?: string;
}

export const fingerprint = (name: string) =>
  createHash("sha256").update(`demo:${name}`).digest("hex");

export const machine = (
  name: string,
  platform: string,
  createdDaysAgo: number,
  lastSeenDaysAgo: number,
): Binding => ({
  kind: "machine",
  identifier: fingerprint(name),
  name,
  platform,
  createdDaysAgo,
  lastSeenDaysAgo,
});

export const domain = (host: string, createdDaysAgo: number, lastSeenDaysAgo: number): Binding => ({
  kind: "domain",
  identifier: host,
  name: host,
  platform: "wordpress",
  createdDaysAgo,
  lastSeenDaysAgo,
});

/** Activations come from the installed software, so they are written as it would leave them. */
export async function insertActivation(
  db: Kysely<Database>,
  licenseId: string,
  accountId: string,
  binding: Binding,
  at: (days: number) => Date,
): Promise<string> {
  const id = createId("act", at(-binding.createdDaysAgo).getTime());
  const deactivatedAt =
    binding.deactivatedDaysAgo === undefined ? null : at(-binding.deactivatedDaysAgo);
  await db
    .insertInto("activations")
    .values({
      id,
      license_id: licenseId,
      account_id: accountId,
      kind: binding.kind,
      identifier: binding.identifier,
      name: binding.name,
      hostname: binding.kind === "machine" ? binding.name.toLowerCase() : binding.identifier,
      platform: binding.platform,
      ip: "203.0.113.24",
      version: "3.0.0",
      created_at: at(-binding.createdDaysAgo),
      last_seen_at: at(-binding.lastSeenDaysAgo),
      deactivated_at: deactivatedAt,
      deactivated_by: binding.deactivatedBy ?? null,
      deactivated_by_user_id: binding.deactivatedByUserId ?? null,
      reason: binding.reason ?? null,
    })
    .execute();
  await recordActivity(db, {
    accountId,
    actor: "software",
    action: "activation.created",
    subjectType: "activation",
    subjectId: id,
    licenseId,
    data: { kind: binding.kind, name: binding.name },
  });
  if (deactivatedAt) {
    await recordActivity(db, {
      accountId,
      actor: binding.deactivatedBy ?? "customer",
      userId: binding.deactivatedByUserId ?? null,
      action: "activation.deactivated",
      subjectType: "activation",
      subjectId: id,
      licenseId,
      data: { kind: binding.kind, name: binding.name, reason: binding.reason ?? null },
    });
  }
  return id;
}

export interface ValidationSeed {
  readonly code: string;
  readonly valid: boolean;
  readonly activationId?: string;
  readonly fingerprint?: string;
  readonly domain?: string;
  readonly version: string;
  readonly daysAgo: number;
}

export async function insertValidation(
  db: Kysely<Database>,
  licenseId: string,
  accountId: string,
  event: ValidationSeed,
  at: (days: number) => Date,
): Promise<void> {
  const when = at(-event.daysAgo);
  await db
    .insertInto("validation_events")
    .values({
      id: createId("val", when.getTime()),
      license_id: licenseId,
      account_id: accountId,
      activation_id: event.activationId ?? null,
      code: event.code,
      valid: event.valid,
      fingerprint: event.fingerprint ?? null,
      domain: event.domain ?? null,
      version: event.version,
      ip: "203.0.113.24",
      created_at: when,
    })
    .execute();
}
