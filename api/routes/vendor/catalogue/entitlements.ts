import {
  createEntitlement,
  getEntitlement,
  listEntitlements,
  updateEntitlement,
} from "../../../catalogue/entitlement-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import type { Entitlement } from "../../../db/schema.ts";
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
import { Name } from "../../field-schemas.ts";
import { CURSOR_EXAMPLE, ENTITLEMENT_EXAMPLE } from "../examples.ts";

const tags = ["Entitlements"];
const security = VENDOR_SECURITY;

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
      operationId: "createEntitlement",
      tags,
      summary: "Create an entitlement (a feature flag)",
      description:
        "A feature flag policies grant and licenses carry; the software asks for it by `code` " +
        "in validate (`entitlements`), and assets can require it. The code is unique and never " +
        "changes.",
      security,
      request: {
        body: jsonBody(EntitlementCreateSchema, {
          code: ENTITLEMENT_EXAMPLE.code,
          name: ENTITLEMENT_EXAMPLE.name,
        }),
      },
      responses: {
        201: json(EntitlementSchema, "Created", ENTITLEMENT_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, {
          409: { CONFLICT: 'body.code: "cloud-sync" is already taken.' },
        }),
      },
    }),
    async (c) => c.json(entitlementJson(await createEntitlement(db, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/entitlements",
      operationId: "listEntitlements",
      tags,
      summary: "List entitlements, newest first",
      description: "Every entitlement, newest first.",
      security,
      request: { query: PageQuery },
      responses: {
        200: json(
          pageOf(EntitlementSchema, "EntitlementPage"),
          "A page of entitlements.",
          pageExample([ENTITLEMENT_EXAMPLE], CURSOR_EXAMPLE),
        ),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS),
      },
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
      operationId: "getEntitlement",
      tags,
      summary: "Get an entitlement",
      description: "One entitlement by id; an unknown or malformed id answers 404.",
      security,
      request: { params: idParam("ent") },
      responses: {
        200: json(EntitlementSchema, "The entitlement.", ENTITLEMENT_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("entitlement")),
      },
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
      operationId: "updateEntitlement",
      tags,
      summary: "Rename an entitlement",
      description: "Only `name` can change; `code` is immutable.",
      security,
      request: {
        params: idParam("ent"),
        body: jsonBody(EntitlementUpdateSchema, { name: "Cloud sync and backup" }),
      },
      responses: {
        200: json(EntitlementSchema, "The renamed entitlement.", {
          ...ENTITLEMENT_EXAMPLE,
          name: "Cloud sync and backup",
        }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, notFoundProblem("entitlement")),
      },
    }),
    async (c) => {
      const row = await updateEntitlement(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("entitlement");
      return c.json(entitlementJson(row), 200);
    },
  );

  return app;
}
