import { isTimeZone, LOCALES } from "../../../accounts/user-preferences.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../../credentials/password.ts";
import { PageQuery, Timestamp, z } from "../../../http/openapi.ts";
import { Name } from "../schemas.ts";

/** An address, trimmed and lower-cased: the one spelling stored and compared. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "at most 254 characters")
  .email("must be an email address")
  .openapi({ example: "ada@example.com", description: "Stored trimmed and in lower case." });

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

export const TimeZone = z
  .string()
  .max(64, "at most 64 characters")
  .refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin or UTC")
  .openapi({ example: "Europe/Berlin" });

export const Locale = z.enum(LOCALES).openapi({ description: "The portal language." });

export const Role = z.enum(["owner", "admin", "member"]).openapi({
  description:
    "`owner` and `admin` see everything of their account; a `member` sees the licenses " +
    "assigned to them. An account keeps at least one owner.",
});

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
