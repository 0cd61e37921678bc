import {
  type ActivityRecord,
  listCustomerActivity,
} from "../../activity/customer-activity-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import {
  createRoute,
  createRouter,
  json,
  PageQuery,
  pageOf,
  problemResponses,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { decodeCursor, toPage } from "../../http/pagination.ts";
import { callerOf } from "../../http/session-auth.ts";

const tags = ["Activity"];
const security: Record<string, string[]>[] = [{ sessionCookie: [] }, { sessionBearer: [] }];

export const ActivityEntrySchema = z
  .object({
    id: z.string().openapi({ example: "evt_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    action: z.string().openapi({ example: "activation.deactivated" }),
    actor: z.enum(["customer", "software", "vendor", "system"]),
    user: z.object({ id: z.string(), name: z.string() }).nullable().openapi({
      description: "The person who acted, when a customer did.",
    }),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    licenseId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi("ActivityEntry");

export function activityJson(row: ActivityRecord) {
  return {
    id: row.id,
    action: row.action,
    actor: row.actor,
    user:
      row.user_id !== null && row.user_name !== null
        ? { id: row.user_id, name: row.user_name }
        : null,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    licenseId: row.license_id,
    data: row.data,
    ip: row.ip,
    createdAt: row.created_at.toISOString(),
  };
}

export function activityRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/activity",
      tags,
      summary: "List my account's activity, newest first",
      description:
        "Owners and admins see the whole account's trail; members see what they did and the " +
        "entries of the licenses assigned to them.",
      security,
      request: { query: PageQuery },
      responses: { 200: json(pageOf(ActivityEntrySchema, "ActivityPage")), ...problemResponses },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const rows = await listCustomerActivity(db, callerOf(c), {
        after: decodeCursor(cursor),
        limit,
      });
      return c.json(toPage(rows, limit, activityJson), 200);
    },
  );

  return app;
}
