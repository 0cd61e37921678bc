import { Timestamp, z } from "../../../http/openapi.ts";
import { Name } from "../schemas.ts";

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

const ExpirationStrategy = z.enum(["revoke", "restrict", "maintain", "allow"]).openapi({
  description:
    "What expiry means: `revoke` invalid; `restrict` valid for versions released before expiry, " +
    "no newer downloads; `maintain` like restrict, no download of any later release; " +
    "`allow` expiry only informs.",
});

const policyFields = {
  name: Name,
  maxMachines: Count,
  maxDomains: Count,
  durationDays: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(36_500, "at most 36500")
    .nullable()
    .openapi({ description: "Days a new license runs; `null` for perpetual licenses." }),
  expirationStrategy: ExpirationStrategy,
  heartbeatSeconds: z
    .number()
    .int("must be a whole number")
    .min(60, "must be at least 60")
    .max(2_592_000, "at most 2592000 (30 days)")
    .nullable()
    .openapi({ description: "Expected heartbeat interval; `null` turns heartbeats off." }),
  deactivationLimit: Count.nullable().openapi({
    description: "Customer deactivations per window; `null` for unlimited.",
  }),
  deactivationWindowDays: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(3650, "at most 3650")
    .openapi({ description: "The rolling window of `deactivationLimit`. Default 30." }),
  protected: z
    .boolean()
    .openapi({ description: "Customers cannot deactivate activations. Default false." }),
  entitlements: EntitlementCodes.openapi({
    description: "Codes of the entitlements new licenses get by default.",
  }),
};

export const PolicyCreateSchema = z
  .object({
    productId: z.string().min(1).max(64),
    ...policyFields,
    durationDays: policyFields.durationDays.optional(),
    heartbeatSeconds: policyFields.heartbeatSeconds.optional(),
    deactivationLimit: policyFields.deactivationLimit.optional(),
    deactivationWindowDays: policyFields.deactivationWindowDays.optional(),
    protected: policyFields.protected.optional(),
    entitlements: policyFields.entitlements.optional(),
  })
  .strict()
  .openapi("PolicyCreate");

/** The product is fixed for life, so it is not accepted here. */
export const PolicyUpdateSchema = z.object(policyFields).partial().strict().openapi("PolicyUpdate");

export const PolicySchema = z
  .object({
    id: z.string().openapi({ example: "pol_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    productId: z.string(),
    name: z.string(),
    maxMachines: z.number().int(),
    maxDomains: z.number().int(),
    durationDays: z.number().int().nullable(),
    expirationStrategy: ExpirationStrategy,
    heartbeatSeconds: z.number().int().nullable(),
    deactivationLimit: z.number().int().nullable(),
    deactivationWindowDays: z.number().int(),
    protected: z.boolean(),
    entitlements: z.array(z.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Policy");

export const PolicyListQuery = z.object({
  productId: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: "Only this product's policies." }),
});
