import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Caller } from "../accounts/customer-scope.ts";
import { recordActivity } from "../activity/activity-service.ts";
import { isId } from "../core/ids.ts";
import type { Database } from "../db/schema.ts";
import type { EntitledAsset } from "./download-entitlement.ts";

/** The activity action of a finished download. */
export const ASSET_DOWNLOADED = "asset.downloaded";

/**
 * The caller a signed link speaks for: the user named in its `sub`, as they are
 * now (their current account and role), or `null` when the user no longer exists.
 *
 * @example
 * const caller = await callerOfUser(db, check.userId);
 */
export async function callerOfUser(db: Kysely<Database>, userId: string): Promise<Caller | null> {
  if (!isId("usr", userId)) return null;
  const row = await db
    .selectFrom("users")
    .select(["id", "account_id", "role"])
    .where("id", "=", userId)
    .executeTakeFirst();
  return row ? { userId: row.id, accountId: row.account_id, role: row.role } : null;
}

/**
 * A stable, non-secret name for one signed link: a hash of its signature. The
 * signature itself stays out of the activity trail, where it would be a working
 * link for everyone who can read the trail until it expires.
 */
export function downloadLinkId(signature: string): string {
  return createHash("sha256").update(signature).digest("base64url").slice(0, 22);
}

/**
 * Writes `asset.downloaded` for a link unless that link already has an entry:
 * one entry per link, however often it is retried or resumed. A transaction-scoped
 * advisory lock on the link makes check-then-insert safe across server processes.
 * Answers whether it wrote the entry.
 *
 * @example
 * await recordAssetDownloadOnce(db, { caller, asset, linkId: downloadLinkId(sig), ip });
 */
export async function recordAssetDownloadOnce(
  db: Kysely<Database>,
  {
    caller,
    asset,
    linkId,
    ip,
  }: {
    readonly caller: Caller;
    readonly asset: EntitledAsset;
    readonly linkId: string;
    readonly ip?: string | null | undefined;
  },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`asset-download:${linkId}`}))`.execute(trx);
    const seen = await trx
      .selectFrom("activity")
      .select("id")
      .where("account_id", "=", caller.accountId)
      .where("subject_id", "=", asset.id)
      .where("action", "=", ASSET_DOWNLOADED)
      .where(sql<string>`data->>'link'`, "=", linkId)
      .executeTakeFirst();
    if (seen) return false;
    await recordActivity(trx, {
      accountId: caller.accountId,
      actor: "customer",
      action: ASSET_DOWNLOADED,
      userId: caller.userId,
      subjectType: "asset",
      subjectId: asset.id,
      licenseId: asset.licenseId,
      data: {
        assetId: asset.id,
        filename: asset.filename,
        version: asset.version,
        size: asset.size,
        link: linkId,
      },
      ip: ip ?? null,
    });
    return true;
  });
}
