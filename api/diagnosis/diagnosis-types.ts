import type { ActivationKind } from "../db/schema.ts";
import type { LicenseStatus } from "../licenses/license-status.ts";
import type { EvaluationFacts, ValidationCode } from "../licensing/license-evaluation.ts";
import type { DiagnosisCode } from "./diagnosis-wording.ts";

/*
 * What a diagnosis is made of: what license-diagnosis.ts reads (DiagnosisInput) and
 * answers (Diagnosis), shared with the explanations in diagnosis-findings.ts.
 */

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
