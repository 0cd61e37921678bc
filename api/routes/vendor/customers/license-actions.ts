import type { AppDeps } from "../../../core/deps.ts";
import {
  createRoute,
  createRouter,
  type Example,
  idParam,
  json,
  jsonBody,
  VENDOR_SECURITY,
  type z,
} from "../../../http/openapi.ts";
import { notFound } from "../../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  type ProblemSet,
  problems,
  VENDOR_KEY_PROBLEMS,
} from "../../../http/problem-responses.ts";
import {
  assignLicenseUsers,
  reinstateLicense,
  renewLicense,
  revokeLicense,
  suspendLicense,
} from "../../../licenses/license-action-service.ts";
import type { LicenseRecord } from "../../../licenses/license-service.ts";
import { LICENSE_EXAMPLE } from "../examples.ts";
import {
  LicenseRenewSchema,
  LicenseSchema,
  LicenseUsersSchema,
  licenseJson,
} from "./license-schemas.ts";

const tags = ["Licenses"];

const security = VENDOR_SECURITY;

/** The answers of an action: the license as it is now, or why not. */
const answers = (
  example: Partial<Example<z.output<typeof LicenseSchema>>>,
  ...sets: ProblemSet[]
) => ({
  200: json(LicenseSchema, "The license as it is now.", { ...LICENSE_EXAMPLE, ...example }),
  ...problems(VENDOR_KEY_PROBLEMS, notFoundProblem("license"), ...sets),
});
const revoked = (detail: string) => ({ 409: { INVALID_STATE: detail } });

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
      operationId: "suspendLicense",
      tags,
      summary: "Suspend a license",
      description:
        "The license stops validating until reinstated. Suspending a suspended license " +
        "changes nothing; a revoked one answers 409.",
      security,
      request: { params: idParam("lic") },
      responses: answers(
        { status: "suspended", suspendedAt: "2026-12-01T10:40:12.118Z" },
        INPUT_PROBLEMS,
        revoked("path.id: the license is revoked."),
      ),
    }),
    async (c) => c.json(answer(await suspendLicense(db, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/reinstate",
      operationId: "reinstateLicense",
      tags,
      summary: "Lift a suspension",
      description: "A revoked license cannot be reinstated (409 `INVALID_STATE`).",
      security,
      request: { params: idParam("lic") },
      responses: answers(
        {},
        INPUT_PROBLEMS,
        revoked("path.id: the license is revoked; a revoked license cannot be reinstated."),
      ),
    }),
    async (c) => c.json(answer(await reinstateLicense(db, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/revoke",
      operationId: "revokeLicense",
      tags,
      summary: "Revoke a license for good",
      description: "Terminal. Revoking a revoked license changes nothing.",
      security,
      request: { params: idParam("lic") },
      responses: answers(
        { status: "revoked", revokedAt: "2026-12-01T10:40:12.118Z" },
        INPUT_PROBLEMS,
      ),
    }),
    async (c) => c.json(answer(await revokeLicense(db, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/renew",
      operationId: "renewLicense",
      tags,
      summary: "Renew a license",
      description:
        "Extends `expiresAt` and `maintenanceExpiresAt` by `days` (default: the policy's " +
        "duration), each from the later of now and its current end. A suspended license " +
        "stays suspended; a revoked or never-expiring one answers 409.",
      security,
      request: {
        params: idParam("lic"),
        body: jsonBody(LicenseRenewSchema, { days: 365 }, { required: false }),
      },
      responses: answers(
        { expiresAt: "2028-12-01T10:32:32.503Z", maintenanceExpiresAt: "2028-12-01T10:32:32.503Z" },
        JSON_BODY_PROBLEMS,
        {
          409: {
            INVALID_STATE: "path.id: a revoked license cannot be renewed (or it never expires).",
          },
          422: { VALIDATION_FAILED: "body.days: required: the license's policy has no duration." },
        },
      ),
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
      operationId: "setLicenseUsers",
      tags,
      summary: "Replace the users assigned to a license",
      description: "Every user must belong to the license's account. An empty list unassigns all.",
      security,
      request: {
        params: idParam("lic"),
        body: jsonBody(LicenseUsersSchema, { userIds: LICENSE_EXAMPLE.userIds }),
      },
      responses: answers({}, JSON_BODY_PROBLEMS, {
        422: {
          UNKNOWN_REFERENCE:
            'body.userIds: "usr_01M8RJKNAXS1GGYBXZ0W4C0G7M" is not a user of this account.',
        },
      }),
    }),
    async (c) => {
      const { userIds } = c.req.valid("json");
      return c.json(answer(await assignLicenseUsers(db, c.req.valid("param").id, userIds)), 200);
    },
  );

  return app;
}
