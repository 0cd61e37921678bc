import type { Kysely, Selectable } from "kysely";
import { createId } from "../core/ids.ts";
import { generateSecretToken, hashSecretToken } from "../core/secret-token.ts";
import type { Database, VendorApiKeysTable } from "../db/schema.ts";

const PREFIX = "kpv_";
/** Refresh `last_used_at` at most this often, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

export interface VendorApiKeyCreated {
  readonly id: string;
  readonly name: string;
  /** Shown once; only its hash is kept. */
  readonly key: string;
}

/** Creates a vendor API key; the plain key is returned once and never stored. */
export async function createVendorApiKey(
  db: Kysely<Database>,
  name: string,
): Promise<VendorApiKeyCreated> {
  const key = generateSecretToken(PREFIX);
  const id = createId("vk");
  await db
    .insertInto("vendor_api_keys")
    .values({
      id,
      name,
      token_hash: hashSecretToken(key),
      token_prefix: key.slice(0, PREFIX.length + 6),
    })
    .execute();
  return { id, name, key };
}

/** The id of the live key a bearer token stands for, or `null`. */
export async function verifyVendorApiKey(
  db: Kysely<Database>,
  key: string,
): Promise<string | null> {
  if (!key.startsWith(PREFIX) || key.length > 100) return null;
  const row = await db
    .selectFrom("vendor_api_keys")
    .select(["id", "last_used_at"])
    .where("token_hash", "=", hashSecretToken(key))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  const now = new Date();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .updateTable("vendor_api_keys")
      .set({ last_used_at: now })
      .where("id", "=", row.id)
      .execute();
  }
  return row.id;
}

/** Revokes a key by id; `false` when there was no live key with that id. */
export async function revokeVendorApiKey(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .updateTable("vendor_api_keys")
    .set({ revoked_at: new Date() })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A vendor key as listed: everything but the hash. */
export type VendorApiKeySummary = Omit<Selectable<VendorApiKeysTable>, "token_hash">;

/** Every vendor key, live and revoked, oldest first (so ids read in creation order). */
export async function listVendorApiKeys(db: Kysely<Database>): Promise<VendorApiKeySummary[]> {
  return db
    .selectFrom("vendor_api_keys")
    .select(["id", "name", "token_prefix", "created_at", "last_used_at", "revoked_at"])
    .orderBy("id", "asc")
    .execute();
}
