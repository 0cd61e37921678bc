import type { Context } from "hono";
import { normalizeDomain } from "../activations/activation-identifier.ts";
import { consumeThrottle, type ThrottleRule } from "../auth/throttle-service.ts";
import { parseStrictVersion } from "../catalogue/release-service.ts";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import type { Activation, ActivationKind } from "../db/schema.ts";
import { clientIp } from "../http/client-ip.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  ProblemSchema,
  problemResponses,
} from "../http/openapi.ts";
import { fieldProblem, ProblemError } from "../http/problem.ts";
import { hashLicenseKey, normalizeLicenseKey } from "../licenses/license-key.ts";
import {
  activateLicense,
  deactivateBySoftware,
  heartbeatActivation,
  type LicensingCheck,
  type LicensingResult,
  validateLicense,
} from "../licensing/licensing-service.ts";
import {
  ActivateSchema,
  BindingSchema,
  LicensingAnswerSchema,
  ValidateSchema,
} from "./licensing-schemas.ts";

const tags = ["Licensing"];

/** Per key: 60 calls a minute, then refused for the rest of the minute. */
const LICENSING_THROTTLE: ThrottleRule = {
  limit: 60,
  windowMs: 60_000,
  blockMs: 60_000,
  maxBlockMs: 60_000,
};

const licensingResponses = {
  200: json(LicensingAnswerSchema, "The result: `valid` and `code` say what the software may do."),
  404: json(LicensingAnswerSchema, "No license has this key (`code: NOT_FOUND`)."),
  422: problemResponses[422],
  429: {
    description: "Too many calls with this key; `Retry-After` says when to try again.",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
} as const;

export function activationJson(row: Activation) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
  };
}

/** The answer body of every Licensing API call, including NOT_FOUND. */
export function licensingAnswerJson(result: LicensingResult) {
  if (result.outcome === "not_found") {
    return { valid: false, code: "NOT_FOUND" as const, detail: "No license has this key." };
  }
  const { finding, license, activation } = result;
  return {
    valid: finding.valid,
    code: finding.code,
    detail: finding.detail,
    ...(activation ? { activation: activationJson(activation) } : {}),
    license: {
      id: license.id,
      status: license.status,
      expiresAt: license.expiresAt?.toISOString() ?? null,
      maintenanceExpiresAt: license.maintenanceExpiresAt?.toISOString() ?? null,
      entitlements: [...license.entitlements],
    },
  };
}

/**
 * The Licensing API (`/v1/licensing`) for the vendor's installed software: the
 * license key in the body, no session. Results, including failed validations,
 * answer 200 (201 for a new activation, 409 for a refused one, 404 for an unknown
 * key) with `{ valid, code, detail, activation?, license? }`; bad input is a 422
 * problem naming the field; too many calls per key a 429.
 */
export function licensingRoutes({ db, keys }: AppDeps) {
  const app = createRouter();

  /** Normalises and hashes the key, then counts the call against it: the same work for unknown keys. */
  async function admitKey(rawKey: string): Promise<string> {
    const key = normalizeLicenseKey(rawKey);
    if (!key) {
      throw fieldProblem("body.key", "not a license key (25 characters in five groups)");
    }
    const keyHash = hashLicenseKey(keys, key);
    const { allowed, retryAfterSeconds: s } = await consumeThrottle(
      db,
      `licensing:${keyHash}`,
      LICENSING_THROTTLE,
    );
    if (!allowed) {
      throw new ProblemError(429, "RATE_LIMITED", {
        detail: `Too many licensing calls with this key; try again in ${s} seconds.`,
        headers: { "Retry-After": String(s) },
        extensions: { retryAfter: s },
      });
    }
    return keyHash;
  }

  function answerActivation(c: Context<AppEnv>, result: LicensingResult) {
    const body = licensingAnswerJson(result);
    switch (result.outcome) {
      case "not_found":
        return c.json(body, 404);
      case "created":
        return c.json(body, 201);
      case "refused":
        return c.json(body, 409);
      case "answered":
        return c.json(body, 200);
    }
  }

  function answerCheck(c: Context<AppEnv>, result: LicensingCheck) {
    const body = licensingAnswerJson(result);
    return result.outcome === "not_found" ? c.json(body, 404) : c.json(body, 200);
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/activate",
      tags,
      summary: "Activate a machine or domain",
      description:
        "201 with the new activation; 200 when it was already active (idempotent); 409 when refused (the `code` says why).",
      request: { body: jsonBody(ActivateSchema) },
      responses: {
        200: json(LicensingAnswerSchema, "Already active: the same activation, refreshed."),
        201: json(LicensingAnswerSchema, "Activated."),
        404: licensingResponses[404],
        409: json(LicensingAnswerSchema, "Refused: limit reached, license not usable."),
        422: licensingResponses[422],
        429: licensingResponses[429],
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const binding = requiredBindingOf(body);
      const version = versionOf(body.version);
      const keyHash = await admitKey(body.key);
      const result = await activateLicense(db, {
        keyHash,
        ...binding,
        name: body.name,
        hostname: body.hostname,
        platform: body.platform,
        version,
        ip: clientIp(c),
      });
      return answerActivation(c, result);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/validate",
      tags,
      summary:
        "Validate a license (optionally for a machine or domain, version, entitlements, product)",
      request: { body: jsonBody(ValidateSchema) },
      responses: licensingResponses,
    }),
    async (c) => {
      const body = c.req.valid("json");
      const binding = bindingOf(body);
      const version = versionOf(body.version);
      const keyHash = await admitKey(body.key);
      const result = await validateLicense(db, {
        keyHash,
        ...binding,
        version,
        entitlements: body.entitlements,
        productId: body.productId,
        ip: clientIp(c),
      });
      return answerCheck(c, result);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/heartbeat",
      tags,
      summary: "Report an activation alive",
      request: { body: jsonBody(BindingSchema) },
      responses: licensingResponses,
    }),
    async (c) => {
      const body = c.req.valid("json");
      const binding = requiredBindingOf(body);
      const keyHash = await admitKey(body.key);
      return answerCheck(
        c,
        await heartbeatActivation(db, { keyHash, ...binding, ip: clientIp(c) }),
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/deactivate",
      tags,
      summary: "Deactivate a machine or domain, freeing its slot",
      request: { body: jsonBody(BindingSchema) },
      responses: licensingResponses,
    }),
    async (c) => {
      const body = c.req.valid("json");
      const binding = requiredBindingOf(body);
      const keyHash = await admitKey(body.key);
      return answerCheck(
        c,
        await deactivateBySoftware(db, { keyHash, ...binding, ip: clientIp(c) }),
      );
    },
  );

  return app;
}

/** The machine or domain a body names, or `null` when it names neither; both are refused. */
function bindingOf(body: {
  fingerprint?: string | undefined;
  domain?: string | undefined;
}): { kind: ActivationKind; identifier: string } | null {
  if (body.fingerprint !== undefined && body.domain !== undefined) {
    throw fieldProblem("body.domain", "give either a fingerprint or a domain, not both");
  }
  if (body.fingerprint !== undefined) return { kind: "machine", identifier: body.fingerprint };
  if (body.domain === undefined) return null;
  const domain = normalizeDomain(body.domain);
  if (!domain) {
    throw fieldProblem(
      "body.domain",
      "not a host name (no scheme, path, port or IP address; e.g. shop.example.com)",
    );
  }
  return { kind: "domain", identifier: domain };
}

/** Like bindingOf, for calls that need exactly one of the two. */
function requiredBindingOf(body: {
  fingerprint?: string | undefined;
  domain?: string | undefined;
}) {
  const binding = bindingOf(body);
  if (!binding) throw fieldProblem("body.fingerprint", "give a fingerprint or a domain");
  return binding;
}

function versionOf(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  if (!parseStrictVersion(version)) {
    throw fieldProblem("body.version", "not a SemVer version (e.g. 1.4.0)");
  }
  return version;
}
