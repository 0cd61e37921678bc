import { isTimeZone, LOCALES } from "../accounts/user-preferences.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../credentials/password.ts";
import { z } from "../http/openapi.ts";

/*
 * Fields that the schemas of several resources, in both APIs, are made of. A
 * resource's own schemas stay with its routes (see docs/development.md, "Where a
 * route's schemas live").
 */

/** Trimmed, non-empty, bounded text: what every name field accepts. */
export const Name = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "at most 200 characters");

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

/** A count of things a license may hold (machines, domains, deactivations). */
export const Count = z
  .number()
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(1_000_000, "at most 1000000");

/** Entitlement codes; each must exist. */
export const EntitlementCodes = z
  .array(z.string().min(1, "must not be empty").max(100, "at most 100 characters"))
  .max(100, "at most 100 entitlements")
  .openapi({ example: ["sso", "export.pdf"] });

/** A password someone types to prove it is them: any length the policy could have allowed. */
export const CurrentPassword = z
  .string()
  .min(1, "must not be empty")
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);
