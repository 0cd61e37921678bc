import {
  createPolicy,
  getPolicy,
  listPolicies,
  type PolicyRecord,
  updatePolicy,
} from "../../../catalogue/policy-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  PageQuery,
  pageExample,
  pageOf,
  Timestamp,
  VENDOR_SECURITY,
  z,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { notFound } from "../../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  problems,
  VENDOR_KEY_PROBLEMS,
} from "../../../http/problem-responses.ts";
import { Count, EntitlementCodes, Name } from "../../field-schemas.ts";
import { CURSOR_EXAMPLE, POLICY_EXAMPLE } from "../examples.ts";

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

const PolicyCreateSchema = z
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
const PolicyUpdateSchema = z.object(policyFields).partial().strict().openapi("PolicyUpdate");

const PolicySchema = z
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

const PolicyListQuery = z.object({
  productId: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: "Only this product's policies." }),
});

const tags = ["Policies"];
const security = VENDOR_SECURITY;
const unknownEntitlement = {
  422: { UNKNOWN_REFERENCE: 'body.entitlements: unknown entitlement "cloud-synk".' },
};

export function policyJson(row: PolicyRecord) {
  return {
    id: row.id,
    productId: row.product_id,
    name: row.name,
    maxMachines: row.max_machines,
    maxDomains: row.max_domains,
    durationDays: row.duration_days,
    expirationStrategy: row.expiration_strategy,
    heartbeatSeconds: row.heartbeat_seconds,
    deactivationLimit: row.deactivation_limit,
    deactivationWindowDays: row.deactivation_window_days,
    protected: row.protected,
    entitlements: row.entitlements,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function policyRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/policies",
      operationId: "createPolicy",
      tags,
      summary: "Create a policy",
      description:
        "The rules a product's licenses follow: machine and domain limits, duration, what " +
        "happens at expiry (`expirationStrategy`), heartbeats and the customers' deactivation " +
        "limit. An unknown `productId` or entitlement code answers 422 `UNKNOWN_REFERENCE`.",
      security,
      request: {
        body: jsonBody(PolicyCreateSchema, {
          productId: POLICY_EXAMPLE.productId,
          name: POLICY_EXAMPLE.name,
          maxMachines: 3,
          maxDomains: 0,
          durationDays: 365,
          expirationStrategy: "restrict",
          deactivationLimit: 3,
          entitlements: ["cloud-sync", "pro"],
        }),
      },
      responses: {
        201: json(PolicySchema, "Created", POLICY_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, {
          422: {
            UNKNOWN_REFERENCE:
              "body.productId: no such product (or `body.entitlements`: an unknown code).",
          },
        }),
      },
    }),
    async (c) => c.json(policyJson(await createPolicy(db, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/policies",
      operationId: "listPolicies",
      tags,
      summary: "List policies, newest first",
      description: "Every policy, newest first; `productId` keeps one product's.",
      security,
      request: { query: PageQuery.extend(PolicyListQuery.shape) },
      responses: {
        200: json(
          pageOf(PolicySchema, "PolicyPage"),
          "A page of policies.",
          pageExample([POLICY_EXAMPLE], CURSOR_EXAMPLE),
        ),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS),
      },
    }),
    async (c) => {
      const { cursor, limit, productId } = c.req.valid("query");
      const rows = await listPolicies(db, { after: decodeCursor(cursor), limit, productId });
      return c.json(toPage(rows, limit, policyJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/policies/{id}",
      operationId: "getPolicy",
      tags,
      summary: "Get a policy",
      description: "One policy by id; an unknown or malformed id answers 404.",
      security,
      request: { params: idParam("pol") },
      responses: {
        200: json(PolicySchema, "The policy.", POLICY_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("policy")),
      },
    }),
    async (c) => {
      const row = await getPolicy(db, c.req.valid("param").id);
      if (!row) throw notFound("policy");
      return c.json(policyJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/policies/{id}",
      operationId: "updatePolicy",
      tags,
      summary: "Update a policy",
      description:
        "Changes apply to every license under the policy at once, except the default " +
        "entitlements, which new licenses copy. The product cannot change.",
      security,
      request: {
        params: idParam("pol"),
        body: jsonBody(PolicyUpdateSchema, { maxMachines: 5 }),
      },
      responses: {
        200: json(PolicySchema, "The changed policy.", { ...POLICY_EXAMPLE, maxMachines: 5 }),
        ...problems(
          VENDOR_KEY_PROBLEMS,
          JSON_BODY_PROBLEMS,
          notFoundProblem("policy"),
          unknownEntitlement,
        ),
      },
    }),
    async (c) => {
      const row = await updatePolicy(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("policy");
      return c.json(policyJson(row), 200);
    },
  );

  return app;
}
