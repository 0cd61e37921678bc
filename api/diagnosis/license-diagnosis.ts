import {
  DEFAULT_WORDING,
  type SentenceWriter,
  sentenceWriter,
  type Wording,
} from "../core/sentence-catalogue.ts";
import type { ActivationKind } from "../db/schema.ts";
import type { LicenseStatus } from "../licenses/license-status.ts";
import {
  type EvaluationFacts,
  evaluateLicense,
  limitFindingFor,
  outcomeOf,
  type ValidationCode,
} from "../licensing/license-evaluation.ts";
import { explainFinding, limitFinding, unknownVersion } from "./diagnosis-findings.ts";
import { SUMMARY_SENTENCES as S } from "./diagnosis-sentences.ts";
import { type DiagnosisCode, wordsOfCode } from "./diagnosis-wording.ts";

export { activationLabel, DIAGNOSIS_CODES, type DiagnosisCode } from "./diagnosis-wording.ts";

export type Severity = "ok" | "warning" | "error";

/** An activation a finding refers to, e.g. one worth deactivating to free a slot. */
export interface ActivationRef {
  readonly id: string;
  readonly kind: ActivationKind;
  /** What the customer calls it: its name, host name or shortened identifier. */
  readonly name: string;
  readonly lastSeenAt: Date;
}

/** The machine-readable facts behind a finding's sentences, so a UI can format them itself. */
export interface FindingRefs {
  readonly activations?: readonly ActivationRef[];
  /** The moment the finding is about (expiry, maintenance end, last heartbeat, deactivation). */
  readonly at?: Date;
  readonly used?: number;
  readonly limit?: number;
  readonly missing?: readonly string[];
  /** When the customer may deactivate again; `null` when they never may themselves. */
  readonly nextAllowedAt?: Date | null;
  readonly releasedAt?: Date;
}

export interface DiagnosisFinding {
  readonly code: DiagnosisCode;
  readonly valid: boolean;
  readonly severity: Severity;
  readonly title: string;
  /** Whole sentences with the concrete names, numbers and dates. */
  readonly explanation: string;
  /** What the customer can do about it; `null` when nothing is needed. */
  readonly fix: string | null;
  readonly refs: FindingRefs;
}

/** A failed validation the software made, with what its code means. */
export interface ExplainedFailure {
  readonly code: string;
  readonly at: Date;
  readonly fingerprint: string | null;
  readonly domain: string | null;
  readonly version: string | null;
  readonly title: string;
  readonly explanation: string;
}

export interface Diagnosis {
  readonly licenseId: string;
  readonly checkedAt: Date;
  /** What validate would answer for the same question. */
  readonly valid: boolean;
  readonly code: ValidationCode;
  /** The license's general state in sentences, whatever was asked. */
  readonly summary: readonly string[];
  readonly findings: readonly DiagnosisFinding[];
  readonly recentFailures: readonly ExplainedFailure[];
}

/** Everything the explanations need beyond the evaluation's facts, read beforehand. */
export interface DiagnosisInput {
  /** The same facts validation evaluates (licensing-facts.ts `gatherFacts`). */
  readonly facts: EvaluationFacts;
  readonly license: {
    readonly id: string;
    readonly name: string;
    readonly productName: string;
    readonly status: LicenseStatus;
  };
  readonly policy: {
    readonly protected: boolean;
    readonly deactivationLimit: number | null;
    readonly deactivationWindowDays: number;
  };
  /** Customer deactivations in the current window; `nextAllowedAt` matters only when they are used up. */
  readonly deactivations: { readonly usedInWindow: number; readonly nextAllowedAt: Date | null };
  /** The fingerprint or normalised domain asked about. */
  readonly identifier?: string | undefined;
  /** The binding found for it, with the name of the user who ended it, if one did. */
  readonly binding?: {
    readonly name: string;
    readonly deactivatedByUser: string | null;
    readonly reason: string | null;
  } | null;
  /** A few active activations per kind, least recently seen first. */
  readonly leastRecentlySeen: Readonly<Record<ActivationKind, readonly ActivationRef[]>>;
  /** The newest release inside the maintenance window, offered when the asked version is not covered. */
  readonly latestCovered?: { readonly version: string; readonly publishedAt: Date } | null;
  readonly recentFailures: readonly Omit<ExplainedFailure, "title" | "explanation">[];
}

/**
 * Explains every finding of the evaluation validation runs, adds what only a
 * person needs to hear (a full limit with no question asked, an unknown
 * version), and describes the license's state, in the reader's language and
 * time zone. Pure: it reads nothing.
 *
 * @example
 * const diagnosis = diagnoseFromFacts(input, { locale: "de", timeZone: "Europe/Berlin" });
 * diagnosis.findings[1].fix; // "Deaktivieren Sie „OLD-PC“ (zuletzt gesehen vor 140 Tagen) oder ein anderes Gerät …"
 */
export function diagnoseFromFacts(
  input: DiagnosisInput,
  wording: Wording = DEFAULT_WORDING,
): Diagnosis {
  const w = sentenceWriter(wording);
  const { facts } = input;
  const evaluated = evaluateLicense(facts);
  const outcome = outcomeOf(evaluated);
  const findings = evaluated.map((finding) => explainFinding(finding, input, w));
  const { request, license } = facts;
  if (request.version !== undefined && request.versionReleasedAt === undefined) {
    findings.push(unknownVersion(request.version, input.license.productName, w));
  }
  if (request.kind === undefined && license && !license.revokedAt) {
    // Asked nothing: a full kind is worth a warning before a new machine is refused.
    for (const kind of ["machine", "domain"] as const) {
      const full = limitFindingFor(kind, facts.limits[kind], facts.used[kind]);
      if (full && facts.limits[kind] > 0) {
        findings.push({ ...limitFinding(full, kind, input, w), valid: true, severity: "warning" });
      }
    }
  }
  return {
    licenseId: input.license.id,
    checkedAt: facts.now,
    valid: outcome.valid,
    code: outcome.code,
    summary: summarize(input, w),
    findings,
    recentFailures: input.recentFailures.map((failure) => ({
      ...failure,
      ...wordsOfCode(failure.code, w.locale),
    })),
  };
}

function summarize(input: DiagnosisInput, w: SentenceWriter): string[] {
  const { facts, license, policy, deactivations } = input;
  const now = facts.now;
  const held = facts.license;
  const named = { name: license.name, productName: license.productName };
  const expiresAt = held?.expiresAt ?? null;
  const sentences: string[] = [];
  switch (license.status) {
    case "revoked":
      sentences.push(w.write(S.revoked, { ...named, at: held!.revokedAt! }));
      break;
    case "suspended":
      sentences.push(w.write(S.suspended, { ...named, at: held!.suspendedAt! }));
      break;
    case "expired":
      sentences.push(w.write(S.expired, { ...named, at: expiresAt!, now }));
      break;
    default:
      sentences.push(
        expiresAt
          ? w.write(S.activeUntil, {
              ...named,
              at: expiresAt,
              now,
              soon: license.status === "expiring",
            })
          : w.write(S.activeForever, named),
      );
  }
  const maintenance = held?.maintenanceExpiresAt ?? null;
  if (maintenance && maintenance.getTime() !== expiresAt?.getTime()) {
    sentences.push(
      maintenance.getTime() <= now.getTime()
        ? w.write(S.maintenanceEnded, { at: maintenance })
        : w.write(S.maintenanceUntil, { at: maintenance }),
    );
  }
  const seats = (["machine", "domain"] as const)
    .filter((kind) => facts.limits[kind] > 0)
    .map((kind) => ({ kind, used: facts.used[kind], limit: facts.limits[kind] }));
  sentences.push(seats.length > 0 ? w.write(S.inUse, { seats }) : w.fixed(S.noActivations));
  const interval = facts.policy.heartbeatSeconds;
  if (interval !== null) sentences.push(w.write(S.heartbeat, { interval }));
  if (policy.protected) {
    sentences.push(w.fixed(S.protectedActivations));
  } else if (policy.deactivationLimit !== null) {
    sentences.push(
      w.write(S.deactivationsUsed, {
        used: deactivations.usedInWindow,
        limit: policy.deactivationLimit,
        windowDays: policy.deactivationWindowDays,
      }),
    );
  }
  return sentences;
}
