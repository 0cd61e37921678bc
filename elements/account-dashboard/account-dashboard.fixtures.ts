// Test data shaped exactly like the API's answers (sdk/generated/public-api.ts), dated from now.
import type { ActivityEntry, Dashboard, MyLicense } from "@keyport/sdk";

const DAY_MS = 86_400_000;

export function inDays(days: number, from = Date.now()): string {
  return new Date(from + days * DAY_MS).toISOString();
}

export const ids = {
  designTeam: "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA",
  max: "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNB",
  forms: "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNC",
  render: "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BND",
  later: "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNE",
};

const studio = { id: "prd_studio", name: "Acme Studio" };

export function license(overrides: Partial<MyLicense> & Pick<MyLicense, "id" | "name">): MyLicense {
  return {
    product: studio,
    status: "active",
    keyMasked: "•••••-•••••-•••••-•••••-4TJG9",
    expiresAt: inDays(200),
    maintenanceExpiresAt: inDays(200),
    machines: { used: 1, total: 3 },
    domains: { used: 0, total: 0 },
    createdAt: inDays(-300),
    ...overrides,
  };
}

export function entry(
  overrides: Partial<ActivityEntry> & Pick<ActivityEntry, "action">,
): ActivityEntry {
  return {
    id: `evt_${overrides.action}`,
    actor: "customer",
    user: { id: "usr_olivia", name: "Olivia Owner" },
    subjectType: "license",
    subjectId: ids.designTeam,
    licenseId: ids.designTeam,
    data: {},
    ip: "203.0.113.7",
    createdAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    ...overrides,
  };
}

export function ownerLicenses(): MyLicense[] {
  return [
    license({ id: ids.designTeam, name: "Design team", machines: { used: 3, total: 3 } }),
    license({ id: ids.max, name: "Max", status: "expiring", expiresAt: inDays(11.5) }),
    license({
      id: ids.forms,
      name: "Northwind forms",
      product: { id: "prd_forms", name: "Acme Forms" },
      machines: { used: 0, total: 0 },
      domains: { used: 3, total: 5 },
    }),
    license({ id: ids.render, name: "Render box", status: "suspended" }),
    license({ id: ids.later, name: "Studio later", expiresAt: inDays(60.2) }),
  ];
}

export function ownerDashboard(): Dashboard {
  return {
    licenses: { total: 5, active: 3, expiring: 1, expired: 0, suspended: 1, revoked: 0 },
    seats: { machines: { used: 5, total: 10 }, domains: { used: 3, total: 5 } },
    expiryWarningDays: 30,
    expiringSoon: [
      { id: ids.max, name: "Max", product: studio, expiresAt: inDays(11.5), daysLeft: 12 },
    ],
    health: {
      status: "attention",
      reasons: [
        {
          code: "LICENSES_EXPIRING",
          count: 1,
          message: "1 license expires within 30 days; renew to keep it working.",
          licenseIds: [ids.max],
        },
        {
          code: "AT_LIMIT",
          count: 1,
          message:
            "1 license uses every machine or domain slot; deactivate one before activating another.",
          licenseIds: [ids.designTeam],
        },
        {
          code: "FAILING_VALIDATIONS",
          count: 7,
          message: "7 licenses failed checks in the last 7 days; run a diagnosis to see why.",
          licenseIds: [ids.forms, ids.designTeam],
        },
      ],
    },
    recentActivity: [
      entry({ action: "license.key_revealed" }),
      entry({
        action: "activation.created",
        actor: "software",
        user: null,
        subjectType: "activation",
        subjectId: "act_1",
        data: { kind: "machine", name: "OLD-PC" },
      }),
      entry({
        action: "asset.downloaded",
        subjectType: "asset",
        data: { filename: "studio-3.0.0.exe", version: "3.0.0" },
      }),
    ],
  };
}

/** The demo's member Mia: one license, nothing to attend to. */
export function memberDashboard(): Dashboard {
  return {
    licenses: { total: 1, active: 1, expiring: 0, expired: 0, suspended: 0, revoked: 0 },
    seats: { machines: { used: 1, total: 3 }, domains: { used: 0, total: 0 } },
    expiryWarningDays: 30,
    expiringSoon: [],
    health: { status: "ok", reasons: [] },
    recentActivity: [],
  };
}

export function emptyDashboard(): Dashboard {
  return {
    ...memberDashboard(),
    licenses: { total: 0, active: 0, expiring: 0, expired: 0, suspended: 0, revoked: 0 },
    seats: { machines: { used: 0, total: 0 }, domains: { used: 0, total: 0 } },
  };
}
