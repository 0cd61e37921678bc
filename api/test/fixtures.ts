import type { Insertable, Kysely } from "kysely";
import { createId } from "../core/ids.ts";
import type {
  ActivationsTable,
  Database,
  LicensesTable,
  PoliciesTable,
  Role,
} from "../db/schema.ts";

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

/** A policy row with one machine and no domain unless `columns` say otherwise. */
export async function insertPolicy(
  db: Kysely<Database>,
  productId: string,
  columns: Partial<Insertable<PoliciesTable>> = {},
): Promise<string> {
  const id = createId("pol");
  await db
    .insertInto("policies")
    .values({
      id,
      product_id: productId,
      name: `Policy ${id.slice(-6)}`,
      max_machines: 1,
      max_domains: 0,
      duration_days: null,
      expiration_strategy: "restrict",
      heartbeat_seconds: null,
      deactivation_limit: null,
      deactivation_window_days: 30,
      protected: false,
      ...columns,
    })
    .execute();
  return id;
}

/** A license row under a policy (with a placeholder key: rule tests look at columns, not keys). */
export async function insertLicense(
  db: Kysely<Database>,
  { accountId, policyId }: { accountId: string; policyId: string },
  columns: Partial<Insertable<LicensesTable>> = {},
): Promise<string> {
  const id = createId("lic");
  const { product_id } = await db
    .selectFrom("policies")
    .select("product_id")
    .where("id", "=", policyId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("licenses")
    .values({
      id,
      account_id: accountId,
      policy_id: policyId,
      product_id,
      name: `License ${id.slice(-6)}`,
      key_encrypted: "v1.placeholder",
      key_hash: id,
      key_last5: id.slice(-5),
      ...columns,
    })
    .execute();
  return id;
}

/** An activation row of a license, seen now and live unless `columns` say otherwise. */
export async function insertActivation(
  db: Kysely<Database>,
  licenseId: string,
  columns: Partial<Insertable<ActivationsTable>> = {},
): Promise<string> {
  const id = createId("act");
  const { account_id } = await db
    .selectFrom("licenses")
    .select("account_id")
    .where("id", "=", licenseId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("activations")
    .values({
      id,
      license_id: licenseId,
      account_id,
      kind: "machine",
      identifier: `fp-${id}`,
      last_seen_at: new Date(),
      ...columns,
    })
    .execute();
  return id;
}
