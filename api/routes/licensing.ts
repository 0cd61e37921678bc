import type { Context } from "hono";
import { normalizeDomain } from "../activations/activation-identifier.ts";
import { consumeThrottle, type ThrottleRule } from "../auth/throttle-service.ts";
import { parseStrictVersion } from "../catalogue/release-service.ts";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import type { Activation, ActivationKind } from "../db/schema.ts";
import { clientIp } from "../http/client-ip.ts";
import { createRoute, createRouter, json, jsonBody, NO_SECURITY } from "../http/openapi.ts";
import { fieldProblem, ProblemError } from "../http/problem.ts";
import { JSON_BODY_PROBLEMS, problems, rateLimitProblem } from "../http/problem-responses.ts";
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

// Examples, shaped like the demo's Acme Studio Pro license on Max's laptop.
const KEY = "7XFK5-C22YK-DRA24-DZK38-S29VG";
const FINGERPRINT = "b8a6c1513f0e4d27a9c6e8f1d22d03d5";
const LICENSE = {
  id: "lic_01M8RJKNM4JFKGXV0QGRPFG3Q7",
  status: "expiring",
  expiresAt: "2026-12-13T10:32:32.503Z",
  maintenanceExpiresAt: "2026-12-13T10:32:32.503Z",
  entitlements: ["cloud-sync", "pro"],
} as const;
const ACTIVATION = {
  id: "act_01M6BAP0ZQE4K7QCPXEHHN6FQZ",
  kind: "machine",
  name: "MAX-LAPTOP",
  createdAt: "2026-11-01T10:32:32.503Z",
  lastSeenAt: "2026-12-01T10:32:32.503Z",
  deactivatedAt: null,
} as const;
const VALID = { valid: true, code: "VALID", detail: "The license is valid." } as const;
const NOT_FOUND_ANSWER = {
  valid: false,
  code: "NOT_FOUND",
  detail: "No license has this key.",
} as const;

const licensingProblems = problems(
  JSON_BODY_PROBLEMS,
  rateLimitProblem("Too many licensing calls with this key; try again in 42 seconds."),
);

const notFoundResponse = json(
  LicensingAnswerSchema,
  "No license has this key (`code: NOT_FOUND`): an answer, not an error.",
  NOT_FOUND_ANSWER,
);

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
export function licensingRoutes({ db, keys, licensingWrites }: AppDeps) {
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
      operationId: "activateLicenseKey",
      tags,
      summary: "Activate a machine or domain",
      description:
        "Binds the license to this machine (`fingerprint`) or site (`domain`). 201 with the new " +
        "activation; 200 when it was already active (idempotent: the same activation, its " +
        "details refreshed); 409 when refused, with the `code` saying why (a limit reached, " +
        "the license suspended, revoked or expired…); 404 `NOT_FOUND` for an unknown key. " +
        "At most 60 calls per key and minute.",
      security: NO_SECURITY,
      request: {
        body: jsonBody(ActivateSchema, {
          key: KEY,
          fingerprint: FINGERPRINT,
          name: "MAX-LAPTOP",
          hostname: "max-laptop",
          platform: "linux",
          version: "3.0.0",
        }),
      },
      responses: {
        200: json(LicensingAnswerSchema, "Already active: the same activation, refreshed.", {
          ...VALID,
          activation: ACTIVATION,
          license: LICENSE,
        }),
        201: json(LicensingAnswerSchema, "Activated.", {
          ...VALID,
          activation: { ...ACTIVATION, createdAt: ACTIVATION.lastSeenAt },
          license: LICENSE,
        }),
        404: notFoundResponse,
        409: json(
          LicensingAnswerSchema,
          "Refused: a limit is reached or the license cannot be used (`code` says which).",
          {
            valid: false,
            code: "MACHINE_LIMIT_REACHED",
            detail: "3 of 3 machines are in use; deactivate one first.",
            license: LICENSE,
          },
        ),
        ...licensingProblems,
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
      operationId: "validateLicenseKey",
      tags,
      summary:
        "Validate a license (optionally for a machine or domain, version, entitlements, product)",
      description:
        "Runs the checks in order and answers the first that fails, or `VALID`. A failed " +
        "validation is an answer (200, `valid: false` with its `code`), and `valid` and " +
        "`code` are separate: under some expiration strategies an `EXPIRED` license stays valid " +
        "for versions released before it expired. Every call is recorded in the license's " +
        "validation history. At most 60 calls per key and minute.",
      security: NO_SECURITY,
      request: {
        body: jsonBody(ValidateSchema, {
          key: KEY,
          fingerprint: FINGERPRINT,
          version: "3.0.0",
          entitlements: ["pro"],
        }),
      },
      responses: {
        200: json(
          LicensingAnswerSchema,
          "The result: `valid` and `code` say what the software may do.",
          { ...VALID, activation: ACTIVATION, license: LICENSE },
        ),
        404: notFoundResponse,
        ...licensingProblems,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const binding = bindingOf(body);
      const version = versionOf(body.version);
      const keyHash = await admitKey(body.key);
      const result = await validateLicense(db, licensingWrites, {
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
      operationId: "sendHeartbeat",
      tags,
      summary: "Report an activation alive",
      description:
        "For policies with a heartbeat: call it at least every `heartbeatSeconds`. An " +
        "activation not heard from for twice the interval is dead (`HEARTBEAT_DEAD`) and must " +
        "be activated again. Answers like validate, for this machine or domain.",
      security: NO_SECURITY,
      request: { body: jsonBody(BindingSchema, { key: KEY, fingerprint: FINGERPRINT }) },
      responses: {
        200: json(LicensingAnswerSchema, "Heard; `valid` and `code` as validate would answer.", {
          ...VALID,
          activation: ACTIVATION,
          license: LICENSE,
        }),
        404: notFoundResponse,
        ...licensingProblems,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const binding = requiredBindingOf(body);
      const keyHash = await admitKey(body.key);
      return answerCheck(
        c,
        await heartbeatActivation(db, licensingWrites, { keyHash, ...binding, ip: clientIp(c) }),
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/deactivate",
      operationId: "deactivateLicenseKey",
      tags,
      summary: "Deactivate a machine or domain, freeing its slot",
      description:
        "Ends this machine's or site's activation of the key (say, on uninstall), recorded as " +
        "done by the software. Answers `DEACTIVATED` with the ended activation; repeating it is " +
        "harmless. The customer's deactivation limit does not count these.",
      security: NO_SECURITY,
      request: { body: jsonBody(BindingSchema, { key: KEY, fingerprint: FINGERPRINT }) },
      responses: {
        200: json(LicensingAnswerSchema, "Deactivated (`code: DEACTIVATED`), or `NOT_ACTIVATED`.", {
          valid: false,
          code: "DEACTIVATED",
          detail: "This machine is deactivated; its slot is free.",
          activation: { ...ACTIVATION, deactivatedAt: ACTIVATION.lastSeenAt },
          license: LICENSE,
        }),
        404: notFoundResponse,
        ...licensingProblems,
      },
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
