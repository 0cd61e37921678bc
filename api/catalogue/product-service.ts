import type { Kysely } from "kysely";
import { duplicate } from "../core/errors.ts";
import { createId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import type { Database, Product } from "../db/schema.ts";

export interface ProductInput {
  readonly name: string;
  readonly slug: string;
  readonly description?: string | null | undefined;
}

/** Creates a product; a taken slug is a `duplicate` of `body.slug`. */
export async function createProduct(db: Kysely<Database>, input: ProductInput): Promise<Product> {
  await assertSlugFree(db, input.slug);
  return db
    .insertInto("products")
    .values({
      id: createId("prd"),
      name: input.name,
      slug: input.slug,
      description: input.description ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getProduct(db: Kysely<Database>, id: string): Promise<Product | null> {
  return (
    (await db.selectFrom("products").selectAll().where("id", "=", id).executeTakeFirst()) ?? null
  );
}

/** One page of products, newest first; fetches `limit + 1` rows so the caller can tell if more exist. */
export async function listProducts(
  db: Kysely<Database>,
  { after, limit }: PageOptions,
): Promise<Product[]> {
  let query = db.selectFrom("products").selectAll();
  if (after) query = query.where("id", "<", after);
  return query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
}

/** Applies the given fields; `null` when there is no such product. */
export async function updateProduct(
  db: Kysely<Database>,
  id: string,
  patch: Partial<ProductInput>,
): Promise<Product | null> {
  return db.transaction().execute(async (trx) => {
    if (patch.slug !== undefined) await assertSlugFree(trx, patch.slug, id);
    const row = await trx
      .updateTable("products")
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  });
}

async function assertSlugFree(
  db: Kysely<Database>,
  slug: string,
  exceptId?: string,
): Promise<void> {
  let query = db.selectFrom("products").select("id").where("slug", "=", slug);
  if (exceptId) query = query.where("id", "!=", exceptId);
  if (await query.executeTakeFirst()) throw duplicate("body.slug", `"${slug}" is already taken`);
}
