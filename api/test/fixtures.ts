import type { Kysely } from "kysely";
import { createId } from "../core/ids.ts";
import type { Database, Role } from "../db/schema.ts";

/**
 * Rows written straight into the test database, for tests whose subject is
 * something else (a license test needs an account, not the account API).
 */
export async function insertAccount(db: Kysely<Database>, name = "Test Account"): Promise<string> {
  const id = createId("acc");
  await db.insertInto("accounts").values({ id, name, kind: "organization" }).execute();
  return id;
}

export async function insertUser(
  db: Kysely<Database>,
  accountId: string,
  role: Role = "member",
  email = `${createId("usr").slice(4).toLowerCase()}@example.com`,
): Promise<string> {
  const id = createId("usr");
  await db
    .insertInto("users")
    .values({
      id,
      account_id: accountId,
      email,
      name: email.split("@")[0]!,
      role,
      password_hash: null,
    })
    .execute();
  return id;
}

export async function insertProduct(
  db: Kysely<Database>,
  slug = createId("prd").slice(-8).toLowerCase(),
) {
  const id = createId("prd");
  await db
    .insertInto("products")
    .values({ id, name: `Product ${slug}`, slug, description: null })
    .execute();
  return id;
}

export async function insertEntitlement(db: Kysely<Database>, code: string): Promise<string> {
  const id = createId("ent");
  await db.insertInto("entitlements").values({ id, code, name: code }).execute();
  return id;
}

export async function insertRelease(
  db: Kysely<Database>,
  productId: string,
  version = "1.0.0",
  { publishedAt = new Date() }: { publishedAt?: Date | null } = {},
): Promise<string> {
  const id = createId("rel");
  await db
    .insertInto("releases")
    .values({
      id,
      product_id: productId,
      version,
      channel: version.includes("-") ? "beta" : "stable",
      published_at: publishedAt,
      notes: null,
    })
    .execute();
  return id;
}
