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
  SESSION_SECURITY,
  z,
} from "../../http/openapi.ts";
import {
  JSON_BODY_PROBLEMS,
  ORIGIN_PROBLEMS,
  problems,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { sessionOf } from "../../http/session-auth.ts";
import { recordMyActivity } from "./me-shared.ts";

const tags = ["Account Settings"];
const security = SESSION_SECURITY;

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

/** The defaults, as a user who never chose has them. */
const PREFERENCES_EXAMPLE = {
  licenseExpiring: true,
  licenseExpiringDays: 30,
  newRelease: true,
  activationChanges: false,
  securityNotices: true,
} as const;

/** `GET /v1/me/notifications` and `PUT /v1/me/notifications`: which mails the user wants. */
export function meNotificationRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/notifications",
      operationId: "getNotificationPreferences",
      tags,
      summary: "The user's mail preferences",
      description: "Which mails the signed-in user gets; the defaults for a user who never chose.",
      security,
      responses: {
        200: json(NotificationPreferencesSchema, "The preferences.", PREFERENCES_EXAMPLE),
        ...problems(SESSION_PROBLEMS),
      },
    }),
    async (c) => c.json(await getNotificationPreferences(db, sessionOf(c).userId), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/me/notifications",
      operationId: "updateNotificationPreferences",
      tags,
      summary: "Replace the user's mail preferences",
      description: "Every field is required; the change is recorded in the activity.",
      security,
      request: {
        body: jsonBody(NotificationPreferencesSchema, {
          ...PREFERENCES_EXAMPLE,
          licenseExpiringDays: 14,
          activationChanges: true,
        }),
      },
      responses: {
        200: json(NotificationPreferencesSchema, "The saved preferences.", {
          ...PREFERENCES_EXAMPLE,
          licenseExpiringDays: 14,
          activationChanges: true,
        }),
        ...problems(SESSION_PROBLEMS, ORIGIN_PROBLEMS, JSON_BODY_PROBLEMS),
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
