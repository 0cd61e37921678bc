import {
  DASHBOARD_ACTIVITY_SIZE,
  DASHBOARD_LIST_SIZE,
  type Dashboard,
  FAILING_VALIDATION_DAYS,
  getDashboard,
} from "../../accounts/dashboard-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import {
  createRoute,
  createRouter,
  json,
  SESSION_SECURITY,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { problems, SESSION_PROBLEMS } from "../../http/problem-responses.ts";
import { localized, wordingOf } from "../../http/request-wording.ts";
import { callerOf } from "../../http/session-auth.ts";
import { ACTIVITY_EXAMPLE, ActivityEntrySchema, activityJson } from "./activity-schemas.ts";

const tags = ["Dashboard"];
const security = SESSION_SECURITY;

const Count = z.number().int().nonnegative();
const Usage = z.object({ used: Count, total: Count });

const DashboardSchema = z
  .object({
    licenses: z
      .object({
        total: Count,
        active: Count,
        expiring: Count,
        expired: Count,
        suspended: Count,
        revoked: Count,
      })
      .openapi({
        description: "Visible licenses by derived status; the statuses add up to `total`.",
      }),
    seats: z.object({ machines: Usage, domains: Usage }).openapi({
      description:
        "Active activations and allowed slots, summed over the visible licenses that are not revoked.",
    }),
    expiryWarningDays: z.number().int().openapi({
      description: "The account's warning window: a license expiring within it is `expiring`.",
    }),
    expiringSoon: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          product: z.object({ id: z.string(), name: z.string() }),
          expiresAt: Timestamp,
          daysLeft: z.number().int().openapi({ description: "Whole days left, rounded up." }),
        }),
      )
      .openapi({
        description: `The first ${DASHBOARD_LIST_SIZE} licenses expiring within the warning window, soonest first.`,
      }),
    health: z.object({
      status: z.enum(["ok", "attention"]),
      reasons: z.array(
        z.object({
          code: z
            .enum(["LICENSES_EXPIRING", "AT_LIMIT", "SUSPENDED", "FAILING_VALIDATIONS"])
            .openapi({
              description:
                "`LICENSES_EXPIRING`: within the warning window. `AT_LIMIT`: a live license " +
                "uses every machine or domain slot. `SUSPENDED`: suspended, not revoked. " +
                "`FAILING_VALIDATIONS`: a live license whose software failed a validation in " +
                `the last ${FAILING_VALIDATION_DAYS} days.`,
            }),
          count: Count,
          message: z.string(),
          licenseIds: z
            .array(z.string())
            .openapi({ description: `Up to ${DASHBOARD_LIST_SIZE} of the licenses concerned.` }),
        }),
      ),
    }),
    recentActivity: z.array(ActivityEntrySchema).openapi({
      description: `The latest ${DASHBOARD_ACTIVITY_SIZE} entries of \`GET /v1/activity\`.`,
    }),
  })
  .openapi("Dashboard");

function dashboardJson(dashboard: Dashboard) {
  return {
    licenses: dashboard.licenses,
    seats: dashboard.seats,
    expiryWarningDays: dashboard.expiryWarningDays,
    expiringSoon: dashboard.expiringSoon.map((license) => ({
      id: license.id,
      name: license.name,
      product: { id: license.productId, name: license.productName },
      expiresAt: license.expiresAt.toISOString(),
      daysLeft: license.daysLeft,
    })),
    health: dashboard.health,
    recentActivity: dashboard.recentActivity.map(activityJson),
  };
}

export function dashboardRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/dashboard",
      operationId: "getDashboard",
      tags,
      summary: "My account at a glance",
      description:
        "License counts by status, seats used of total, licenses expiring soon, the account's " +
        "health with the reasons it needs attention, and recent activity. Owners and admins " +
        "see the whole account; members see their assigned licenses and their activity.",
      security,
      responses: {
        200: json(DashboardSchema, "The account at a glance.", {
          licenses: { total: 6, active: 2, expiring: 1, expired: 1, suspended: 1, revoked: 1 },
          seats: { machines: { used: 6, total: 17 }, domains: { used: 3, total: 5 } },
          expiryWarningDays: 30,
          expiringSoon: [
            {
              id: "lic_01M8RJKNM4JFKGXV0QGRPFG3Q7",
              name: "Acme Studio Pro — Max",
              product: { id: "prd_01M8RJKK162CKQRAJA0CMVHJAF", name: "Acme Studio" },
              expiresAt: "2026-12-13T10:32:32.503Z",
              daysLeft: 12,
            },
          ],
          health: {
            status: "attention",
            reasons: [
              {
                code: "LICENSES_EXPIRING",
                count: 1,
                message: "1 license expires within 30 days; renew to keep it working.",
                licenseIds: ["lic_01M8RJKNM4JFKGXV0QGRPFG3Q7"],
              },
              {
                code: "SUSPENDED",
                count: 1,
                message: "1 license is suspended and will not validate; contact support.",
                licenseIds: ["lic_01M8RJKNWDTPEV5W6F4CRFXRDA"],
              },
            ],
          },
          recentActivity: [ACTIVITY_EXAMPLE],
        }),
        ...problems(SESSION_PROBLEMS),
      },
    }),
    async (c) => {
      const wording = wordingOf(c);
      const dashboard = await getDashboard(db, callerOf(c), new Date(), wording);
      return localized(c, wording).json(dashboardJson(dashboard), 200);
    },
  );

  return app;
}
