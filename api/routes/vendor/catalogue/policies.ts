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
  pageOf,
  problemResponses,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { notFound } from "../../../http/problem.ts";
import {
  PolicyCreateSchema,
  PolicyListQuery,
  PolicySchema,
  PolicyUpdateSchema,
} from "./policy-schemas.ts";

const tags = ["Policies"];

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
      tags,
      summary: "Create a policy",
      request: { body: jsonBody(PolicyCreateSchema) },
      responses: { 201: json(PolicySchema, "Created"), ...problemResponses },
    }),
    async (c) => c.json(policyJson(await createPolicy(db, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/policies",
      tags,
      summary: "List policies, newest first",
      request: { query: PageQuery.extend(PolicyListQuery.shape) },
      responses: { 200: json(pageOf(PolicySchema, "PolicyPage")), ...problemResponses },
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
      tags,
      summary: "Get a policy",
      request: { params: idParam("pol") },
      responses: { 200: json(PolicySchema), ...problemResponses },
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
      tags,
      summary: "Update a policy",
      description:
        "Changes apply to every license under the policy at once, except the default " +
        "entitlements, which new licenses copy. The product cannot change.",
      request: { params: idParam("pol"), body: jsonBody(PolicyUpdateSchema) },
      responses: { 200: json(PolicySchema), ...problemResponses },
    }),
    async (c) => {
      const row = await updatePolicy(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("policy");
      return c.json(policyJson(row), 200);
    },
  );

  return app;
}
