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
  PageQuery,
  ProblemSchema,
  pageOf,
  problemResponses,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { decodeCursor, toPage } from "../../http/pagination.ts";
import { notFound, ProblemError } from "../../http/problem.ts";
import { callerOf } from "../../http/session-auth.ts";

const tags = ["Activations"];
const security: Record<string, string[]>[] = [{ sessionCookie: [] }, { sessionBearer: [] }];

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

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export function activationRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/activations",
      tags,
      summary: "List the activations of my licenses, newest first",
      description:
        "Owners and admins see every activation of their account; members those of the " +
        "licenses assigned to them.",
      security,
      request: { query: ListQuery },
      responses: { 200: json(pageOf(ActivationSchema, "ActivationPage")), ...problemResponses },
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
      tags,
      summary: "Show one activation",
      description: "An activation outside your licenses answers 404.",
      security,
      request: { params: idParam("act") },
      responses: { 200: json(ActivationSchema), ...problemResponses },
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
        body: { required: false, content: { "application/json": { schema: DeactivateBody } } },
      },
      responses: {
        200: json(DeactivatedSchema),
        ...problemResponses,
        403: problem("Cookie request without an allowed `Origin`."),
        409: problem("The license is protected: ask support to deactivate."),
        429: problem("The deactivation limit of the window is used up."),
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
