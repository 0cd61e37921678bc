import { isLocale, type Locale as LocaleCode } from "../../../accounts/user-preferences.ts";
import type { User } from "../../../db/schema.ts";
import { PageQuery, Timestamp, z } from "../../../http/openapi.ts";
import { Email, Locale, Name, Password, Role, TimeZone } from "../../field-schemas.ts";

const AccountId = z
  .string()
  .max(64, "at most 64 characters")
  .openapi({ example: "acc_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" });

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    accountId: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    timezone: z.string(),
    locale: Locale,
    twoFactorEnabled: z.boolean(),
    passwordSet: z.boolean().openapi({ description: "Whether the user can sign in yet." }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("User");

export const UserCreateSchema = z
  .object({
    accountId: AccountId,
    email: Email,
    name: Name,
    role: Role,
    password: Password.optional().openapi({
      description:
        "Sets the first password (stored only as an argon2id hash). Without one the user " +
        "cannot sign in until they set a password through the invitation mail (or a reset).",
    }),
    timezone: TimeZone.optional().openapi({ description: "IANA zone; default `UTC`." }),
    locale: Locale.optional().openapi({ description: "Default `en`." }),
    sendInvitation: z
      .boolean({ error: "must be true or false" })
      .optional()
      .openapi({
        description:
          "Mail the user an invitation link (valid 7 days) to choose their password. " +
          "Default: `true` without `password`, `false` with one (and `true` with a " +
          "password answers 422).",
      }),
  })
  .strict()
  .openapi("UserCreate");

export const InvitationSchema = z
  .object({
    email: z.string().openapi({ description: "Where the invitation went." }),
    expiresAt: Timestamp.openapi({ description: "When the link stops working." }),
  })
  .openapi("Invitation");

export const UserUpdateSchema = z
  .object({
    name: Name,
    role: Role,
    timezone: TimeZone,
    locale: Locale,
    email: Email,
  })
  .partial()
  .strict()
  .openapi("UserUpdate");

export const UserListQuery = PageQuery.extend({
  accountId: z
    .string()
    .regex(/^acc_[0-9A-HJKMNP-TV-Z]{26}$/, "must be an account id (acc_…)")
    .optional()
    .openapi({ description: "Only users of this account." }),
});

/** The public view of a user: never the password hash or the TOTP secret. */
export function userJson(row: User) {
  return {
    id: row.id,
    accountId: row.account_id,
    email: row.email,
    name: row.name,
    role: row.role,
    timezone: row.timezone,
    locale: (isLocale(row.locale) ? row.locale : "en") satisfies LocaleCode,
    twoFactorEnabled: row.totp_enabled_at !== null,
    passwordSet: row.password_hash !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
