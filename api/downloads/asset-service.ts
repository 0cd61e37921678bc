import type { Kysely } from "kysely";
import { resolveEntitlementCodes } from "../catalogue/entitlement-service.ts";
import { duplicate } from "../core/errors.ts";
import { createId, isId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import type { Asset, AssetKind, Database } from "../db/schema.ts";
import { type AssetStore, UploadTooLargeError } from "./stores/asset-store.ts";

/** An asset row with the codes of the entitlements a download requires (sorted). */
export interface AssetRecord extends Asset {
  readonly required_entitlements: string[];
}

export interface AssetUploadInput {
  readonly releaseId: string;
  readonly filename: string;
  readonly kind: AssetKind;
  readonly platform?: string | null | undefined;
  readonly arch?: string | null | undefined;
  readonly contentType: string;
  /** Entitlement codes; each must exist. */
  readonly requiredEntitlements?: readonly string[] | undefined;
}

export interface AssetUploadOptions {
  readonly maxBytes: number;
  /** The size the client announced (Content-Length), to refuse an oversized upload unread. */
  readonly declaredSize?: number | undefined;
}

export interface AssetPatch {
  readonly kind?: AssetKind | undefined;
  readonly platform?: string | null | undefined;
  readonly arch?: string | null | undefined;
  /** Replaces the whole set. */
  readonly requiredEntitlements?: readonly string[] | undefined;
}

/** Without a limit, every asset of the release. */
export interface AssetListOptions extends Partial<PageOptions> {
  readonly releaseId: string;
}

/** The upload had no bytes; nothing was kept. */
export class EmptyUploadError extends Error {
  override readonly name = "EmptyUploadError";
  constructor() {
    super("The upload is empty");
  }
}

/** The request body failed while it was read (the client went away); nothing was kept. */
export class UploadInterruptedError extends Error {
  override readonly name = "UploadInterruptedError";
  constructor(cause: unknown) {
    super("The upload was interrupted", { cause });
  }
}

/**
 * Why a filename cannot name a download, or `null` when it can. Filenames end up
 * in URLs and `Content-Disposition`, and users save them as given.
 *
 * @example
 * describeBadFilename("../etc/passwd"); // "must not contain path separators"
 */
export function describeBadFilename(filename: string): string | null {
  if (filename.length === 0) return "must not be empty";
  if (filename.length > 255) return "at most 255 characters";
  if (/[/\\]/.test(filename)) return "must not contain path separators";
  if (filename.includes("..")) return 'must not contain ".."';
  // Format characters include the bidi overrides that make `gpj.exe` look like `exe.jpg`.
  if (/[\p{Cc}\p{Cf}]/u.test(filename)) return "must not contain control characters";
  if (filename.startsWith(".")) return "must not start with a dot";
  if (filename.trim() !== filename) return "must not start or end with whitespace";
  return null;
}

/**
 * Streams an upload into the store, then records it. Checks that can fail without
 * the body (the release, the filename, the entitlements, the announced size) run
 * before a byte is read; the row is written only once the file is complete, and
 * the file is removed again if the row cannot be written. `null` when there is no
 * such release.
 *
 * @example
 * const asset = await uploadAsset(db, store, { releaseId, filename: "setup.exe",
 *   kind: "installer", contentType: "application/octet-stream" }, request.body,
 *   { maxBytes: config.uploadMaxBytes });
 */
export async function uploadAsset(
  db: Kysely<Database>,
  store: AssetStore,
  input: AssetUploadInput,
  body: ReadableStream<Uint8Array> | null,
  { maxBytes, declaredSize }: AssetUploadOptions,
): Promise<AssetRecord | null> {
  if (!isId("rel", input.releaseId)) return null;
  const release = await db
    .selectFrom("releases")
    .select("id")
    .where("id", "=", input.releaseId)
    .executeTakeFirst();
  if (!release) return null;
  await assertFilenameFree(db, input.releaseId, input.filename);
  const entitlementIds = await resolveEntitlementCodes(
    db,
    [...(input.requiredEntitlements ?? [])],
    "query.requiredEntitlements",
  );
  if (declaredSize !== undefined && declaredSize > maxBytes) {
    throw new UploadTooLargeError(maxBytes);
  }
  if (!body || declaredSize === 0) throw new EmptyUploadError();

  const id = createId("ast");
  const stored = await store.put(id, tagBodyErrors(body), { maxBytes });
  try {
    if (stored.size === 0) throw new EmptyUploadError();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("assets")
        .values({
          id,
          release_id: input.releaseId,
          filename: input.filename,
          kind: input.kind,
          platform: input.platform ?? null,
          arch: input.arch ?? null,
          size: stored.size,
          sha256: stored.sha256,
          content_type: input.contentType,
          storage_key: id,
        })
        .execute();
      await insertAssetEntitlements(trx, id, entitlementIds);
    });
  } catch (error) {
    await store.delete(id);
    throw error;
  }
  return (await getAsset(db, id))!;
}

export async function getAsset(db: Kysely<Database>, id: string): Promise<AssetRecord | null> {
  if (!isId("ast", id)) return null;
  const row = await db.selectFrom("assets").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const [record] = await withEntitlementCodes(db, [row]);
  return record!;
}

/**
 * A release's assets, newest first. With a `limit`, fetches `limit + 1` rows so
 * the caller can tell if more exist.
 */
export async function listAssets(
  db: Kysely<Database>,
  { releaseId, after, limit }: AssetListOptions,
): Promise<AssetRecord[]> {
  let query = db.selectFrom("assets").selectAll().where("release_id", "=", releaseId);
  if (after) query = query.where("id", "<", after);
  query = query.orderBy("id", "desc");
  if (limit !== undefined) query = query.limit(limit + 1);
  return withEntitlementCodes(db, await query.execute());
}

/** Applies the given fields; `null` when there is no such asset. */
export async function updateAsset(
  db: Kysely<Database>,
  id: string,
  patch: AssetPatch,
): Promise<AssetRecord | null> {
  if (!isId("ast", id)) return null;
  return db.transaction().execute(async (trx) => {
    const changes = {
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.platform !== undefined ? { platform: patch.platform } : {}),
      ...(patch.arch !== undefined ? { arch: patch.arch } : {}),
    };
    // An empty SET is not SQL; lock the row either way so concurrent patches serialise.
    const row =
      Object.keys(changes).length > 0
        ? await trx
            .updateTable("assets")
            .set(changes)
            .where("id", "=", id)
            .returningAll()
            .executeTakeFirst()
        : await trx
            .selectFrom("assets")
            .selectAll()
            .where("id", "=", id)
            .forUpdate()
            .executeTakeFirst();
    if (!row) return null;
    if (patch.requiredEntitlements !== undefined) {
      const entitlementIds = await resolveEntitlementCodes(
        trx,
        [...patch.requiredEntitlements],
        "body.requiredEntitlements",
      );
      await trx.deleteFrom("asset_entitlements").where("asset_id", "=", id).execute();
      await insertAssetEntitlements(trx, id, entitlementIds);
    }
    const [record] = await withEntitlementCodes(trx, [row]);
    return record!;
  });
}

/**
 * Deletes the asset's row, then its file (a file without a row is invisible; a
 * row without a file would be a broken download). `false` when there is no such asset.
 */
export async function deleteAsset(
  db: Kysely<Database>,
  store: AssetStore,
  id: string,
): Promise<boolean> {
  if (!isId("ast", id)) return false;
  const row = await db
    .deleteFrom("assets")
    .where("id", "=", id)
    .returning("storage_key")
    .executeTakeFirst();
  if (!row) return false;
  await store.delete(row.storage_key);
  return true;
}

async function assertFilenameFree(
  db: Kysely<Database>,
  releaseId: string,
  filename: string,
): Promise<void> {
  const taken = await db
    .selectFrom("assets")
    .select("id")
    .where("release_id", "=", releaseId)
    .where("filename", "=", filename)
    .executeTakeFirst();
  if (taken) throw duplicate("query.filename", `"${filename}" already exists in this release`);
}

async function insertAssetEntitlements(
  db: Kysely<Database>,
  assetId: string,
  entitlementIds: readonly string[],
): Promise<void> {
  if (entitlementIds.length === 0) return;
  await db
    .insertInto("asset_entitlements")
    .values(
      entitlementIds.map((entitlementId) => ({ asset_id: assetId, entitlement_id: entitlementId })),
    )
    .execute();
}

async function withEntitlementCodes(
  db: Kysely<Database>,
  rows: readonly Asset[],
): Promise<AssetRecord[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom("asset_entitlements")
    .innerJoin("entitlements", "entitlements.id", "asset_entitlements.entitlement_id")
    .select(["asset_entitlements.asset_id", "entitlements.code"])
    .where(
      "asset_entitlements.asset_id",
      "in",
      rows.map((row) => row.id),
    )
    .orderBy("entitlements.code")
    .execute();
  const codes = new Map<string, string[]>();
  for (const link of links) {
    const list = codes.get(link.asset_id) ?? [];
    list.push(link.code);
    codes.set(link.asset_id, list);
  }
  return rows.map((row) => ({ ...row, required_entitlements: codes.get(row.id) ?? [] }));
}

/**
 * Errors of the request body itself become `UploadInterruptedError`, so they are
 * told apart from failures of the store (a full disk is our fault, not the client's).
 */
function tagBodyErrors(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (cause) {
        controller.error(new UploadInterruptedError(cause));
        return;
      }
      if (result.done) controller.close();
      else controller.enqueue(result.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
