import type { Kysely } from "kysely";
import { parse, type SemVer } from "semver";
import { duplicate, unknownReference } from "../core/errors.ts";
import { createId, isId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import type { Database, Release, ReleaseChannel } from "../db/schema.ts";

export interface ReleaseInput {
  readonly productId: string;
  /** Strict SemVer 2.0.0 (`1.4.0`, `2.0.0-beta.3+build.7`), no `v` prefix. */
  readonly version: string;
  /** Defaults to `beta` for prerelease versions, else `stable`. */
  readonly channel?: ReleaseChannel | undefined;
  /** Defaults to now; `null` keeps the release a draft. */
  readonly publishedAt?: Date | null | undefined;
  readonly notes?: string | null | undefined;
}

export interface ReleasePatch {
  readonly channel?: ReleaseChannel | undefined;
  readonly publishedAt?: Date | null | undefined;
  readonly notes?: string | null | undefined;
}

export interface ReleaseListOptions extends PageOptions {
  readonly productId?: string | undefined;
}

/**
 * The version when it is written exactly as SemVer 2.0.0 spells it, else `null`.
 * The `semver` package alone is lenient about a leading `v`, `=` and whitespace.
 *
 * @example
 * parseStrictVersion("1.2.0-rc.1"); // SemVer { prerelease: ["rc", 1], … }
 * parseStrictVersion("v1.2.0"); // null
 */
export function parseStrictVersion(version: string): SemVer | null {
  const parsed = parse(version);
  if (!parsed) return null;
  const canonical = parsed.build.length
    ? `${parsed.version}+${parsed.build.join(".")}`
    : parsed.version;
  return canonical === version ? parsed : null;
}

/**
 * Creates a release. An unknown product is an `unknownReference` of `body.productId`;
 * a version of the same precedence (equal but for build metadata) already released
 * for the product is a `duplicate` of `body.version`.
 */
export async function createRelease(db: Kysely<Database>, input: ReleaseInput): Promise<Release> {
  const parsed = parseStrictVersion(input.version);
  if (!parsed) throw new Error(`Not a strict SemVer version: ${input.version}`);
  return db.transaction().execute(async (trx) => {
    const product = isId("prd", input.productId)
      ? await trx
          .selectFrom("products")
          .select("id")
          .where("id", "=", input.productId)
          .executeTakeFirst()
      : undefined;
    if (!product) throw unknownReference("body.productId", "no such product");
    await assertVersionFree(trx, input.productId, parsed);
    return trx
      .insertInto("releases")
      .values({
        id: createId("rel"),
        product_id: input.productId,
        version: input.version,
        channel: input.channel ?? (parsed.prerelease.length ? "beta" : "stable"),
        published_at: input.publishedAt === undefined ? new Date() : input.publishedAt,
        notes: input.notes ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function getRelease(db: Kysely<Database>, id: string): Promise<Release | null> {
  if (!isId("rel", id)) return null;
  return (
    (await db.selectFrom("releases").selectAll().where("id", "=", id).executeTakeFirst()) ?? null
  );
}

/** One page of releases, newest first; fetches `limit + 1` rows so the caller can tell if more exist. */
export async function listReleases(
  db: Kysely<Database>,
  { productId, after, limit }: ReleaseListOptions,
): Promise<Release[]> {
  let query = db.selectFrom("releases").selectAll();
  if (productId !== undefined) query = query.where("product_id", "=", productId);
  if (after) query = query.where("id", "<", after);
  return query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
}

/** Applies the given fields (the version never changes); `null` when there is no such release. */
export async function updateRelease(
  db: Kysely<Database>,
  id: string,
  patch: ReleasePatch,
): Promise<Release | null> {
  if (!isId("rel", id)) return null;
  const row = await db
    .updateTable("releases")
    .set({
      ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
      ...(patch.publishedAt !== undefined ? { published_at: patch.publishedAt } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

async function assertVersionFree(
  db: Kysely<Database>,
  productId: string,
  version: SemVer,
): Promise<void> {
  // Build metadata does not change precedence (SemVer §10): `1.0.0+a` and `1.0.0+b`
  // would be indistinguishable when checking which versions a license covers.
  // Versions hold no LIKE wildcards (`%`, `_`), so the prefix is matched literally.
  const taken = await db
    .selectFrom("releases")
    .select("version")
    .where("product_id", "=", productId)
    .where((eb) =>
      eb.or([eb("version", "=", version.version), eb("version", "like", `${version.version}+%`)]),
    )
    .executeTakeFirst();
  if (taken) {
    throw duplicate("body.version", `version ${taken.version} of this product already exists`);
  }
}
