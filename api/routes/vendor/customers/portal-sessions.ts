import { startPortalSession } from "../../../auth/auth-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import { unknownReference } from "../../../core/errors.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  problemResponses,
  Timestamp,
  z,
} from "../../../http/openapi.ts";
import { Role } from "./user-schemas.ts";

const tags = ["Portal sessions"];

const PortalSessionCreateSchema = z
  .object({
    userId: z
      .string()
      .max(64, "at most 64 characters")
      .openapi({ example: "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    ttlMinutes: z
      .number({ error: "must be a number of minutes" })
      .int("must be a whole number of minutes")
      .min(1, "at least 1 minute")
      .max(1440, "at most 1440 minutes (one day)")
      .optional()
      .openapi({
        description: "How long the token lives; defaults to `PORTAL_SESSION_MINUTES` (15).",
      }),
  })
  .strict()
  .openapi("PortalSessionCreate");

const PortalSessionSchema = z
  .object({
    token: z.string().openapi({
      description:
        "A customer session token for one user: the widget sends it as " +
        "`Authorization: Bearer` to the Customer API. Shown once; keep it in memory only.",
    }),
    expiresAt: Timestamp,
    user: z.object({
      id: z.string(),
      email: z.string(),
      accountId: z.string(),
      role: Role,
    }),
  })
  .openapi("PortalSession");

export function portalSessionRoutes({ db, config }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/portal-sessions",
      tags,
      summary: "Open a short-lived customer session for an embedded widget",
      description:
        "Call it from your backend when your page shows Keyport widgets to a signed-in customer, " +
        "and hand the token to the page's `fetchToken()`. It works as a bearer token on the " +
        "Customer API until `expiresAt` (no idle limit) and answers 401 `SESSION_EXPIRED` after. " +
        "An unknown `userId` answers 422 `UNKNOWN_REFERENCE`.",
      request: { body: jsonBody(PortalSessionCreateSchema) },
      responses: { 201: json(PortalSessionSchema, "Created"), ...problemResponses },
    }),
    async (c) => {
      const { userId, ttlMinutes } = c.req.valid("json");
      const lifetimeMs = ttlMinutes === undefined ? config.portalSessionMs : ttlMinutes * 60_000;
      const started = await startPortalSession(db, { userId, lifetimeMs });
      if (!started) throw unknownReference("body.userId", `no user "${userId}"`);
      const { user, session } = started;
      c.header("Cache-Control", "no-store");
      return c.json(
        {
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          user: { id: user.id, email: user.email, accountId: user.account_id, role: user.role },
        },
        201,
      );
    },
  );

  return app;
}
