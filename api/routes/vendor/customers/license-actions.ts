import type { AppDeps } from "../../../core/deps.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  ProblemSchema,
  problemResponses,
} from "../../../http/openapi.ts";
import { notFound } from "../../../http/problem.ts";
import {
  assignLicenseUsers,
  reinstateLicense,
  renewLicense,
  revokeLicense,
  suspendLicense,
} from "../../../licenses/license-action-service.ts";
import type { LicenseRecord } from "../../../licenses/license-service.ts";
import { licenseJson } from "./license-json.ts";
import { LicenseRenewSchema, LicenseSchema, LicenseUsersSchema } from "./license-schemas.ts";

const tags = ["Licenses"];

const stateConflict = {
  409: {
    description: "The license's state does not allow this (`INVALID_STATE`), e.g. it is revoked.",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
} as const;

const responses = { 200: json(LicenseSchema), ...problemResponses, ...stateConflict };

/** Suspend, reinstate, revoke, renew and user assignment; each is recorded in activity. */
export function licenseActionRoutes({ db, keys }: AppDeps) {
  const app = createRouter();
  const answer = (row: LicenseRecord | null) => {
    if (!row) throw notFound("license");
    return licenseJson(keys, row);
  };

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/suspend",
      tags,
      summary: "Suspend a license",
      description:
        "The license stops validating until reinstated. Suspending a suspended license " +
        "changes nothing; a revoked one answers 409.",
      request: { params: idParam("lic") },
      responses,
    }),
    async (c) => c.json(answer(await suspendLicense(db, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/reinstate",
      tags,
      summary: "Lift a suspension",
      description: "A revoked license cannot be reinstated (409 `INVALID_STATE`).",
      request: { params: idParam("lic") },
      responses,
    }),
    async (c) => c.json(answer(await reinstateLicense(db, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/revoke",
      tags,
      summary: "Revoke a license for good",
      description: "Terminal. Revoking a revoked license changes nothing.",
      request: { params: idParam("lic") },
      responses,
    }),
    async (c) => c.json(answer(await revokeLicense(db, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/renew",
      tags,
      summary: "Renew a license",
      description:
        "Extends `expiresAt` and `maintenanceExpiresAt` by `days` (default: the policy's " +
        "duration), each from the later of now and its current end. A suspended license " +
        "stays suspended; a revoked or never-expiring one answers 409.",
      request: {
        params: idParam("lic"),
        body: { ...jsonBody(LicenseRenewSchema), required: false },
      },
      responses,
    }),
    async (c) => {
      const { days } = c.req.valid("json");
      return c.json(answer(await renewLicense(db, c.req.valid("param").id, { days })), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/licenses/{id}/users",
      tags,
      summary: "Replace the users assigned to a license",
      description: "Every user must belong to the license's account. An empty list unassigns all.",
      request: { params: idParam("lic"), body: jsonBody(LicenseUsersSchema) },
      responses,
    }),
    async (c) => {
      const { userIds } = c.req.valid("json");
      return c.json(answer(await assignLicenseUsers(db, c.req.valid("param").id, userIds)), 200);
    },
  );

  return app;
}
