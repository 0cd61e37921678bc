import {
  createEntitlement,
  getEntitlement,
  listEntitlements,
  updateEntitlement,
} from "../../../catalogue/entitlement-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import type { Entitlement } from "../../../db/schema.ts";
import {
  conflictResponse,
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  PageQuery,
  pageOf,
  problemResponses,
  Timestamp,
  z,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { notFound } from "../../../http/problem.ts";
import { Name } from "../schemas.ts";

const tags = ["Entitlements"];

export const EntitlementCode = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_.-]{0,63}$/,
    "1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit",
  )
  .openapi({ example: "export.pdf" });

export const EntitlementSchema = z
  .object({
    id: z.string().openapi({ example: "ent_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    code: z.string(),
    name: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Entitlement");

export const EntitlementCreateSchema = z
  .object({
    code: EntitlementCode.openapi({
      description:
        "The feature code the software checks and policies, licenses and assets refer to. " +
        "Unique, and immutable once created.",
    }),
    name: Name,
  })
  .strict()
  .openapi("EntitlementCreate");

export const EntitlementUpdateSchema = z
  .object({ name: Name })
  .partial()
  .strict()
  .openapi("EntitlementUpdate", {
    description: "Only the name changes; the `code` is immutable (create a new entitlement).",
  });

export function entitlementJson(row: Entitlement) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function entitlementRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/entitlements",
      tags,
      summary: "Create an entitlement (a feature flag)",
      request: { body: jsonBody(EntitlementCreateSchema) },
      responses: {
        201: json(EntitlementSchema, "Created"),
        ...problemResponses,
        ...conflictResponse,
      },
    }),
    async (c) => c.json(entitlementJson(await createEntitlement(db, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/entitlements",
      tags,
      summary: "List entitlements, newest first",
      request: { query: PageQuery },
      responses: { 200: json(pageOf(EntitlementSchema, "EntitlementPage")), ...problemResponses },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const rows = await listEntitlements(db, { after: decodeCursor(cursor), limit });
      return c.json(toPage(rows, limit, entitlementJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/entitlements/{id}",
      tags,
      summary: "Get an entitlement",
      request: { params: idParam("ent") },
      responses: { 200: json(EntitlementSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await getEntitlement(db, c.req.valid("param").id);
      if (!row) throw notFound("entitlement");
      return c.json(entitlementJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/entitlements/{id}",
      tags,
      summary: "Rename an entitlement",
      description: "Only `name` can change; `code` is immutable.",
      request: { params: idParam("ent"), body: jsonBody(EntitlementUpdateSchema) },
      responses: { 200: json(EntitlementSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await updateEntitlement(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("entitlement");
      return c.json(entitlementJson(row), 200);
    },
  );

  return app;
}
