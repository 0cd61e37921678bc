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
  VENDOR_SECURITY,
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
import {
  createLicense,
  getLicense,
  listLicenses,
  updateLicense,
} from "../../../licenses/license-service.ts";
import { CURSOR_EXAMPLE, LICENSE_EXAMPLE } from "../examples.ts";
import { licenseActionRoutes } from "./license-actions.ts";
import {
  LicenseCreateSchema,
  LicenseListQuery,
  LicenseSchema,
  LicenseUpdateSchema,
  licenseJson,
  toDate,
} from "./license-schemas.ts";

const tags = ["Licenses"];
const security = VENDOR_SECURITY;

export function licenseRoutes(deps: AppDeps) {
  const { db, keys } = deps;
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses",
      operationId: "createLicense",
      tags,
      summary: "Issue a license",
      description:
        "Generates the key, copies the policy's entitlements unless given, assigns the " +
        "users and records `license.created` in the account's activity.",
      security,
      request: {
        body: jsonBody(LicenseCreateSchema, {
          accountId: LICENSE_EXAMPLE.accountId,
          policyId: LICENSE_EXAMPLE.policyId,
          name: LICENSE_EXAMPLE.name,
          userIds: LICENSE_EXAMPLE.userIds,
        }),
      },
      responses: {
        201: json(LicenseSchema, "Created", LICENSE_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, {
          422: {
            UNKNOWN_REFERENCE:
              "body.policyId: no such policy (or `accountId`, an entitlement code, or a user not of the account).",
          },
        }),
      },
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
      operationId: "listLicenses",
      tags,
      summary: "List licenses, newest first",
      description:
        "Every license, newest first, with its full key; filter by account, product or " +
        "derived status.",
      security,
      request: { query: PageQuery.extend(LicenseListQuery.shape) },
      responses: {
        200: json(
          pageOf(LicenseSchema, "LicensePage"),
          "A page of licenses.",
          pageExample([LICENSE_EXAMPLE], CURSOR_EXAMPLE),
        ),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS),
      },
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
      operationId: "getLicense",
      tags,
      summary: "Get a license",
      description: "One license by id, with its full key; an unknown or malformed id answers 404.",
      security,
      request: { params: idParam("lic") },
      responses: {
        200: json(LicenseSchema, "The license.", LICENSE_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("license")),
      },
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
      operationId: "updateLicense",
      tags,
      summary: "Update a license",
      description:
        "`entitlements` replaces the license's entitlements. Recorded as `license.updated`.",
      security,
      request: {
        params: idParam("lic"),
        body: jsonBody(LicenseUpdateSchema, { maxMachines: 5 }),
      },
      responses: {
        200: json(LicenseSchema, "The changed license.", {
          ...LICENSE_EXAMPLE,
          maxMachines: 5,
          overrides: { maxMachines: 5, maxDomains: null },
        }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, notFoundProblem("license"), {
          422: { UNKNOWN_REFERENCE: 'body.entitlements: unknown entitlement "cloud-synk".' },
        }),
      },
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
