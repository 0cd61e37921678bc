import { startPortalSession } from "../../../auth/auth-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import { unknownReference } from "../../../core/errors.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  Timestamp,
  VENDOR_SECURITY,
  z,
} from "../../../http/openapi.ts";
import {
  JSON_BODY_PROBLEMS,
  problems,
  VENDOR_KEY_PROBLEMS,
} from "../../../http/problem-responses.ts";
import { Role } from "../../field-schemas.ts";
import { USER_EXAMPLE } from "../examples.ts";

const tags = ["Portal sessions"];
const security = VENDOR_SECURITY;

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
    allowSecurityChanges: z
      .boolean({ error: "must be true or false" })
      .optional()
      .openapi({
        description:
          "Lets the token make security changes: the password, the email address, two-factor " +
          "sign-in and its recovery codes (each still needs the user's password). Off by " +
          "default, so a leaked widget token cannot lock the user out; turn it on only for a " +
          "page where your site has just re-authenticated the user.",
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
    allowSecurityChanges: z.boolean().openapi({
      description: "Whether the token may make security changes (see the request).",
    }),
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
      operationId: "createPortalSession",
      tags,
      summary: "Open a short-lived customer session for an embedded widget",
      description:
        "Call it from your backend when your page shows Keyport widgets to a signed-in customer, " +
        "and hand the token to the page's `fetchToken()`. It works as a bearer token on the " +
        "Customer API until `expiresAt` (no idle limit) and answers 401 `SESSION_EXPIRED` after. " +
        "Security changes (password, email, two-factor sign-in) answer 403 " +
        "`SECURITY_CHANGES_NOT_ALLOWED` unless `allowSecurityChanges` is true. " +
        "An unknown `userId` answers 422 `UNKNOWN_REFERENCE`.",
      security,
      request: {
        body: jsonBody(PortalSessionCreateSchema, { userId: USER_EXAMPLE.id, ttlMinutes: 15 }),
      },
      responses: {
        201: json(PortalSessionSchema, "Created", {
          token: "kps_gVd2me3Tb2tb3x1JRgST3EpFfknmbsu29fyB6E6Fl1I",
          expiresAt: "2026-12-01T10:47:32.556Z",
          allowSecurityChanges: false,
          user: {
            id: USER_EXAMPLE.id,
            email: USER_EXAMPLE.email,
            accountId: USER_EXAMPLE.accountId,
            role: USER_EXAMPLE.role,
          },
        }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, {
          422: { UNKNOWN_REFERENCE: 'body.userId: no user "usr_01M8RJKNAXS1GGYBXZ0W4C0G7M".' },
        }),
      },
    }),
    async (c) => {
      const { userId, ttlMinutes, allowSecurityChanges = false } = c.req.valid("json");
      const lifetimeMs = ttlMinutes === undefined ? config.portalSessionMs : ttlMinutes * 60_000;
      const started = await startPortalSession(db, { userId, lifetimeMs, allowSecurityChanges });
      if (!started) throw unknownReference("body.userId", `no user "${userId}"`);
      const { user, session } = started;
      c.header("Cache-Control", "no-store");
      return c.json(
        {
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          allowSecurityChanges,
          user: { id: user.id, email: user.email, accountId: user.account_id, role: user.role },
        },
        201,
      );
    },
  );

  return app;
}
