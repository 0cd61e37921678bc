import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** A timestamp the database fills in on insert. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** jsonb: read as the parsed value, written as a JSON string or value. */
type Json<T> = ColumnType<T, T | string, T | string>;

export type Role = "owner" | "admin" | "member";
export type AccountKind = "organization" | "individual";
export type ExpirationStrategy = "revoke" | "restrict" | "maintain" | "allow";
export type ActivationKind = "machine" | "domain";
export type Actor = "customer" | "software" | "vendor" | "system";
export type ReleaseChannel = "stable" | "beta";
export type AssetKind = "installer" | "docs" | "other";
export type SessionKind = "cookie" | "bearer" | "portal";
export type TokenPurpose = "password_reset" | "invitation" | "email_change";

export interface AccountsTable {
  id: string;
  name: string;
  kind: AccountKind;
  expiry_warning_days: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  timezone: Generated<string>;
  locale: Generated<string>;
  totp_secret_encrypted: string | null;
  totp_enabled_at: Date | null;
  totp_last_used_step: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProductsTable {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EntitlementsTable {
  id: string;
  code: string;
  name: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PoliciesTable {
  id: string;
  product_id: string;
  name: string;
  max_machines: number;
  max_domains: number;
  duration_days: number | null;
  expiration_strategy: ExpirationStrategy;
  heartbeat_seconds: number | null;
  deactivation_limit: number | null;
  deactivation_window_days: number;
  protected: boolean;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PolicyEntitlementsTable {
  policy_id: string;
  entitlement_id: string;
}

export interface LicensesTable {
  id: string;
  account_id: string;
  policy_id: string;
  product_id: string;
  name: string;
  key_encrypted: string;
  key_hash: string;
  /** The last five key characters, for masking and search without decrypting. */
  key_last5: string;
  expires_at: Date | null;
  maintenance_expires_at: Date | null;
  max_machines: number | null;
  max_domains: number | null;
  suspended_at: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LicenseEntitlementsTable {
  license_id: string;
  entitlement_id: string;
}

export interface LicenseUsersTable {
  license_id: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface ActivationsTable {
  id: string;
  license_id: string;
  account_id: string;
  kind: ActivationKind;
  /** The machine fingerprint or the normalised domain. */
  identifier: string;
  name: string | null;
  hostname: string | null;
  platform: string | null;
  ip: string | null;
  version: string | null;
  created_at: CreatedAt;
  last_seen_at: Date;
  deactivated_at: Date | null;
  deactivated_by: Actor | null;
  deactivated_by_user_id: string | null;
  reason: string | null;
}

export interface ValidationEventsTable {
  id: string;
  license_id: string;
  account_id: string;
  activation_id: string | null;
  code: string;
  valid: boolean;
  fingerprint: string | null;
  domain: string | null;
  version: string | null;
  ip: string | null;
  created_at: CreatedAt;
}

export interface ReleasesTable {
  id: string;
  product_id: string;
  version: string;
  channel: ReleaseChannel;
  published_at: Date | null;
  notes: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** When the release notice job mailed (or chose not to mail) its entitled users; `null` until then. */
  announced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AssetsTable {
  id: string;
  release_id: string;
  filename: string;
  kind: AssetKind;
  platform: string | null;
  arch: string | null;
  size: number;
  sha256: string;
  content_type: string;
  storage_key: string;
  created_at: CreatedAt;
}

export interface AssetEntitlementsTable {
  asset_id: string;
  entitlement_id: string;
}

export interface ActivityTable {
  id: string;
  account_id: string;
  /** The user who acted, when a customer did. */
  user_id: string | null;
  actor: Actor;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** Lets members see the entries of the licenses assigned to them. */
  license_id: string | null;
  data: Json<Record<string, unknown>>;
  ip: string | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  kind: SessionKind;
  user_agent: string | null;
  ip: string | null;
  created_at: CreatedAt;
  last_used_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  /** Only read for `portal` sessions: the vendor let this widget token make security changes. */
  security_changes_allowed: Generated<boolean>;
}

export interface OneTimeTokensTable {
  id: string;
  user_id: string;
  purpose: TokenPurpose;
  token_hash: string;
  data: Json<Record<string, unknown>>;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface TotpRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface NotificationPreferencesTable {
  user_id: string;
  license_expiring: boolean;
  license_expiring_days: number;
  new_release: boolean;
  activation_changes: boolean;
  security_notices: boolean;
  updated_at: UpdatedAt;
}

export interface VendorApiKeysTable {
  id: string;
  name: string;
  token_hash: string;
  /** The first characters of the key, shown so a vendor can tell keys apart. */
  token_prefix: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** Set for mails that must go out once only (e.g. one expiry notice per license and day). */
  dedupe_key: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Date;
  sent_at: Date | null;
  created_at: CreatedAt;
}

/**
 * Per license, kept by triggers (migration 0006): its active machines and domains,
 * whether it is at a limit, and what it adds to its account's dashboard figures.
 */
export interface LicenseUsageTable {
  license_id: string;
  account_id: string;
  machines: Generated<number>;
  domains: Generated<number>;
  /** Live and using every slot of a kind it allows. */
  at_limit: Generated<boolean>;
  counted_total: Generated<number>;
  counted_revoked: Generated<number>;
  counted_suspended: Generated<number>;
  counted_machines_total: Generated<number>;
  counted_domains_total: Generated<number>;
  counted_machines_used: Generated<number>;
  counted_domains_used: Generated<number>;
  counted_at_limit: Generated<number>;
  /** Its latest failed validation (migration 0007's trigger on validation_events). */
  last_failed_at: Date | null;
}

/** An account's license figures (stats), or a change to them not yet folded in (deltas). */
export interface AccountLicenseStatsTable {
  account_id: string;
  total: Generated<number>;
  revoked: Generated<number>;
  suspended: Generated<number>;
  machines_total: Generated<number>;
  domains_total: Generated<number>;
  machines_used: Generated<number>;
  domains_used: Generated<number>;
  at_limit: Generated<number>;
}

export interface ThrottleCountersTable {
  key: string;
  count: number;
  window_started_at: Date;
  blocked_until: Date | null;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  products: ProductsTable;
  entitlements: EntitlementsTable;
  policies: PoliciesTable;
  policy_entitlements: PolicyEntitlementsTable;
  licenses: LicensesTable;
  license_entitlements: LicenseEntitlementsTable;
  license_users: LicenseUsersTable;
  activations: ActivationsTable;
  validation_events: ValidationEventsTable;
  releases: ReleasesTable;
  assets: AssetsTable;
  asset_entitlements: AssetEntitlementsTable;
  activity: ActivityTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  totp_recovery_codes: TotpRecoveryCodesTable;
  notification_preferences: NotificationPreferencesTable;
  vendor_api_keys: VendorApiKeysTable;
  mail_outbox: MailOutboxTable;
  throttle_counters: ThrottleCountersTable;
  license_usage: LicenseUsageTable;
  account_license_stats: AccountLicenseStatsTable;
  account_license_deltas: AccountLicenseStatsTable;
}

export type Account = Selectable<AccountsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Product = Selectable<ProductsTable>;
export type Entitlement = Selectable<EntitlementsTable>;
export type Policy = Selectable<PoliciesTable>;
export type License = Selectable<LicensesTable>;
export type Activation = Selectable<ActivationsTable>;
export type Release = Selectable<ReleasesTable>;
export type Asset = Selectable<AssetsTable>;
export type ActivityEntry = Selectable<ActivityTable>;
