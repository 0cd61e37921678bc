import type { Kysely } from "kysely";
import { duplicate, unknownReference } from "../core/errors.ts";
import { createId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import type { Database, Entitlement } from "../db/schema.ts";

export interface EntitlementInput {
  /** Lower-case feature code (`sso`, `export.pdf`); immutable once created. */
  readonly code: string;
  readonly name: string;
}

export interface EntitlementPatch {
  readonly name?: string | undefined;
}

/**
 * The ids of the entitlements with the given codes, in the order given and without
 * repeats; throws `unknownReference(field)` naming the first code that does not exist.
 *
 * @example
 * const ids = await resolveEntitlementCodes(trx, ["sso", "export"], "body.entitlements");
 */
export async function resolveEntitlementCodes(
  db: Kysely<Database>,
  codes: string[],
  field: string,
): Promise<string[]> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return [];
  const rows = await db
    .selectFrom("entitlements")
    .select(["id", "code"])
    .where("code", "in", unique)
    .execute();
  const idByCode = new Map(rows.map((row) => [row.code, row.id]));
  return unique.map((code) => {
    const id = idByCode.get(code);
    if (id === undefined) throw unknownReference(field, `unknown entitlement "${code}"`);
    return id;
  });
}

/** Creates an entitlement; a taken code is a `duplicate` of `body.code`. */
export async function createEntitlement(
  db: Kysely<Database>,
  input: EntitlementInput,
): Promise<Entitlement> {
  await assertCodeFree(db, input.code);
  // A concurrent insert of the same code still fails on entitlements_code_key (→ 409).
  return db
    .insertInto("entitlements")
    .values({ id: createId("ent"), code: input.code, name: input.name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getEntitlement(
  db: Kysely<Database>,
  id: string,
): Promise<Entitlement | null> {
  return (
    (await db.selectFrom("entitlements").selectAll().where("id", "=", id).executeTakeFirst()) ??
    null
  );
}

/** One page of entitlements, newest first; fetches `limit + 1` rows so the caller can tell if more exist. */
export async function listEntitlements(
  db: Kysely<Database>,
  { after, limit }: PageOptions,
): Promise<Entitlement[]> {
  let query = db.selectFrom("entitlements").selectAll();
  if (after) query = query.where("id", "<", after);
  return query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
}

/** Renames an entitlement (the code never changes); `null` when there is no such entitlement. */
export async function updateEntitlement(
  db: Kysely<Database>,
  id: string,
  patch: EntitlementPatch,
): Promise<Entitlement | null> {
  const row = await db
    .updateTable("entitlements")
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

async function assertCodeFree(db: Kysely<Database>, code: string): Promise<void> {
  const taken = await db
    .selectFrom("entitlements")
    .select("id")
    .where("code", "=", code)
    .executeTakeFirst();
  if (taken) throw duplicate("body.code", `"${code}" is already taken`);
}
