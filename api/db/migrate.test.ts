import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createId } from "../core/ids.ts";
import { insertAccount, insertProduct } from "../test/fixtures.ts";
import { createTestDatabase } from "../test/harness.ts";
import type { DatabaseHandle } from "./connection.ts";
import { migrateToLatest } from "./migrate.ts";
import type { Database } from "./schema.ts";

/** The columns of an account's license figures and of their pending deltas (migration 0006). */
const STATS_COLUMNS = [
  "account_id",
  "total",
  "revoked",
  "suspended",
  "machines_total",
  "domains_total",
  "machines_used",
  "domains_used",
  "at_limit",
] as const;

/**
 * Every column of every table in schema.ts. `satisfies` fails type checking when
 * a table is missing or unknown, the `expectTypeOf` below when a column is.
 */
const COLUMNS = {
  accounts: ["id", "name", "kind", "expiry_warning_days", "created_at", "updated_at"],
  users: [
    "id",
    "account_id",
    "email",
    "name",
    "role",
    "password_hash",
    "timezone",
    "locale",
    "totp_secret_encrypted",
    "totp_enabled_at",
    "totp_last_used_step",
    "created_at",
    "updated_at",
  ],
  products: ["id", "name", "slug", "description", "created_at", "updated_at"],
  entitlements: ["id", "code", "name", "created_at", "updated_at"],
  policies: [
    "id",
    "product_id",
    "name",
    "max_machines",
    "max_domains",
    "duration_days",
    "expiration_strategy",
    "heartbeat_seconds",
    "deactivation_limit",
    "deactivation_window_days",
    "protected",
    "created_at",
    "updated_at",
  ],
  policy_entitlements: ["policy_id", "entitlement_id"],
  licenses: [
    "id",
    "account_id",
    "policy_id",
    "product_id",
    "name",
    "key_encrypted",
    "key_hash",
    "key_last5",
    "expires_at",
    "maintenance_expires_at",
    "max_machines",
    "max_domains",
    "suspended_at",
    "revoked_at",
    "created_at",
    "updated_at",
  ],
  license_entitlements: ["license_id", "entitlement_id"],
  license_users: ["license_id", "user_id", "created_at"],
  activations: [
    "id",
    "license_id",
    "account_id",
    "kind",
    "identifier",
    "name",
    "hostname",
    "platform",
    "ip",
    "version",
    "created_at",
    "last_seen_at",
    "deactivated_at",
    "deactivated_by",
    "deactivated_by_user_id",
    "reason",
  ],
  validation_events: [
    "id",
    "license_id",
    "account_id",
    "activation_id",
    "code",
    "valid",
    "fingerprint",
    "domain",
    "version",
    "ip",
    "created_at",
  ],
  releases: [
    "id",
    "product_id",
    "version",
    "channel",
    "published_at",
    "notes",
    "created_at",
    "updated_at",
    "announced_at",
  ],
  assets: [
    "id",
    "release_id",
    "filename",
    "kind",
    "platform",
    "arch",
    "size",
    "sha256",
    "content_type",
    "storage_key",
    "created_at",
  ],
  asset_entitlements: ["asset_id", "entitlement_id"],
  activity: [
    "id",
    "account_id",
    "user_id",
    "actor",
    "action",
    "subject_type",
    "subject_id",
    "license_id",
    "data",
    "ip",
    "created_at",
  ],
  sessions: [
    "id",
    "user_id",
    "token_hash",
    "kind",
    "user_agent",
    "ip",
    "created_at",
    "last_used_at",
    "expires_at",
    "revoked_at",
    "security_changes_allowed",
  ],
  one_time_tokens: [
    "id",
    "user_id",
    "purpose",
    "token_hash",
    "data",
    "expires_at",
    "used_at",
    "created_at",
  ],
  totp_recovery_codes: ["id", "user_id", "code_hash", "used_at", "created_at"],
  notification_preferences: [
    "user_id",
    "license_expiring",
    "license_expiring_days",
    "new_release",
    "activation_changes",
    "security_notices",
    "updated_at",
  ],
  vendor_api_keys: [
    "id",
    "name",
    "token_hash",
    "token_prefix",
    "created_at",
    "last_used_at",
    "revoked_at",
  ],
  mail_outbox: [
    "id",
    "to_address",
    "subject",
    "text_body",
    "html_body",
    "dedupe_key",
    "attempts",
    "last_error",
    "next_attempt_at",
    "sent_at",
    "created_at",
  ],
  throttle_counters: ["key", "count", "window_started_at", "blocked_until"],
  license_usage: [
    "license_id",
    "account_id",
    "machines",
    "domains",
    "at_limit",
    "counted_total",
    "counted_revoked",
    "counted_suspended",
    "counted_machines_total",
    "counted_domains_total",
    "counted_machines_used",
    "counted_domains_used",
    "counted_at_limit",
    "last_failed_at",
  ],
  account_license_stats: STATS_COLUMNS,
  account_license_deltas: STATS_COLUMNS,
} as const satisfies { [T in keyof Database]: readonly (keyof Database[T] & string)[] };

type MissingColumn = {
  [T in keyof Database]: Exclude<keyof Database[T], (typeof COLUMNS)[T][number]>;
}[keyof Database];
expectTypeOf<MissingColumn>().toEqualTypeOf<never>();

let database: DatabaseHandle;
let db: Kysely<Database>;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.close());

describe("migrations", () => {
  it("create every table and column of schema.ts, and nothing else", async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name not like 'kysely_migration%'
        -- the monthly partitions of validation_events are its storage, not tables of their own
        and table_name not in (select relname from pg_class where relispartition)
    `.execute(db);
    const actual: Record<string, string[]> = {};
    for (const row of rows)
      actual[row.table_name] = [...(actual[row.table_name] ?? []), row.column_name];
    const expected = Object.fromEntries(
      Object.entries(COLUMNS).map(([table, columns]) => [table, [...columns].sort()]),
    );
    for (const columns of Object.values(actual)) columns.sort();
    expect(actual).toEqual(expected);
  });

  it("are recorded, and migrating again applies nothing", async () => {
    const applied = await db
      .selectFrom("kysely_migration" as keyof Database)
      .select(sql<string>`name`.as("name"))
      .execute();
    expect(applied.map((row) => row.name)).toEqual([
      "0001-initial",
      "0002-notifications",
      "0003-release-notices",
      "0004-session-security-changes",
      "0005-validation-event-partitions",
      "0006-license-usage",
      "0007-license-last-failure",
    ]);
    const again = await migrateToLatest(db);
    expect(again.error).toBeUndefined();
    expect(again.results).toEqual([]);
  });
});

describe("activations_active_binding_key", () => {
  let accountId: string;
  let licenseIds: [string, string];

  beforeAll(async () => {
    accountId = await insertAccount(db);
    const productId = await insertProduct(db);
    const policyId = createId("pol");
    await db
      .insertInto("policies")
      .values({
        id: policyId,
        product_id: productId,
        name: "Standard",
        max_machines: 3,
        max_domains: 1,
        duration_days: null,
        expiration_strategy: "revoke",
        heartbeat_seconds: null,
        deactivation_limit: null,
        deactivation_window_days: 30,
        protected: false,
      })
      .execute();
    const license = () => {
      const id = createId("lic");
      return {
        id,
        account_id: accountId,
        policy_id: policyId,
        product_id: productId,
        name: "Studio",
        key_encrypted: `v1.test.${id}`,
        key_hash: id,
        key_last5: id.slice(-5),
        expires_at: null,
        maintenance_expires_at: null,
        max_machines: null,
        max_domains: null,
        suspended_at: null,
        revoked_at: null,
      };
    };
    const rows = [license(), license()];
    await db.insertInto("licenses").values(rows).execute();
    licenseIds = [rows[0]!.id, rows[1]!.id];
  });

  function activate(licenseId: string, identifier: string, kind: "machine" | "domain" = "machine") {
    const id = createId("act");
    return db
      .insertInto("activations")
      .values({
        id,
        license_id: licenseId,
        account_id: accountId,
        kind,
        identifier,
        name: null,
        hostname: null,
        platform: null,
        ip: null,
        version: null,
        last_seen_at: new Date(),
        deactivated_at: null,
        deactivated_by: null,
        deactivated_by_user_id: null,
        reason: null,
      })
      .execute()
      .then(() => id);
  }

  async function activeCount(licenseId: string, identifier: string): Promise<number> {
    const row = await db
      .selectFrom("activations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("license_id", "=", licenseId)
      .where("identifier", "=", identifier)
      .where("deactivated_at", "is", null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("rejects a second active binding of the same identifier", async () => {
    const [license] = licenseIds;
    await activate(license, "fp-twice");
    await expect(activate(license, "fp-twice")).rejects.toMatchObject({
      code: "23505",
      constraint: "activations_active_binding_key",
    });
    expect(await activeCount(license, "fp-twice")).toBe(1);
  });

  it("allows it again once the first binding is deactivated, and then only once", async () => {
    const [license] = licenseIds;
    const first = await activate(license, "fp-again");
    await db
      .updateTable("activations")
      .set({ deactivated_at: new Date(), deactivated_by: "customer" })
      .where("id", "=", first)
      .execute();
    await activate(license, "fp-again");
    await expect(activate(license, "fp-again")).rejects.toMatchObject({ code: "23505" });
    const all = await db
      .selectFrom("activations")
      .select("id")
      .where("identifier", "=", "fp-again")
      .execute();
    expect(all).toHaveLength(2);
    expect(await activeCount(license, "fp-again")).toBe(1);
  });

  it("keeps licenses and kinds apart", async () => {
    const [one, two] = licenseIds;
    await activate(one, "shop.example.com", "domain");
    await activate(two, "shop.example.com", "domain");
    await activate(one, "shop.example.com", "machine");
    expect(await activeCount(one, "shop.example.com")).toBe(2);
    expect(await activeCount(two, "shop.example.com")).toBe(1);
  });
});
