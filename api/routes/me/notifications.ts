import {
  getNotificationPreferences,
  saveNotificationPreferences,
} from "../../accounts/notification-preferences.ts";
import type { AppDeps } from "../../core/deps.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  problemResponses,
  z,
} from "../../http/openapi.ts";
import { sessionOf } from "../../http/session-auth.ts";
import { meProblemResponses, recordMyActivity } from "./me-shared.ts";

const tags = ["Account Settings"];
const security: Record<string, string[]>[] = [{ sessionCookie: [] }, { sessionBearer: [] }];

const Flag = z.boolean({ error: "must be true or false" });

const NotificationPreferencesSchema = z
  .object({
    licenseExpiring: Flag.openapi({ description: "Mail before a license expires." }),
    licenseExpiringDays: z
      .number({ error: "must be a number of days" })
      .int("must be a whole number of days")
      .min(1, "at least 1 day")
      .max(90, "at most 90 days")
      .openapi({ description: "How many days ahead (1–90).", example: 30 }),
    newRelease: Flag.openapi({ description: "Mail when an entitled product has a new release." }),
    activationChanges: Flag.openapi({ description: "Mail when an activation is made or ended." }),
    securityNotices: Flag.openapi({
      description: "Mail when the password or two-factor sign-in changes.",
    }),
  })
  .strict()
  .openapi("NotificationPreferences");

/** `GET /v1/me/notifications` and `PUT /v1/me/notifications`: which mails the user wants. */
export function meNotificationRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/notifications",
      tags,
      summary: "The user's mail preferences",
      description: "Defaults for a user who never chose.",
      security,
      responses: { 200: json(NotificationPreferencesSchema), 401: problemResponses[401] },
    }),
    async (c) => c.json(await getNotificationPreferences(db, sessionOf(c).userId), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/me/notifications",
      tags,
      summary: "Replace the user's mail preferences",
      description: "Every field is required.",
      security,
      request: { body: jsonBody(NotificationPreferencesSchema) },
      responses: {
        200: json(NotificationPreferencesSchema),
        ...problemResponses,
        415: meProblemResponses[415],
      },
    }),
    async (c) => {
      const { userId } = sessionOf(c);
      const preferences = c.req.valid("json");
      const saved = await db.transaction().execute(async (trx) => {
        const stored = await saveNotificationPreferences(trx, userId, preferences);
        await recordMyActivity(trx, c, "notifications.updated", { ...stored });
        return stored;
      });
      return c.json(saved, 200);
    },
  );

  return app;
}
