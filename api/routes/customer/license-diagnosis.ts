import { normalizeDomain } from "../../activations/activation-identifier.ts";
import { parseStrictVersion } from "../../catalogue/release-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import type { ActivationKind } from "../../db/schema.ts";
import { type DiagnoseQuestion, diagnoseLicense } from "../../diagnosis/diagnose-service.ts";
import {
  DIAGNOSIS_CODES,
  type Diagnosis,
  type DiagnosisFinding,
} from "../../diagnosis/license-diagnosis.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  SESSION_SECURITY,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { fieldProblem, notFound } from "../../http/problem.ts";
import {
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  ORIGIN_PROBLEMS,
  problems,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { localized, wordingOf } from "../../http/request-wording.ts";
import { callerOf } from "../../http/session-auth.ts";
import { VALIDATION_CODES } from "../../licensing/license-evaluation.ts";
import { Domain, Fingerprint, Version } from "../licensing-schemas.ts";

const tags = ["My Licenses"];
const security = SESSION_SECURITY;

const DiagnoseBody = z
  .object({
    fingerprint: Fingerprint.optional(),
    domain: Domain.optional(),
    version: Version.optional(),
    entitlements: z
      .array(z.string({ error: "must be a string" }).min(1).max(100, "at most 100 characters"), {
        error: "must be a list of entitlement codes",
      })
      .max(100, "at most 100 codes")
      .optional(),
  })
  .strict()
  .openapi("DiagnoseLicense", {
    description:
      "What to check, as the software would ask validate; every part is optional. At most one " +
      "of `fingerprint` and `domain`. An empty body diagnoses the license's general state.",
  });

const ActivationRefSchema = z.object({
  id: z.string(),
  kind: z.enum(["machine", "domain"]),
  name: z.string().openapi({ description: "Its name, host name or shortened identifier." }),
  lastSeenAt: Timestamp,
});

const FindingSchema = z
  .object({
    code: z.enum(DIAGNOSIS_CODES).openapi({
      description:
        "A validation code, or `VERSION_UNKNOWN`: the version is no published release (a warning).",
    }),
    valid: z.boolean(),
    severity: z.enum(["ok", "warning", "error"]),
    title: z.string().openapi({ example: "All machine slots in use" }),
    explanation: z.string().openapi({
      example:
        "3 of 3 machines are in use, so no further machine can be activated. Least recently " +
        "seen: “OLD-PC” (last seen 140 days ago).",
    }),
    fix: z.string().nullable().openapi({
      example: "Deactivate “OLD-PC” (last seen 140 days ago) or another machine you no longer use.",
    }),
    refs: z.object({
      activations: z.array(ActivationRefSchema).optional().openapi({
        description: "Activations the finding names, least recently seen first.",
      }),
      at: Timestamp.optional(),
      used: z.number().int().optional(),
      limit: z.number().int().optional(),
      missing: z.array(z.string()).optional(),
      nextAllowedAt: Timestamp.nullable().optional().openapi({
        description: "When you may deactivate again; `null`: only support can.",
      }),
      releasedAt: Timestamp.optional(),
    }),
  })
  .openapi("DiagnosisFinding");

const DiagnosisSchema = z
  .object({
    licenseId: z.string(),
    checkedAt: Timestamp,
    valid: z
      .boolean()
      .openapi({ description: "What validate would answer for the same question." }),
    code: z.enum(VALIDATION_CODES),
    summary: z.array(z.string()).openapi({
      description: "The license's general state in sentences.",
      example: ["“Design team” (Studio) is active: it runs until 30 November 2027 (in 365 days)."],
    }),
    findings: z.array(FindingSchema),
    recentFailures: z
      .array(
        z.object({
          code: z.string(),
          at: Timestamp,
          fingerprint: z.string().nullable(),
          domain: z.string().nullable(),
          version: z.string().nullable(),
          title: z.string(),
          explanation: z.string(),
        }),
      )
      .openapi({
        description: "Failed validations of the last 30 days, newest first (at most 5).",
      }),
  })
  .openapi("LicenseDiagnosis");

/** An example diagnosis: the demo's Acme Studio Pro license of Max, all machine slots in use. */
const DIAGNOSIS_EXAMPLE = {
  licenseId: "lic_01M8RJKNFXHND3P7H8PBY2EC8P",
  checkedAt: "2026-12-01T10:32:36.064Z",
  valid: false,
  code: "MACHINE_LIMIT_REACHED",
  summary: [
    "“Acme Studio Pro — Design team” (Acme Studio) is active: it runs until 30 November 2027 (in 364 days).",
    "In use: 3 of 3 machines.",
  ],
  findings: [
    {
      code: "MACHINE_LIMIT_REACHED",
      valid: false,
      severity: "error",
      title: "All machine slots in use",
      explanation:
        "3 of 3 machines are in use, so no further machine can be activated. Least recently " +
        "seen: “OLD-PC” (last seen 140 days ago).",
      fix: "Deactivate “OLD-PC” (last seen 140 days ago) or another machine you no longer use.",
      refs: {
        activations: [
          {
            id: "act_01M1X4QK7ZQ0TS3RVC6M5B8N2D",
            kind: "machine",
            name: "OLD-PC",
            lastSeenAt: "2026-07-14T10:32:32.503Z",
          },
        ],
        used: 3,
        limit: 3,
      },
    },
  ],
  recentFailures: [
    {
      code: "MACHINE_LIMIT_REACHED",
      at: "2026-11-30T10:32:32.503Z",
      fingerprint: "9f2c4e1a7b3d5c60",
      domain: null,
      version: "3.0.0",
      title: "All machine slots in use",
      explanation: "The license had no free machine slot for a new activation.",
    },
  ],
} as const;

/** A finding with its dates as ISO strings; refs absent from the finding stay absent. */
function findingJson(finding: DiagnosisFinding) {
  const { activations, at, used, limit, missing, nextAllowedAt, releasedAt } = finding.refs;
  return {
    code: finding.code,
    valid: finding.valid,
    severity: finding.severity,
    title: finding.title,
    explanation: finding.explanation,
    fix: finding.fix,
    refs: {
      ...(activations
        ? {
            activations: activations.map((row) => ({
              id: row.id,
              kind: row.kind,
              name: row.name,
              lastSeenAt: row.lastSeenAt.toISOString(),
            })),
          }
        : {}),
      ...(at ? { at: at.toISOString() } : {}),
      ...(used !== undefined ? { used } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(missing ? { missing: [...missing] } : {}),
      ...(nextAllowedAt !== undefined
        ? { nextAllowedAt: nextAllowedAt?.toISOString() ?? null }
        : {}),
      ...(releasedAt ? { releasedAt: releasedAt.toISOString() } : {}),
    },
  };
}

function diagnosisJson(diagnosis: Diagnosis) {
  return {
    licenseId: diagnosis.licenseId,
    checkedAt: diagnosis.checkedAt.toISOString(),
    valid: diagnosis.valid,
    code: diagnosis.code,
    summary: [...diagnosis.summary],
    findings: diagnosis.findings.map(findingJson),
    recentFailures: diagnosis.recentFailures.map((failure) => ({
      ...failure,
      at: failure.at.toISOString(),
    })),
  };
}

/** The question in the service's terms: the domain normalised, the version strict SemVer. */
function questionOf(body: z.infer<typeof DiagnoseBody> | undefined): DiagnoseQuestion {
  const { fingerprint, domain, version, entitlements } = body ?? {};
  if (fingerprint !== undefined && domain !== undefined) {
    throw fieldProblem("body.domain", "give either a fingerprint or a domain, not both");
  }
  let binding: { kind: ActivationKind; identifier: string } | undefined;
  if (fingerprint !== undefined) binding = { kind: "machine", identifier: fingerprint };
  if (domain !== undefined) {
    const identifier = normalizeDomain(domain);
    if (!identifier) {
      throw fieldProblem(
        "body.domain",
        "not a host name (no scheme, path, port or IP address; e.g. shop.example.com)",
      );
    }
    binding = { kind: "domain", identifier };
  }
  if (version !== undefined && !parseStrictVersion(version)) {
    throw fieldProblem("body.version", "not a SemVer version (e.g. 1.4.0)");
  }
  return { ...binding, version, entitlements };
}

/** `POST /v1/licenses/{id}/diagnose`: every check, explained; read only. */
export function licenseDiagnosisRoutes({ db, licensingWrites }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/licenses/{id}/diagnose",
      operationId: "diagnoseLicense",
      tags,
      summary: "Explain what works and what does not, and how to fix it",
      description:
        "Runs every check validation runs (not only the first failing one) for an optional " +
        "fingerprint or domain, version and entitlements, and explains each finding with " +
        "concrete names and dates and the fix. `valid` and `code` are what validate would " +
        "answer. Read only: it records no validation and changes no activation. A license you " +
        "may not see answers 404.",
      security,
      request: {
        params: idParam("lic"),
        body: jsonBody(
          DiagnoseBody,
          { fingerprint: "9f2c4e1a7b3d5c60", version: "3.0.0" },
          { required: false },
        ),
      },
      responses: {
        200: json(DiagnosisSchema, "Every finding, explained.", DIAGNOSIS_EXAMPLE),
        ...problems(
          SESSION_PROBLEMS,
          ORIGIN_PROBLEMS,
          JSON_BODY_PROBLEMS,
          notFoundProblem("license"),
        ),
      },
    }),
    async (c) => {
      const question = questionOf(c.req.valid("json"));
      const wording = wordingOf(c);
      // The recent failures include the validations this process still holds.
      await licensingWrites.flush();
      const diagnosis = await diagnoseLicense(db, callerOf(c), c.req.valid("param").id, question, {
        wording,
      });
      if (!diagnosis) throw notFound("license");
      return localized(c, wording).json(diagnosisJson(diagnosis), 200);
    },
  );

  return app;
}
