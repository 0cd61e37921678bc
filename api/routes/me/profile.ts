import { getProfile, type Profile } from "../../accounts/profile-service.ts";
import { updateUser } from "../../accounts/user-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  problemResponses,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { notFound } from "../../http/problem.ts";
import { sessionOf } from "../../http/session-auth.ts";
import { Locale, Role, TimeZone } from "../vendor/customers/user-schemas.ts";
import { Name } from "../vendor/schemas.ts";
import { meProblemResponses, recordMyActivity } from "./me-shared.ts";

const tags = ["Profile & Security"];
const security: Record<string, string[]>[] = [{ sessionCookie: [] }, { sessionBearer: [] }];

export const MeSchema = z
  .object({
    id: z.string().openapi({ example: "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    email: z.string(),
    name: z.string(),
    role: Role,
    timezone: z.string().openapi({ example: "Europe/Berlin" }),
    locale: Locale,
    twoFactorEnabled: z.boolean(),
    account: z.object({
      id: z.string().openapi({ example: "acc_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
      name: z.string(),
      kind: z.enum(["organization", "individual"]),
    }),
    createdAt: Timestamp,
  })
  .openapi("Me");

const ProfileUpdateSchema = z
  .object({ name: Name, timezone: TimeZone, locale: Locale })
  .partial()
  .strict()
  .openapi("ProfileUpdate");

export function meJson(profile: Profile) {
  return {
    id: profile.id,
    email: profile.email,
    name: profile.name,
    role: profile.role,
    timezone: profile.timezone,
    locale: profile.locale as z.infer<typeof Locale>,
    twoFactorEnabled: profile.twoFactorEnabled,
    account: profile.account,
    createdAt: profile.createdAt.toISOString(),
  };
}

/** The signed-in user; the session exists, so the user does too, but a race with deletion answers 404. */
export async function loadMe(deps: Pick<AppDeps, "db">, userId: string) {
  const profile = await getProfile(deps.db, userId);
  if (!profile) throw notFound("user");
  return meJson(profile);
}

/** `GET /v1/me` and `PATCH /v1/me`: who is signed in, and their name, time zone and language. */
export function meProfileRoutes(deps: AppDeps) {
  const { db } = deps;
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags,
      summary: "The signed-in user and their account",
      security,
      responses: { 200: json(MeSchema), ...problemResponses },
    }),
    async (c) => c.json(await loadMe(deps, sessionOf(c).userId), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags,
      summary: "Change name, time zone or language",
      description:
        "`timezone` is an IANA zone (`Europe/Berlin`, `UTC`); `locale` one the portal speaks.",
      security,
      request: { body: jsonBody(ProfileUpdateSchema) },
      responses: { 200: json(MeSchema), ...problemResponses, 415: meProblemResponses[415] },
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
