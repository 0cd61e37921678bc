import { consumeThrottle } from "../../auth/throttle-service.ts";
import { describePolicyRules } from "../../catalogue/policy-rules.ts";
import type { AppDeps } from "../../core/deps.ts";
import type { Wording } from "../../core/sentence-catalogue.ts";
import { HOUR_MS } from "../../core/time.ts";
import { clientIp } from "../../http/client-ip.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  PageQuery,
  pageExample,
  pageOf,
  SESSION_SECURITY,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { decodeCursor, toPage } from "../../http/pagination.ts";
import { notFound, ProblemError } from "../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  notFoundProblem,
  ORIGIN_PROBLEMS,
  problems,
  rateLimitProblem,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { localized, wordingOf } from "../../http/request-wording.ts";
import { callerOf } from "../../http/session-auth.ts";
import {
  type CustomerLicenseDetail,
  type CustomerLicenseRow,
  getCustomerLicense,
  listCustomerLicenses,
  listLicenseValidations,
  revealLicenseKey,
} from "../../licenses/customer-license-service.ts";
import { effectiveLimit } from "../../licenses/effective-limits.ts";
import { maskLicenseKey } from "../../licenses/license-key.ts";
import { deriveLicenseStatus, LICENSE_STATUSES } from "../../licenses/license-status.ts";

const tags = ["My Licenses"];
const security = SESSION_SECURITY;
/** Key reveals per user per hour. */
const KEY_REVEAL_RULE = { limit: 20, windowMs: HOUR_MS, blockMs: HOUR_MS };

const Usage = z.object({ used: z.number().int(), total: z.number().int() });

const LicenseSchema = z
  .object({
    id: z.string().openapi({ example: "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    name: z.string(),
    product: z.object({ id: z.string(), name: z.string() }),
    status: z.enum(LICENSE_STATUSES),
    keyMasked: z.string().openapi({ example: "•••••-•••••-•••••-•••••-P1C8F" }),
    expiresAt: Timestamp.nullable(),
    maintenanceExpiresAt: Timestamp.nullable(),
    machines: Usage.openapi({ description: "Active machines and how many the license allows." }),
    domains: Usage,
    createdAt: Timestamp,
  })
  .openapi("MyLicense");

const LicenseDetailSchema = LicenseSchema.extend({
  policy: z.object({
    name: z.string(),
    expirationStrategy: z.enum(["revoke", "restrict", "maintain", "allow"]),
    protected: z.boolean().openapi({
      description:
        "Customers cannot deactivate this license's machines or domains themselves; support can.",
    }),
    rules: z.array(z.string()).openapi({
      example: ["Up to 3 machines at a time.", "It keeps working after it expires."],
    }),
  }),
  entitlements: z.array(z.object({ code: z.string(), name: z.string() })),
  assignedUsers: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
  heartbeatSeconds: z.number().int().nullable(),
  deactivations: z.object({
    limit: z.number().int().nullable().openapi({ description: "`null`: no limit." }),
    windowDays: z.number().int(),
    usedInWindow: z.number().int(),
    left: z
      .number()
      .int()
      .nullable()
      .openapi({
        description:
          "Customer deactivations still allowed in the rolling window; `null`: no limit. " +
          "A protected policy refuses them whatever this says (see `policy.protected`).",
      }),
    nextAllowedAt: Timestamp.nullable().openapi({
      description:
        "Only when `left` is 0: when the oldest counted deactivation leaves the window and the " +
        "next one is allowed. `null` otherwise, and when the limit is 0 (never).",
    }),
  }),
}).openapi("MyLicenseDetail");

const ValidationSchema = z
  .object({
    id: z.string(),
    code: z.string().openapi({ example: "VALID" }),
    valid: z.boolean(),
    fingerprint: z.string().nullable(),
    domain: z.string().nullable(),
    version: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: Timestamp,
    activationId: z.string().nullable(),
  })
  .openapi("MyLicenseValidation");

const ListQuery = PageQuery.extend({
  status: z.enum(LICENSE_STATUSES).optional(),
  productId: z.string().max(64).optional(),
  q: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "Part of the license or product name, or the key's last characters." }),
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);

// Examples, shaped like the demo's Acme Studio licenses of Northwind Studio.
const LICENSE_EXAMPLE = {
  id: "lic_01M8RJKNM4JFKGXV0QGRPFG3Q7",
  name: "Acme Studio Pro — Max",
  product: { id: "prd_01M8RJKK162CKQRAJA0CMVHJAF", name: "Acme Studio" },
  status: "expiring",
  keyMasked: "•••••-•••••-•••••-•••••-S29VG",
  expiresAt: "2026-12-13T10:32:32.503Z",
  maintenanceExpiresAt: "2026-12-13T10:32:32.503Z",
  machines: { used: 1, total: 3 },
  domains: { used: 0, total: 0 },
  createdAt: "2026-12-01T10:32:35.482Z",
} as const;

const LICENSE_DETAIL_EXAMPLE = {
  ...LICENSE_EXAMPLE,
  policy: {
    name: "Studio Pro (annual)",
    expirationStrategy: "restrict",
    protected: false,
    rules: [
      "Up to 3 machines at a time.",
      "After it expires, versions released before then keep working; newer versions need a renewal.",
      "You can deactivate up to 3 machines every 30 days.",
    ],
  },
  entitlements: [
    { code: "cloud-sync", name: "Cloud sync" },
    { code: "pro", name: "Pro features" },
  ],
  assignedUsers: [
    { id: "usr_01M8RJKNAXS1GGYBXZ0W4C0G7M", name: "Max Member", email: "max.member@example.com" },
  ],
  heartbeatSeconds: null,
  deactivations: { limit: 3, windowDays: 30, usedInWindow: 1, left: 2, nextAllowedAt: null },
} as const;

const VALIDATION_EXAMPLE = {
  id: "val_01M7SNTYZQSQSKTXXFAFFPVPJ0",
  code: "VALID",
  valid: true,
  fingerprint: "b8a6c1513f0e4d27a9c6e8f1d22d03d5",
  domain: null,
  version: "3.0.0",
  ip: "203.0.113.24",
  createdAt: "2026-11-28T10:32:32.503Z",
  activationId: "act_01M6BAP0ZQE4K7QCPXEHHN6FQZ",
} as const;

const CURSOR_EXAMPLE = "bGljXzAxTThSSktOV0RUUEVWNVc2RjRDUkZYUkRB";

export function myLicenseJson(row: CustomerLicenseRow, now: Date = new Date()) {
  return {
    id: row.id,
    name: row.name,
    product: { id: row.product_id, name: row.product_name },
    status: deriveLicenseStatus(row, row.expiry_warning_days, now),
    keyMasked: maskLicenseKey(row.key_last5),
    expiresAt: iso(row.expires_at),
    maintenanceExpiresAt: iso(row.maintenance_expires_at),
    machines: { used: row.machines_used, total: effectiveLimit(row, "machine") },
    domains: { used: row.domains_used, total: effectiveLimit(row, "domain") },
    createdAt: row.created_at.toISOString(),
  };
}

function myLicenseDetailJson(row: CustomerLicenseDetail, wording: Wording) {
  const item = myLicenseJson(row);
  return {
    ...item,
    policy: {
      name: row.policy_name,
      expirationStrategy: row.expiration_strategy,
      protected: row.protected,
      rules: describePolicyRules(
        {
          expires: row.expires_at !== null,
          maxMachines: item.machines.total,
          maxDomains: item.domains.total,
          expirationStrategy: row.expiration_strategy,
          heartbeatSeconds: row.heartbeat_seconds,
          deactivationLimit: row.deactivation_limit,
          deactivationWindowDays: row.deactivation_window_days,
          protected: row.protected,
        },
        wording,
      ),
    },
    entitlements: row.entitlements,
    assignedUsers: row.assigned_users,
    heartbeatSeconds: row.heartbeat_seconds,
    deactivations: {
      limit: row.deactivation_limit,
      windowDays: row.deactivation_window_days,
      usedInWindow: row.deactivations.usedInWindow,
      left: row.deactivations.left,
      nextAllowedAt: iso(row.deactivations.nextAllowedAt),
    },
  };
}

export function customerLicenseRoutes({ db, keys, licensingWrites }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/licenses",
      operationId: "listLicenses",
      tags,
      summary: "List my licenses, newest first",
      description:
        "Owners and admins see every license of their account; members see the licenses " +
        "assigned to them. Filter by derived `status`, by product, or search with `q`. Keys " +
        "are masked; `POST /v1/licenses/{id}/key` shows one in full.",
      security,
      request: { query: ListQuery },
      responses: {
        200: json(
          pageOf(LicenseSchema, "MyLicensePage"),
          "A page of licenses.",
          pageExample([LICENSE_EXAMPLE], CURSOR_EXAMPLE),
        ),
        ...problems(SESSION_PROBLEMS, INPUT_PROBLEMS),
      },
    }),
    async (c) => {
      const { cursor, limit, status, productId, q } = c.req.valid("query");
      const rows = await listCustomerLicenses(db, callerOf(c), {
        after: decodeCursor(cursor),
        limit,
        status,
        productId,
        q,
      });
      const now = new Date();
      return c.json(
        toPage(rows, limit, (row) => myLicenseJson(row, now)),
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
      summary: "One of my licenses, with its rules in plain words",
      description:
        "The license with its policy's rules as sentences (in the caller's language), its " +
        "entitlements, assigned users and how many deactivations are left. A license you may " +
        "not see answers 404, as one that does not exist.",
      security,
      request: { params: idParam("lic") },
      responses: {
        200: json(LicenseDetailSchema, "The license.", LICENSE_DETAIL_EXAMPLE),
        ...problems(SESSION_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("license")),
      },
    }),
    async (c) => {
      const wording = wordingOf(c);
      const row = await getCustomerLicense(db, callerOf(c), c.req.valid("param").id);
      if (!row) throw notFound("license");
      return localized(c, wording).json(myLicenseDetailJson(row, wording), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/key",
      operationId: "revealLicenseKey",
      tags,
      summary: "Show the full license key",
      description: `Each reveal is recorded in the activity. At most ${KEY_REVEAL_RULE.limit} per hour; more answer 429. The answer is never cached (\`Cache-Control: no-store\`).`,
      security,
      request: { params: idParam("lic") },
      responses: {
        200: json(z.object({ key: z.string() }).openapi("MyLicenseKey"), "The key.", {
          key: "7XFK5-C22YK-DRA24-DZK38-S29VG",
        }),
        ...problems(
          SESSION_PROBLEMS,
          ORIGIN_PROBLEMS,
          INPUT_PROBLEMS,
          notFoundProblem("license"),
          rateLimitProblem("You have shown license keys too often. Try again later."),
        ),
      },
    }),
    async (c) => {
      const caller = callerOf(c);
      const throttle = await consumeThrottle(db, `key-reveal:${caller.userId}`, KEY_REVEAL_RULE);
      c.header("Cache-Control", "no-store");
      if (!throttle.allowed) {
        const seconds = throttle.retryAfterSeconds;
        throw new ProblemError(429, "RATE_LIMITED", {
          detail: "You have shown license keys too often. Try again later.",
          headers: { "Retry-After": String(seconds), "Cache-Control": "no-store" },
          extensions: { retryAfter: seconds },
        });
      }
      const key = await revealLicenseKey(db, keys, caller, c.req.valid("param").id, clientIp(c));
      if (key === null) throw notFound("license");
      return c.json({ key }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/licenses/{id}/validations",
      operationId: "listLicenseValidations",
      tags,
      summary: "Recent checks of this license by your software, newest first",
      description:
        "Every Licensing API validation of the license: its `code`, the machine or domain, " +
        "the version and the address it came from. A license you may not see answers 404.",
      security,
      request: { params: idParam("lic"), query: PageQuery },
      responses: {
        200: json(
          pageOf(ValidationSchema, "MyLicenseValidationPage"),
          "A page of validations.",
          pageExample([VALIDATION_EXAMPLE]),
        ),
        ...problems(SESSION_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("license")),
      },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      // The validations this process still holds are part of the history: write them first.
      await licensingWrites.flush();
      const rows = await listLicenseValidations(db, callerOf(c), c.req.valid("param").id, {
        after: decodeCursor(cursor),
        limit,
      });
      if (rows === null) throw notFound("license");
      return c.json(
        toPage(rows, limit, (row) => ({
          id: row.id,
          code: row.code,
          valid: row.valid,
          fingerprint: row.fingerprint,
          domain: row.domain,
          version: row.version,
          ip: row.ip,
          createdAt: row.created_at.toISOString(),
          activationId: row.activation_id,
        })),
        200,
      );
    },
  );

  return app;
}
