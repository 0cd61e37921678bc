import { FINGERPRINT_PATTERN } from "../activations/activation-identifier.ts";
import { Timestamp, z } from "../http/openapi.ts";
import { LICENSE_STATUSES } from "../licenses/license-status.ts";
import { VALIDATION_CODES } from "../licensing/license-evaluation.ts";

const Key = z
  .string({ error: "must be a license key" })
  .max(64, "too long for a license key")
  .openapi({ example: "7XK2M-9QHTA-0B4WZ-DE5RN-P1C8F" });

export const Fingerprint = z
  .string({ error: "must be a string" })
  .max(256, "at most 256 characters")
  .regex(
    FINGERPRINT_PATTERN,
    "1–256 printable ASCII characters, not starting or ending with a space",
  )
  .openapi({
    description: "A stable identifier of the machine, 1–256 printable ASCII characters.",
    example: "4c1f0e9a7d3b2e6f",
  });

export const Domain = z
  .string({ error: "must be a string" })
  .max(300, "too long for a host name")
  .openapi({
    description:
      "The site's host name; stored lower case, without a trailing dot or a leading `www.`, IDN as punycode.",
    example: "shop.example.com",
  });

export const Version = z
  .string({ error: "must be a string" })
  .max(100, "too long for a version")
  .openapi({ description: "The running version, strict SemVer.", example: "2.3.1" });

const Label = z.string({ error: "must be a string" }).max(200, "at most 200 characters");

export const ActivateSchema = z
  .object({
    key: Key,
    fingerprint: Fingerprint.optional(),
    domain: Domain.optional(),
    name: Label.optional().openapi({
      description: "What the customer sees, e.g. the computer's name.",
    }),
    hostname: Label.optional(),
    platform: Label.optional().openapi({ example: "macOS 15.1 arm64" }),
    version: Version.optional(),
  })
  .strict()
  .openapi("LicensingActivate", { description: "Exactly one of `fingerprint` and `domain`." });

export const ValidateSchema = z
  .object({
    key: Key,
    fingerprint: Fingerprint.optional(),
    domain: Domain.optional(),
    version: Version.optional(),
    entitlements: z
      .array(z.string({ error: "must be a string" }).max(100, "at most 100 characters"), {
        error: "must be a list of entitlement codes",
      })
      .max(100, "at most 100 codes")
      .optional(),
    productId: z.string({ error: "must be a string" }).max(64, "too long for an id").optional(),
  })
  .strict()
  .openapi("LicensingValidate", { description: "At most one of `fingerprint` and `domain`." });

export const BindingSchema = z
  .object({ key: Key, fingerprint: Fingerprint.optional(), domain: Domain.optional() })
  .strict()
  .openapi("LicensingBinding", { description: "Exactly one of `fingerprint` and `domain`." });

export const LicensingAnswerSchema = z
  .object({
    valid: z.boolean(),
    code: z.enum(VALIDATION_CODES),
    detail: z.string(),
    activation: z
      .object({
        id: z.string(),
        kind: z.enum(["machine", "domain"]),
        name: z.string().nullable(),
        createdAt: Timestamp,
        lastSeenAt: Timestamp,
        deactivatedAt: Timestamp.nullable(),
      })
      .optional(),
    license: z
      .object({
        id: z.string(),
        status: z.enum(LICENSE_STATUSES),
        expiresAt: Timestamp.nullable(),
        maintenanceExpiresAt: Timestamp.nullable(),
        entitlements: z.array(z.string()),
      })
      .optional(),
  })
  .openapi("LicensingAnswer");
