import { isHeartbeatDead } from "../activations/heartbeat.ts";
import type { ActivationKind, Actor, ExpirationStrategy } from "../db/schema.ts";
import { maintenanceEnd } from "../licenses/maintenance-end.ts";

/** The answers the Licensing API and diagnostics give (SPEC §3.4). */
export const VALIDATION_CODES = [
  "VALID",
  "NOT_FOUND",
  "SUSPENDED",
  "REVOKED",
  "EXPIRED",
  "NOT_ACTIVATED",
  "DEACTIVATED",
  "HEARTBEAT_DEAD",
  "MACHINE_LIMIT_REACHED",
  "DOMAIN_LIMIT_REACHED",
  "DOMAIN_MISMATCH",
  "ENTITLEMENT_MISSING",
  "VERSION_NOT_COVERED",
  "PRODUCT_MISMATCH",
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** One result of one check. `valid` is separate from `code`: an EXPIRED license can still be valid. */
export interface Finding {
  readonly code: ValidationCode;
  readonly valid: boolean;
  /** A sentence for the software's log or its user. */
  readonly detail: string;
  /** For limit findings: active bindings of the kind and the effective limit. */
  readonly used?: number;
  readonly limit?: number;
  /** For ENTITLEMENT_MISSING: the requested codes the license lacks. */
  readonly missing?: readonly string[];
  /** The moment the finding refers to (expiry, maintenance end, last heartbeat, deactivation). */
  readonly at?: Date;
}

/** The binding found for the requested fingerprint or domain: the active one, else the latest ended one. */
export interface BindingFacts {
  readonly kind: ActivationKind;
  readonly lastSeenAt: Date;
  readonly deactivatedAt: Date | null;
  readonly deactivatedBy: Actor | null;
}

/** Everything the checks look at, gathered beforehand; the evaluation itself reads nothing. */
export interface EvaluationFacts {
  /** `null` when the key belongs to no license. */
  readonly license: {
    readonly productId: string;
    readonly expiresAt: Date | null;
    readonly maintenanceExpiresAt: Date | null;
    readonly suspendedAt: Date | null;
    readonly revokedAt: Date | null;
    /** Entitlement codes the license holds. */
    readonly entitlements: readonly string[];
  } | null;
  readonly policy: {
    readonly expirationStrategy: ExpirationStrategy;
    readonly heartbeatSeconds: number | null;
  };
  /** Effective limits (the license's override, else the policy's) and active bindings per kind. */
  readonly limits: { readonly machine: number; readonly domain: number };
  readonly used: { readonly machine: number; readonly domain: number };
  /** What the software asked about; each part is checked only when given. */
  readonly request: {
    readonly kind?: ActivationKind | undefined;
    readonly binding?: BindingFacts | null | undefined;
    /** When the requested version was published; `undefined` when the version is unknown or not asked. */
    readonly versionReleasedAt?: Date | undefined;
    readonly version?: string | undefined;
    readonly entitlements?: readonly string[] | undefined;
    readonly productId?: string | undefined;
  };
  readonly now: Date;
}

const KIND_WORDS: Record<ActivationKind, { noun: string; plural: string; code: ValidationCode }> = {
  machine: { noun: "machine", plural: "machines", code: "MACHINE_LIMIT_REACHED" },
  domain: { noun: "domain", plural: "domains", code: "DOMAIN_LIMIT_REACHED" },
};

/**
 * Runs every check over the gathered facts and returns each finding in rule
 * order: NOT_FOUND; PRODUCT_MISMATCH; REVOKED; SUSPENDED; EXPIRED; VERSION_NOT_COVERED;
 * the binding (DEACTIVATED, DOMAIN_MISMATCH or NOT_ACTIVATED, else HEARTBEAT_DEAD);
 * the limit (MACHINE_/DOMAIN_LIMIT_REACHED, only when no active binding exists);
 * ENTITLEMENT_MISSING. When nothing is found the list is `[VALID]`.
 * docs/licensing.md explains each decision.
 *
 * @example
 * const findings = evaluateLicense(facts);
 * const answer = outcomeOf(findings); // { code: "EXPIRED", valid: true, … }
 */
export function evaluateLicense(facts: EvaluationFacts): Finding[] {
  const { license, request } = facts;
  if (!license) {
    return [{ code: "NOT_FOUND", valid: false, detail: "No license has this key." }];
  }
  const findings: Finding[] = [];
  if (request.productId !== undefined && request.productId !== license.productId) {
    findings.push({
      code: "PRODUCT_MISMATCH",
      valid: false,
      detail: "This license is for another product.",
    });
  }
  if (license.revokedAt) {
    findings.push({
      code: "REVOKED",
      valid: false,
      detail: "The license has been revoked.",
      at: license.revokedAt,
    });
  }
  if (license.suspendedAt) {
    findings.push({
      code: "SUSPENDED",
      valid: false,
      detail: "The license is suspended.",
      at: license.suspendedAt,
    });
  }
  findings.push(...expiryFindings(facts));
  findings.push(...bindingFindings(facts));
  if (request.entitlements !== undefined) {
    const held = new Set(license.entitlements);
    const missing = [...new Set(request.entitlements)].filter((code) => !held.has(code));
    if (missing.length > 0) {
      findings.push({
        code: "ENTITLEMENT_MISSING",
        valid: false,
        detail: `The license lacks ${missing.length === 1 ? "the entitlement" : "the entitlements"} ${missing.join(", ")}.`,
        missing,
      });
    }
  }
  return findings.length > 0 ? findings : [validFinding()];
}

/** What a validation answers: the first failing finding, else the first (informative) one. */
export function outcomeOf(findings: readonly Finding[]): Finding {
  return findings.find((finding) => !finding.valid) ?? findings[0] ?? validFinding();
}

function validFinding(): Finding {
  return { code: "VALID", valid: true, detail: "The license is valid." };
}

function expiryFindings({ license, policy, request, now }: EvaluationFacts): Finding[] {
  if (!license) return [];
  const findings: Finding[] = [];
  const strategy = policy.expirationStrategy;
  const expired = license.expiresAt !== null && license.expiresAt.getTime() <= now.getTime();
  if (expired && license.expiresAt) {
    const on = license.expiresAt.toISOString();
    findings.push(
      strategy === "revoke"
        ? {
            code: "EXPIRED",
            valid: false,
            detail: `The license expired on ${on}.`,
            at: license.expiresAt,
          }
        : {
            code: "EXPIRED",
            valid: true,
            detail:
              strategy === "allow"
                ? `The license expired on ${on}; it stays usable.`
                : `The license expired on ${on}; versions released before its maintenance ended stay usable.`,
            at: license.expiresAt,
          },
    );
  }
  // Only restrict and maintain tie validity to release dates; allow ignores expiry, revoke ends everything.
  const coverageEnd = maintenanceEnd(license);
  if (
    (strategy === "restrict" || strategy === "maintain") &&
    coverageEnd !== null &&
    request.versionReleasedAt !== undefined &&
    request.versionReleasedAt.getTime() > coverageEnd.getTime()
  ) {
    findings.push({
      code: "VERSION_NOT_COVERED",
      valid: false,
      detail: `Version ${request.version ?? "requested"} was released after maintenance ended on ${coverageEnd.toISOString()}.`,
      at: coverageEnd,
    });
  }
  return findings;
}

function bindingFindings({ policy, limits, used, request, now }: EvaluationFacts): Finding[] {
  const kind = request.kind;
  if (kind === undefined) return [];
  const words = KIND_WORDS[kind];
  const binding = request.binding ?? null;
  if (binding && binding.deactivatedAt === null) {
    if (isHeartbeatDead(binding.lastSeenAt, policy.heartbeatSeconds, now)) {
      return [
        {
          code: "HEARTBEAT_DEAD",
          valid: false,
          detail: `This ${words.noun} missed its heartbeats (last seen ${binding.lastSeenAt.toISOString()}); activate it again.`,
          at: binding.lastSeenAt,
        },
      ];
    }
    return [];
  }
  const findings: Finding[] = [];
  if (binding) {
    findings.push({
      code: "DEACTIVATED",
      valid: false,
      detail: `This ${words.noun} was deactivated${binding.deactivatedBy ? ` (by ${binding.deactivatedBy})` : ""}.`,
      at: binding.deactivatedAt ?? undefined,
    });
  } else if (kind === "domain" && used.domain > 0) {
    findings.push({
      code: "DOMAIN_MISMATCH",
      valid: false,
      detail: "The license is activated for other domains, not this one.",
    });
  } else {
    findings.push({
      code: "NOT_ACTIVATED",
      valid: false,
      detail: `This ${words.noun} is not activated for the license.`,
    });
  }
  const limitFinding = limitFindingFor(kind, limits[kind], used[kind]);
  if (limitFinding) findings.push(limitFinding);
  return findings;
}

/** The finding when no further binding of `kind` fits, else `null`. */
export function limitFindingFor(
  kind: ActivationKind,
  limit: number,
  usedCount: number,
): Finding | null {
  if (usedCount < limit) return null;
  const words = KIND_WORDS[kind];
  return {
    code: words.code,
    valid: false,
    detail:
      limit === 0
        ? `This license does not allow ${words.noun} activations.`
        : `${usedCount} of ${limit} ${words.plural} are in use; deactivate one first.`,
    used: usedCount,
    limit,
  };
}
