import { getProfile, type Profile } from "../../accounts/profile-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import { Timestamp, z } from "../../http/openapi.ts";
import { notFound } from "../../http/problem.ts";
import { Locale, Role } from "../field-schemas.ts";

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

/** An example of `Me`: the demo's Olivia Owner of Northwind Studio. */
export const ME_EXAMPLE = {
  id: "usr_01M8RJKMW25CB221W39DFK43MA",
  email: "olivia.owner@example.com",
  name: "Olivia Owner",
  role: "owner",
  timezone: "Europe/London",
  locale: "en",
  twoFactorEnabled: false,
  account: { id: "acc_01M8RJKMNMW3AP3WZRS65SAPAM", name: "Northwind Studio", kind: "organization" },
  createdAt: "2026-12-01T10:32:34.434Z",
} as const;

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
