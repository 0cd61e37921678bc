// Examples for the Vendor API's reference, shaped like the demo catalogue and customers
// (api/demo): Acme Studio, its Studio Pro policy, Northwind Studio and its people.
// `npm run lint:openapi` checks each one against its schema.

const CREATED = "2026-12-01T10:32:32.556Z";

export const PRODUCT_EXAMPLE = {
  id: "prd_01M8RJKK162CKQRAJA0CMVHJAF",
  name: "Acme Studio",
  slug: "acme-studio",
  description: "A desktop design app, activated per machine.",
  createdAt: CREATED,
  updatedAt: CREATED,
} as const;

export const ENTITLEMENT_EXAMPLE = {
  id: "ent_01M8RJKK11Z5VKN47J1C2YZ7V7",
  code: "cloud-sync",
  name: "Cloud sync",
  createdAt: CREATED,
  updatedAt: CREATED,
} as const;

export const POLICY_EXAMPLE = {
  id: "pol_01M8RJKK3YBAZ25RX31MKWDAE4",
  productId: PRODUCT_EXAMPLE.id,
  name: "Studio Pro (annual)",
  maxMachines: 3,
  maxDomains: 0,
  durationDays: 365,
  expirationStrategy: "restrict",
  heartbeatSeconds: null,
  deactivationLimit: 3,
  deactivationWindowDays: 30,
  protected: false,
  entitlements: ["cloud-sync", "pro"],
  createdAt: CREATED,
  updatedAt: CREATED,
} as const;

export const ACCOUNT_EXAMPLE = {
  id: "acc_01M8RJKMNMW3AP3WZRS65SAPAM",
  name: "Northwind Studio",
  kind: "organization",
  expiryWarningDays: 30,
  createdAt: CREATED,
  updatedAt: CREATED,
} as const;

export const USER_EXAMPLE = {
  id: "usr_01M8RJKNAXS1GGYBXZ0W4C0G7M",
  accountId: ACCOUNT_EXAMPLE.id,
  email: "max.member@example.com",
  name: "Max Member",
  role: "member",
  timezone: "Europe/Berlin",
  locale: "de",
  twoFactorEnabled: false,
  passwordSet: true,
  createdAt: CREATED,
  updatedAt: CREATED,
} as const;

export const LICENSE_EXAMPLE = {
  id: "lic_01M8RJKNM4JFKGXV0QGRPFG3Q7",
  accountId: ACCOUNT_EXAMPLE.id,
  productId: PRODUCT_EXAMPLE.id,
  policyId: POLICY_EXAMPLE.id,
  name: "Acme Studio Pro — Max",
  key: "7XFK5-C22YK-DRA24-DZK38-S29VG",
  keyMasked: "•••••-•••••-•••••-•••••-S29VG",
  status: "active",
  expiresAt: "2027-12-01T10:32:32.503Z",
  maintenanceExpiresAt: "2027-12-01T10:32:32.503Z",
  maxMachines: 3,
  maxDomains: 0,
  overrides: { maxMachines: null, maxDomains: null },
  entitlements: ["cloud-sync", "pro"],
  userIds: [USER_EXAMPLE.id],
  suspendedAt: null,
  revokedAt: null,
  createdAt: CREATED,
  updatedAt: CREATED,
} as const;

export const ASSET_EXAMPLE = {
  id: "ast_01M8RJKMF0BG3WNNEGRN3MYPNW",
  releaseId: "rel_01M8RJKMERNTEE9ZD7B2KCGD6H",
  filename: "acme-studio-3.1.0-windows-x64.msi",
  kind: "installer",
  platform: "windows",
  arch: "x64",
  size: 49152,
  sha256: "df902fe225c27a0cbd2ff91a8f15d85bd7559565d6584ddd4391ccb9cf64c418",
  contentType: "application/x-msi",
  requiredEntitlements: [],
  createdAt: CREATED,
} as const;

export const RELEASE_EXAMPLE = {
  id: ASSET_EXAMPLE.releaseId,
  productId: PRODUCT_EXAMPLE.id,
  version: "3.1.0",
  channel: "stable",
  publishedAt: "2026-11-28T10:32:32.503Z",
  notes: "Collaborative comments.",
  createdAt: CREATED,
  updatedAt: CREATED,
} as const;

/** A `nextCursor` as list answers carry it (opaque: pass it back as `cursor`). */
export const CURSOR_EXAMPLE = "cHJkXzAxTThSSktLMUJOWENZTVBGVzMxU0ZONzhQ";
