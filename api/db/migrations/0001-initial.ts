import { type Kysely, sql } from "kysely";

/**
 * The whole domain of SPEC §2. Ids are prefixed, time-ordered strings, so keyset
 * pagination orders by `id` alone; every list index leads with the scoping column.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;

  await db.schema
    .createTable("accounts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('organization', 'individual')`),
    )
    .addColumn("expiry_warning_days", "integer", (c) => c.notNull().defaultTo(30))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('owner', 'admin', 'member')`))
    .addColumn("password_hash", "text")
    .addColumn("timezone", "text", (c) => c.notNull().defaultTo("UTC"))
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("en"))
    .addColumn("totp_secret_encrypted", "text")
    .addColumn("totp_enabled_at", "timestamptz")
    .addColumn("totp_last_used_step", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  // Emails are stored lower-cased; one login per address across all accounts.
  await db.schema.createIndex("users_email_key").on("users").column("email").unique().execute();
  await db.schema
    .createIndex("users_account_idx")
    .on("users")
    .columns(["account_id", "id"])
    .execute();

  await db.schema
    .createTable("products")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("description", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("entitlements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("policies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("max_machines", "integer", (c) => c.notNull().check(sql`max_machines >= 0`))
    .addColumn("max_domains", "integer", (c) => c.notNull().check(sql`max_domains >= 0`))
    .addColumn("duration_days", "integer", (c) => c.check(sql`duration_days > 0`))
    .addColumn("expiration_strategy", "text", (c) =>
      c.notNull().check(sql`expiration_strategy in ('revoke', 'restrict', 'maintain', 'allow')`),
    )
    .addColumn("heartbeat_seconds", "integer", (c) => c.check(sql`heartbeat_seconds > 0`))
    .addColumn("deactivation_limit", "integer", (c) => c.check(sql`deactivation_limit >= 0`))
    .addColumn("deactivation_window_days", "integer", (c) =>
      c.notNull().defaultTo(30).check(sql`deactivation_window_days > 0`),
    )
    .addColumn("protected", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("policies_product_idx")
    .on("policies")
    .columns(["product_id", "id"])
    .execute();

  await db.schema
    .createTable("policy_entitlements")
    .addColumn("policy_id", "text", (c) =>
      c.notNull().references("policies.id").onDelete("cascade"),
    )
    .addColumn("entitlement_id", "text", (c) => c.notNull().references("entitlements.id"))
    .addPrimaryKeyConstraint("policy_entitlements_pkey", ["policy_id", "entitlement_id"])
    .execute();

  await db.schema
    .createTable("licenses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id"))
    .addColumn("policy_id", "text", (c) => c.notNull().references("policies.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("key_encrypted", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("key_last5", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz")
    .addColumn("maintenance_expires_at", "timestamptz")
    .addColumn("max_machines", "integer", (c) => c.check(sql`max_machines >= 0`))
    .addColumn("max_domains", "integer", (c) => c.check(sql`max_domains >= 0`))
    .addColumn("suspended_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("licenses_key_hash_key")
    .on("licenses")
    .column("key_hash")
    .unique()
    .execute();
  await db.schema
    .createIndex("licenses_account_idx")
    .on("licenses")
    .columns(["account_id", "id"])
    .execute();
  await db.schema
    .createIndex("licenses_account_product_idx")
    .on("licenses")
    .columns(["account_id", "product_id", "id"])
    .execute();
  await db.schema.createIndex("licenses_expires_idx").on("licenses").column("expires_at").execute();

  await db.schema
    .createTable("license_entitlements")
    .addColumn("license_id", "text", (c) =>
      c.notNull().references("licenses.id").onDelete("cascade"),
    )
    .addColumn("entitlement_id", "text", (c) => c.notNull().references("entitlements.id"))
    .addPrimaryKeyConstraint("license_entitlements_pkey", ["license_id", "entitlement_id"])
    .execute();

  await db.schema
    .createTable("license_users")
    .addColumn("license_id", "text", (c) =>
      c.notNull().references("licenses.id").onDelete("cascade"),
    )
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint("license_users_pkey", ["license_id", "user_id"])
    .execute();
  await db.schema
    .createIndex("license_users_user_idx")
    .on("license_users")
    .columns(["user_id", "license_id"])
    .execute();

  await db.schema
    .createTable("activations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("license_id", "text", (c) => c.notNull().references("licenses.id"))
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('machine', 'domain')`))
    .addColumn("identifier", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("hostname", "text")
    .addColumn("platform", "text")
    .addColumn("ip", "text")
    .addColumn("version", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("deactivated_at", "timestamptz")
    .addColumn("deactivated_by", "text", (c) =>
      c.check(sql`deactivated_by in ('customer', 'software', 'vendor', 'system')`),
    )
    .addColumn("deactivated_by_user_id", "text", (c) =>
      c.references("users.id").onDelete("set null"),
    )
    .addColumn("reason", "text")
    .execute();
  // One active binding per identifier: the database, not the code, is the last word on limits.
  await db.schema
    .createIndex("activations_active_binding_key")
    .on("activations")
    .columns(["license_id", "kind", "identifier"])
    .unique()
    .where(sql.ref("deactivated_at"), "is", null)
    .execute();
  await db.schema
    .createIndex("activations_license_idx")
    .on("activations")
    .columns(["license_id", "id"])
    .execute();
  await db.schema
    .createIndex("activations_account_idx")
    .on("activations")
    .columns(["account_id", "id"])
    .execute();
  // Customer deactivations per license in a rolling window.
  await db.schema
    .createIndex("activations_deactivated_idx")
    .on("activations")
    .columns(["license_id", "deactivated_at"])
    .where(sql.ref("deactivated_by"), "=", "customer")
    .execute();

  await db.schema
    .createTable("validation_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("license_id", "text", (c) => c.notNull().references("licenses.id"))
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id"))
    .addColumn("activation_id", "text", (c) => c.references("activations.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("valid", "boolean", (c) => c.notNull())
    .addColumn("fingerprint", "text")
    .addColumn("domain", "text")
    .addColumn("version", "text")
    .addColumn("ip", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("validation_events_license_idx")
    .on("validation_events")
    .columns(["license_id", "id"])
    .execute();

  await db.schema
    .createTable("releases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('stable', 'beta')`))
    .addColumn("published_at", "timestamptz")
    .addColumn("notes", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("releases_product_version_key", ["product_id", "version"])
    .execute();
  await db.schema
    .createIndex("releases_product_published_idx")
    .on("releases")
    .columns(["product_id", "published_at"])
    .execute();

  await db.schema
    .createTable("assets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("release_id", "text", (c) => c.notNull().references("releases.id"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('installer', 'docs', 'other')`),
    )
    .addColumn("platform", "text")
    .addColumn("arch", "text")
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("assets_release_filename_key", ["release_id", "filename"])
    .execute();

  await db.schema
    .createTable("asset_entitlements")
    .addColumn("asset_id", "text", (c) => c.notNull().references("assets.id").onDelete("cascade"))
    .addColumn("entitlement_id", "text", (c) => c.notNull().references("entitlements.id"))
    .addPrimaryKeyConstraint("asset_entitlements_pkey", ["asset_id", "entitlement_id"])
    .execute();

  await db.schema
    .createTable("activity")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id"))
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("actor", "text", (c) =>
      c.notNull().check(sql`actor in ('customer', 'software', 'vendor', 'system')`),
    )
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("license_id", "text", (c) => c.references("licenses.id"))
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("ip", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("activity_account_idx")
    .on("activity")
    .columns(["account_id", "id"])
    .execute();
  await db.schema
    .createIndex("activity_user_idx")
    .on("activity")
    .columns(["user_id", "id"])
    .execute();
  await db.schema
    .createIndex("activity_license_idx")
    .on("activity")
    .columns(["license_id", "id"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('cookie', 'bearer', 'portal')`),
    )
    .addColumn("user_agent", "text")
    .addColumn("ip", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("last_used_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("sessions_user_idx")
    .on("sessions")
    .columns(["user_id", "id"])
    .execute();

  await db.schema
    .createTable("one_time_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) =>
      c.notNull().check(sql`purpose in ('password_reset', 'invitation', 'email_change')`),
    )
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("one_time_tokens_user_idx")
    .on("one_time_tokens")
    .columns(["user_id", "purpose"])
    .execute();

  await db.schema
    .createTable("totp_recovery_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("totp_recovery_codes_user_idx")
    .on("totp_recovery_codes")
    .column("user_id")
    .execute();

  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("license_expiring", "boolean", (c) => c.notNull())
    .addColumn("license_expiring_days", "integer", (c) => c.notNull())
    .addColumn("new_release", "boolean", (c) => c.notNull())
    .addColumn("activation_changes", "boolean", (c) => c.notNull())
    .addColumn("security_notices", "boolean", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("vendor_api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("token_prefix", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text")
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("sent_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("mail_outbox_pending_idx")
    .on("mail_outbox")
    .column("next_attempt_at")
    .where(sql.ref("sent_at"), "is", null)
    .execute();

  await db.schema
    .createTable("throttle_counters")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull())
    .addColumn("blocked_until", "timestamptz")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "throttle_counters",
    "mail_outbox",
    "vendor_api_keys",
    "notification_preferences",
    "totp_recovery_codes",
    "one_time_tokens",
    "sessions",
    "activity",
    "asset_entitlements",
    "assets",
    "releases",
    "validation_events",
    "activations",
    "license_users",
    "license_entitlements",
    "licenses",
    "policy_entitlements",
    "policies",
    "entitlements",
    "products",
    "users",
    "accounts",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
