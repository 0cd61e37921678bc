import {
  DEFAULT_WORDING,
  type SentenceWriter,
  sentenceWriter,
  type Wording,
} from "../core/sentence-catalogue.ts";
import { maintenanceEnd } from "../licenses/maintenance-end.ts";
import { evaluateLicense, limitFindingFor, outcomeOf } from "../licensing/license-evaluation.ts";
import {
  explainFinding,
  limitFinding,
  unknownVersion,
  validFinding,
} from "./diagnosis-findings.ts";
import { SUMMARY_SENTENCES as S } from "./diagnosis-sentences.ts";
import type { Diagnosis, DiagnosisInput } from "./diagnosis-types.ts";
import { wordsOfCode } from "./diagnosis-wording.ts";

export type {
  ActivationRef,
  Diagnosis,
  DiagnosisFinding,
  DiagnosisInput,
  ExplainedFailure,
  FindingRefs,
  Severity,
} from "./diagnosis-types.ts";
export { activationLabel, DIAGNOSIS_CODES, type DiagnosisCode } from "./diagnosis-wording.ts";

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
  // "Everything is in order" above "All machine slots in use" would contradict itself.
  const warnings = findings.filter((finding) => finding.severity === "warning").length;
  const valid = evaluated.findIndex((finding) => finding.code === "VALID");
  if (warnings > 0 && valid !== -1) {
    findings[valid] = validFinding(evaluated[valid]!, input, w, warnings);
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
  // Said apart only when maintenance ends on another day than the license.
  const maintenance = held ? maintenanceEnd(held) : null;
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
