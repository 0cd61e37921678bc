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
  createLicense,
  getLicense,
  listLicenses,
  updateLicense,
} from "../../../licenses/license-service.ts";
import { licenseActionRoutes } from "./license-actions.ts";
import { licenseJson } from "./license-json.ts";
import {
  LicenseCreateSchema,
  LicenseListQuery,
  LicenseSchema,
  LicenseUpdateSchema,
  toDate,
} from "./license-schemas.ts";

const tags = ["Licenses"];

export function licenseRoutes(deps: AppDeps) {
  const { db, keys } = deps;
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses",
      tags,
      summary: "Issue a license",
      description:
        "Generates the key, copies the policy's entitlements unless given, assigns the " +
        "users and records `license.created` in the account's activity.",
      request: { body: jsonBody(LicenseCreateSchema) },
      responses: { 201: json(LicenseSchema, "Created"), ...problemResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const row = await createLicense(db, keys, {
        ...body,
        expiresAt: toDate(body.expiresAt),
        maintenanceExpiresAt: toDate(body.maintenanceExpiresAt),
      });
      return c.json(licenseJson(keys, row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/licenses",
      tags,
      summary: "List licenses, newest first",
      request: { query: PageQuery.extend(LicenseListQuery.shape) },
      responses: { 200: json(pageOf(LicenseSchema, "LicensePage")), ...problemResponses },
    }),
    async (c) => {
      const { cursor, limit, ...filters } = c.req.valid("query");
      const rows = await listLicenses(db, { after: decodeCursor(cursor), limit, ...filters });
      return c.json(
        toPage(rows, limit, (row) => licenseJson(keys, row)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/licenses/{id}",
      tags,
      summary: "Get a license",
      request: { params: idParam("lic") },
      responses: { 200: json(LicenseSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await getLicense(db, c.req.valid("param").id);
      if (!row) throw notFound("license");
      return c.json(licenseJson(keys, row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/licenses/{id}",
      tags,
      summary: "Update a license",
      description:
        "`entitlements` replaces the license's entitlements. Recorded as `license.updated`.",
      request: { params: idParam("lic"), body: jsonBody(LicenseUpdateSchema) },
      responses: { 200: json(LicenseSchema), ...problemResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const row = await updateLicense(db, c.req.valid("param").id, {
        ...body,
        expiresAt: toDate(body.expiresAt),
        maintenanceExpiresAt: toDate(body.maintenanceExpiresAt),
      });
      if (!row) throw notFound("license");
      return c.json(licenseJson(keys, row), 200);
    },
  );

  app.route("/", licenseActionRoutes(deps));
  return app;
}
