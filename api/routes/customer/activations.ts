import {
  type ActivationRecord,
  activationStatusOf,
  cannotDeactivateReason,
  DEFAULT_INACTIVE_DAYS,
  deactivateCustomerActivation,
  deactivationsLeft,
  getCustomerActivation,
  listCustomerActivations,
  nextDeactivationsAllowed,
} from "../../activations/customer-activation-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import { clientIp } from "../../http/client-ip.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
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
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  ORIGIN_PROBLEMS,
  problems,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { callerOf } from "../../http/session-auth.ts";

const tags = ["Activations"];
const security = SESSION_SECURITY;

const ActivationSchema = z
  .object({
    id: z.string().openapi({ example: "act_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    licenseId: z.string(),
    licenseName: z.string(),
    kind: z.enum(["machine", "domain"]),
    name: z.string().nullable(),
    identifier: z.string().openapi({
      description: "The domain; for a machine its fingerprint, shortened when long.",
      example: "example.com",
    }),
    hostname: z.string().nullable(),
    platform: z.string().nullable(),
    ip: z.string().nullable(),
    version: z.string().nullable(),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    status: z.enum(["active", "inactive", "dead", "deactivated"]).openapi({
      description:
        "`dead`: a policy with heartbeats and nothing heard for twice the interval; " +
        "`inactive`: live but not seen for `inactiveDays` (default 30).",
    }),
    deactivatedAt: Timestamp.nullable(),
    deactivatedBy: z.enum(["customer", "software", "vendor", "system"]).nullable(),
    reason: z.string().nullable(),
    canDeactivate: z.boolean(),
    cannotDeactivateReason: z.enum(["protected", "deactivated", "limit_reached"]).optional(),
    nextAllowedAt: Timestamp.nullable()
      .optional()
      .openapi({
        description:
          "Only with `cannotDeactivateReason: limit_reached`: when the oldest counted " +
          "deactivation leaves the license's rolling window and the next one is allowed, as in " +
          "the 429 of an attempt. `null` when the policy allows no customer deactivation at all.",
      }),
  })
  .openapi("Activation");

const DeactivatedSchema = ActivationSchema.extend({
  deactivationsLeft: z.number().int().nullable().openapi({
    description: "Customer deactivations still allowed in the policy's window; `null`: no limit.",
  }),
}).openapi("DeactivatedActivation");

const ListQuery = PageQuery.extend({
  licenseId: z.string().max(64).optional(),
  kind: z.enum(["machine", "domain"]).optional(),
  status: z
    .enum(["active", "inactive", "dead", "deactivated"])
    .optional()
    .openapi({
      description:
        "`active`: live and not dead (includes inactive ones); `inactive`: live, not dead, not " +
        "seen for `inactiveDays`; `dead`: heartbeats missed; `deactivated`: ended.",
    }),
  inactiveDays: z.coerce.number().int().min(1).max(3650).default(DEFAULT_INACTIVE_DAYS),
});

const DeactivateBody = z
  .object({
    reason: z
      .string({ error: "must be a string" })
      .max(500, { error: "at most 500 characters" })
      .optional(),
  })
  .strict()
  .openapi("DeactivateActivation");

/** Shows at most this many characters of a machine fingerprint. */
const FINGERPRINT_SHOWN = 16;

function shownIdentifier(row: ActivationRecord): string {
  if (row.kind === "domain" || row.identifier.length <= FINGERPRINT_SHOWN) return row.identifier;
  return `${row.identifier.slice(0, 8)}…${row.identifier.slice(-6)}`;
}

/**
 * An activation as its customer sees it: the fingerprint shortened, the user who ended it not
 * named. `nextAllowed` holds what nextDeactivationsAllowed found for the row's license.
 */
export function activationJson(
  row: ActivationRecord,
  now: Date,
  inactiveDays?: number,
  nextAllowed: ReadonlyMap<string, Date | null> = new Map(),
) {
  const refusal = cannotDeactivateReason(row);
  return {
    id: row.id,
    licenseId: row.license_id,
    licenseName: row.license_name,
    kind: row.kind,
    name: row.name,
    identifier: shownIdentifier(row),
    hostname: row.hostname,
    platform: row.platform,
    ip: row.ip,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    status: activationStatusOf(row, now, inactiveDays),
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
    deactivatedBy: row.deactivated_by,
    reason: row.reason,
    canDeactivate: refusal === null,
    ...(refusal === null ? {} : { cannotDeactivateReason: refusal }),
    ...(refusal === "limit_reached"
      ? { nextAllowedAt: nextAllowed.get(row.license_id)?.toISOString() ?? null }
      : {}),
  };
}

// Examples, shaped like the demo's activations of Northwind Studio.
const MACHINE_EXAMPLE = {
  id: "act_01M6BAP0ZQE4K7QCPXEHHN6FQZ",
  licenseId: "lic_01M8RJKNM4JFKGXV0QGRPFG3Q7",
  licenseName: "Acme Studio Pro — Max",
  kind: "machine",
  name: "MAX-LAPTOP",
  identifier: "b8a6c151…2d03d5",
  hostname: "max-laptop",
  platform: "linux",
  ip: "203.0.113.24",
  version: "3.0.0",
  createdAt: "2026-11-01T10:32:32.503Z",
  lastSeenAt: "2026-11-28T10:32:32.503Z",
  status: "active",
  deactivatedAt: null,
  deactivatedBy: null,
  reason: null,
  canDeactivate: true,
} as const;

const DOMAIN_EXAMPLE = {
  id: "act_01M54PQ7ZQ57DS43EDMR23PYTR",
  licenseId: "lic_01M8RJKNPJ015448QCAM0RK5QE",
  licenseName: "Acme Forms — northwind.example",
  kind: "domain",
  name: "shop.northwind.example",
  identifier: "shop.northwind.example",
  hostname: "shop.northwind.example",
  platform: "wordpress",
  ip: "203.0.113.24",
  version: "2.1.0",
  createdAt: "2026-10-17T10:32:32.503Z",
  lastSeenAt: "2026-11-30T22:32:32.503Z",
  status: "active",
  deactivatedAt: null,
  deactivatedBy: null,
  reason: null,
  canDeactivate: true,
} as const;

export function activationRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/activations",
      operationId: "listActivations",
      tags,
      summary: "List the activations of my licenses, newest first",
      description:
        "Owners and admins see every activation of their account; members those of the " +
        "licenses assigned to them. Filter by license, kind and status; `inactiveDays` sets " +
        "when a live activation counts as inactive.",
      security,
      request: { query: ListQuery },
      responses: {
        200: json(
          pageOf(ActivationSchema, "ActivationPage"),
          "A page of activations.",
          pageExample(
            [MACHINE_EXAMPLE, DOMAIN_EXAMPLE],
            "YWN0XzAxTTU0UFE3WlE1N0RTNDNFRE1SMjNQWVRS",
          ),
        ),
        ...problems(SESSION_PROBLEMS, INPUT_PROBLEMS),
      },
    }),
    async (c) => {
      const { cursor, limit, licenseId, kind, status, inactiveDays } = c.req.valid("query");
      const now = new Date();
      const rows = await listCustomerActivations(db, callerOf(c), {
        after: decodeCursor(cursor),
        limit,
        licenseId,
        kind,
        status,
        inactiveDays,
        now,
      });
      const nextAllowed = await nextDeactivationsAllowed(db, rows.slice(0, limit), now);
      return c.json(
        toPage(rows, limit, (row) => activationJson(row, now, inactiveDays, nextAllowed)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/activations/{id}",
      operationId: "getActivation",
      tags,
      summary: "Show one activation",
      description:
        "The machine or domain, where it was last seen from, and whether you may deactivate " +
        "it (and if not, why). An activation outside your licenses answers 404.",
      security,
      request: { params: idParam("act") },
      responses: {
        200: json(ActivationSchema, "The activation.", MACHINE_EXAMPLE),
        ...problems(SESSION_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("activation")),
      },
    }),
    async (c) => {
      const now = new Date();
      const row = await getCustomerActivation(db, callerOf(c), c.req.valid("param").id, now);
      if (!row) throw notFound("activation");
      const nextAllowed = await nextDeactivationsAllowed(db, [row], now);
      return c.json(activationJson(row, now, undefined, nextAllowed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/activations/{id}/deactivate",
      operationId: "deactivateActivation",
      tags,
      summary: "Deactivate a machine or domain",
      description:
        "Ends the activation and frees its slot at once. Already deactivated: answers the " +
        "activation unchanged. Activations of a protected license answer 409 " +
        "`ACTIVATION_PROTECTED`; past the policy's deactivation limit in its rolling window, 429 " +
        "`DEACTIVATION_LIMIT_REACHED` with `nextAllowedAt` and `Retry-After`.",
      security,
      request: {
        params: idParam("act"),
        body: jsonBody(DeactivateBody, { reason: "Replaced the laptop" }, { required: false }),
      },
      responses: {
        200: json(DeactivatedSchema, "Deactivated (or already so).", {
          ...MACHINE_EXAMPLE,
          status: "deactivated",
          deactivatedAt: "2026-12-01T10:40:12.118Z",
          deactivatedBy: "customer",
          reason: "Replaced the laptop",
          canDeactivate: false,
          cannotDeactivateReason: "deactivated",
          deactivationsLeft: 2,
        }),
        ...problems(
          SESSION_PROBLEMS,
          ORIGIN_PROBLEMS,
          JSON_BODY_PROBLEMS,
          notFoundProblem("activation"),
          {
            409: {
              ACTIVATION_PROTECTED:
                "This license is protected: you cannot deactivate its machines or domains yourself. Contact support and they can move it for you.",
            },
            429: {
              DEACTIVATION_LIMIT_REACHED:
                "You have used all 3 deactivations this license allows in 30 days. `nextAllowedAt` says when you can deactivate again (`null`: only support can).",
            },
          },
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const reason = c.req.valid("json")?.reason?.trim() || null;
      const now = new Date();
      const result = await deactivateCustomerActivation(db, callerOf(c), id, {
        reason,
        ip: clientIp(c),
        now,
      });
      switch (result.outcome) {
        case "not_found":
          throw notFound("activation");
        case "protected":
          throw new ProblemError(409, "ACTIVATION_PROTECTED", {
            detail:
              "This license is protected: you cannot deactivate its machines or domains " +
              "yourself. Contact support and they can move it for you.",
          });
        case "limit_reached":
          throw limitProblem(result.limit, result.windowDays, result.nextAllowedAt, now);
        default:
          return c.json(
            {
              ...activationJson(result.activation, now),
              deactivationsLeft: deactivationsLeft(result.activation),
            },
            200,
          );
      }
    },
  );

  return app;
}

function limitProblem(limit: number, windowDays: number, next: Date | null, now: Date) {
  if (next === null) {
    return new ProblemError(429, "DEACTIVATION_LIMIT_REACHED", {
      detail:
        "This license does not let you deactivate machines or domains yourself. Contact " +
        "support and they can do it for you.",
      extensions: { nextAllowedAt: null },
    });
  }
  const seconds = Math.max(1, Math.ceil((next.getTime() - now.getTime()) / 1000));
  return new ProblemError(429, "DEACTIVATION_LIMIT_REACHED", {
    detail:
      `You have used all ${limit} deactivations this license allows in ${windowDays} days. ` +
      `You can deactivate again from ${next.toISOString()}.`,
    headers: { "Retry-After": String(seconds) },
    extensions: { nextAllowedAt: next.toISOString(), retryAfter: seconds },
  });
}
