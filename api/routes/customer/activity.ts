import { listCustomerActivity } from "../../activity/customer-activity-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import {
  createRoute,
  createRouter,
  json,
  PageQuery,
  pageExample,
  pageOf,
  SESSION_SECURITY,
} from "../../http/openapi.ts";
import { decodeCursor, toPage } from "../../http/pagination.ts";
import { INPUT_PROBLEMS, problems, SESSION_PROBLEMS } from "../../http/problem-responses.ts";
import { callerOf } from "../../http/session-auth.ts";
import { ACTIVITY_EXAMPLE, ActivityEntrySchema, activityJson } from "./activity-schemas.ts";

const tags = ["Activity"];
const security = SESSION_SECURITY;

export function activityRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/activity",
      operationId: "listActivity",
      tags,
      summary: "List my account's activity, newest first",
      description:
        "Owners and admins see the whole account's trail; members see what they did and the " +
        "entries of the licenses assigned to them. `action` names what happened " +
        "(`auth.signed_in`, `license.key_revealed`, `activation.deactivated`…); `data` holds " +
        "its details.",
      security,
      request: { query: PageQuery },
      responses: {
        200: json(
          pageOf(ActivityEntrySchema, "ActivityPage"),
          "A page of entries.",
          pageExample([ACTIVITY_EXAMPLE], "ZXZ0XzAxTThSSktQNDI0MFBZOFhZQTdHSDMzU1RH"),
        ),
        ...problems(SESSION_PROBLEMS, INPUT_PROBLEMS),
      },
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
