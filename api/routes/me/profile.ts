import { updateUser } from "../../accounts/user-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  SESSION_SECURITY,
  z,
} from "../../http/openapi.ts";
import { notFound } from "../../http/problem.ts";
import {
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  ORIGIN_PROBLEMS,
  problems,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { sessionOf } from "../../http/session-auth.ts";
import { Locale, Name, TimeZone } from "../field-schemas.ts";
import { recordMyActivity } from "./me-shared.ts";
import { loadMe, ME_EXAMPLE, MeSchema } from "./profile-schemas.ts";

const tags = ["Profile & Security"];
const security = SESSION_SECURITY;

const ProfileUpdateSchema = z
  .object({ name: Name, timezone: TimeZone, locale: Locale })
  .partial()
  .strict()
  .openapi("ProfileUpdate");

/** `GET /v1/me` and `PATCH /v1/me`: who is signed in, and their name, time zone and language. */
export function meProfileRoutes(deps: AppDeps) {
  const { db } = deps;
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/me",
      operationId: "getMe",
      tags,
      summary: "The signed-in user and their account",
      description:
        "Who is signed in: name, email, role in the account, time zone, language and whether " +
        "two-factor sign-in is on.",
      security,
      responses: {
        200: json(MeSchema, "The signed-in user.", ME_EXAMPLE),
        ...problems(SESSION_PROBLEMS, notFoundProblem("user")),
      },
    }),
    async (c) => c.json(await loadMe(deps, sessionOf(c).userId), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/me",
      operationId: "updateMe",
      tags,
      summary: "Change name, time zone or language",
      description:
        "`timezone` is an IANA zone (`Europe/Berlin`, `UTC`); `locale` one the portal speaks.",
      security,
      request: { body: jsonBody(ProfileUpdateSchema, { timezone: "Europe/Berlin", locale: "de" }) },
      responses: {
        200: json(MeSchema, "The changed user.", {
          ...ME_EXAMPLE,
          timezone: "Europe/Berlin",
          locale: "de",
        }),
        ...problems(SESSION_PROBLEMS, ORIGIN_PROBLEMS, JSON_BODY_PROBLEMS, notFoundProblem("user")),
      },
    }),
    async (c) => {
      const { userId } = sessionOf(c);
      const patch = c.req.valid("json");
      const fields = Object.keys(patch);
      if (fields.length > 0) {
        await db.transaction().execute(async (trx) => {
          if (!(await updateUser(trx, userId, patch))) throw notFound("user");
          await recordMyActivity(trx, c, "profile.updated", { fields });
        });
      }
      return c.json(await loadMe(deps, userId), 200);
    },
  );

  return app;
}
