import { isDeactivationLimitReached } from "../activations/deactivation-window.ts";
import type { SentenceWriter } from "../core/sentence-catalogue.ts";
import type { ActivationKind } from "../db/schema.ts";
import { maintenanceEnd } from "../licenses/maintenance-end.ts";
import type { Finding } from "../licensing/license-evaluation.ts";
import { EXPIRED_SENTENCES, FINDING_SENTENCES as S } from "./diagnosis-sentences.ts";
import type { DiagnosisFinding, DiagnosisInput, FindingRefs, Severity } from "./diagnosis-types.ts";
import { CODE_WORDS, shownIdentifier } from "./diagnosis-wording.ts";

/*
 * The explanations behind license-diagnosis.ts, one function per code: each
 * picks the sentences of diagnosis-sentences.ts that apply and fills in the
 * machines, numbers and dates, and a fix the customer can act on, in the
 * reader's language.
 */

function severityOf(finding: Finding): Severity {
  if (!finding.valid) return "error";
  return finding.code === "VALID" ? "ok" : "warning";
}

function explained(
  w: SentenceWriter,
  finding: Finding,
  explanation: string,
  fix: string | null,
  refs: FindingRefs = finding.at ? { at: finding.at } : {},
): DiagnosisFinding {
  return {
    code: finding.code,
    valid: finding.valid,
    severity: severityOf(finding),
    title: w.fixed(CODE_WORDS[finding.code].title),
    explanation,
    fix,
    refs,
  };
}

/** A finding of the evaluation in words, with the concrete names, numbers and dates. */
export function explainFinding(
  finding: Finding,
  input: DiagnosisInput,
  w: SentenceWriter,
): DiagnosisFinding {
  const { facts } = input;
  const now = facts.now;
  const at = finding.at;
  switch (finding.code) {
    case "VALID":
      return validFinding(finding, input, w);
    case "NOT_FOUND":
      return explained(w, finding, w.fixed(S.notFound), w.fixed(S.notFoundFix));
    case "PRODUCT_MISMATCH":
      return explained(
        w,
        finding,
        w.write(S.productMismatch, { productName: input.license.productName }),
        w.fixed(S.productMismatchFix),
      );
    case "REVOKED":
      return explained(w, finding, w.write(S.revoked, { at: at!, now }), w.fixed(S.revokedFix));
    case "SUSPENDED":
      return explained(w, finding, w.write(S.suspended, { at: at!, now }), w.fixed(S.suspendedFix));
    case "EXPIRED":
      return expired(finding, input, w);
    case "VERSION_NOT_COVERED":
      return versionNotCovered(finding, input, w);
    case "NOT_ACTIVATED":
      return notActivated(finding, input, w);
    case "DEACTIVATED":
      return deactivated(finding, input, w);
    case "HEARTBEAT_DEAD":
      return heartbeatDead(finding, input, w);
    case "DOMAIN_MISMATCH":
      return domainMismatch(finding, input, w);
    case "MACHINE_LIMIT_REACHED":
      return limitFinding(finding, "machine", input, w);
    case "DOMAIN_LIMIT_REACHED":
      return limitFinding(finding, "domain", input, w);
    case "ENTITLEMENT_MISSING": {
      const missing = finding.missing ?? [];
      const held = facts.license?.entitlements ?? [];
      return explained(
        w,
        finding,
        w.write(S.entitlementMissing, { missing, held }),
        w.write(S.entitlementMissingFix, { missing }),
        { missing },
      );
    }
  }
}

/**
 * The VALID finding; beside `warnings` other findings it says the license is valid as things
 * stand rather than that everything is in order.
 */
export function validFinding(
  finding: Finding,
  input: DiagnosisInput,
  w: SentenceWriter,
  warnings = 0,
): DiagnosisFinding {
  const found = explained(w, finding, validExplanation(input, w, warnings), null);
  return warnings === 0 ? found : { ...found, title: w.fixed(S.validTitleWithWarnings) };
}

function validExplanation(
  { facts, identifier, binding }: DiagnosisInput,
  w: SentenceWriter,
  warnings: number,
) {
  const { request, now } = facts;
  const parts = [
    warnings === 0 ? w.fixed(S.validPassed) : w.write(S.validWithWarnings, { count: warnings }),
  ];
  if (request.kind !== undefined && identifier !== undefined && request.binding && binding) {
    parts.push(
      w.write(S.validBinding, {
        kind: request.kind,
        name: binding.name,
        lastSeenAt: request.binding.lastSeenAt,
        now,
      }),
    );
  }
  if (request.version !== undefined && request.versionReleasedAt !== undefined) {
    parts.push(w.write(S.validVersion, { version: request.version }));
  }
  if (request.entitlements !== undefined && request.entitlements.length > 0) {
    parts.push(w.write(S.validEntitlements, { codes: [...new Set(request.entitlements)] }));
  }
  return parts.join(" ");
}

function expired(finding: Finding, input: DiagnosisInput, w: SentenceWriter): DiagnosisFinding {
  const { facts } = input;
  const at = finding.at!;
  const end = (facts.license && maintenanceEnd(facts.license)) ?? at;
  const words = EXPIRED_SENTENCES[facts.policy.expirationStrategy];
  return explained(
    w,
    finding,
    `${w.write(S.expired, { at, now: facts.now })} ${w.write(words.what, { end })}`,
    w.write(words.fix, { end }),
  );
}

function versionNotCovered(
  finding: Finding,
  input: DiagnosisInput,
  w: SentenceWriter,
): DiagnosisFinding {
  const { facts, latestCovered } = input;
  const version = facts.request.version ?? w.fixed(S.requestedVersion);
  const releasedAt = facts.request.versionReleasedAt!;
  const end = finding.at!;
  const strategy = facts.policy.expirationStrategy;
  return explained(
    w,
    finding,
    `${w.write(S.versionNotCovered, { version, releasedAt, end })} ${w.write(S.versionNotCoveredConsequence, { strategy, version, end })}`,
    w.write(S.versionNotCoveredFix, { version, latest: latestCovered }),
    { at: end, releasedAt },
  );
}

/** A well-formed version that is no published release: validation passes over it, a person should hear of it. */
export function unknownVersion(
  version: string,
  productName: string,
  w: SentenceWriter,
): DiagnosisFinding {
  return {
    code: "VERSION_UNKNOWN",
    valid: true,
    severity: "warning",
    title: w.fixed(CODE_WORDS.VERSION_UNKNOWN.title),
    explanation: w.write(S.versionUnknown, { version, productName }),
    fix: w.fixed(S.versionUnknownFix),
    refs: {},
  };
}

/** The kind asked about, and the identifier as the customer reads it. */
function asked({ facts, identifier }: DiagnosisInput, w: SentenceWriter) {
  const kind = facts.request.kind ?? "machine";
  return {
    kind,
    shown: w.say.quote(shownIdentifier(kind, identifier ?? "")),
    free: facts.used[kind] < facts.limits[kind],
  };
}

function notActivated(
  finding: Finding,
  input: DiagnosisInput,
  w: SentenceWriter,
): DiagnosisFinding {
  const { kind, shown, free } = asked(input, w);
  const { used, limits } = input.facts;
  if (limits[kind] === 0) {
    return explained(
      w,
      finding,
      w.write(S.kindNotIncluded, { kind, shown }),
      w.write(S.askForKind, { kind }),
    );
  }
  return explained(
    w,
    finding,
    w.write(S.notActivated, { kind, shown, used: used[kind], limit: limits[kind], free }),
    free
      ? w.write(S.activateHere, { kind })
      : w.write(S.thenActivate, { kind, freeSlot: freeSlotFix(kind, input, w) }),
    { used: used[kind], limit: limits[kind] },
  );
}

function deactivated(finding: Finding, input: DiagnosisInput, w: SentenceWriter): DiagnosisFinding {
  const { kind, free } = asked(input, w);
  const { facts, binding } = input;
  const by = facts.request.binding?.deactivatedBy ?? null;
  const user = binding?.deactivatedByUser ?? null;
  const who = by
    ? w.write(S.deactivatedBy[by === "customer" && user ? "user" : by], { kind, user })
    : "";
  return explained(
    w,
    finding,
    w.write(S.deactivated, {
      kind,
      name: binding?.name ?? "",
      at: finding.at ?? null,
      now: facts.now,
      who,
      reason: binding?.reason ?? null,
    }),
    free
      ? w.write(S.activateAgain, { kind })
      : w.write(S.thenActivateAgain, { kind, freeSlot: freeSlotFix(kind, input, w) }),
  );
}

function heartbeatDead(
  finding: Finding,
  input: DiagnosisInput,
  w: SentenceWriter,
): DiagnosisFinding {
  const { kind } = asked(input, w);
  const { facts, binding } = input;
  return explained(
    w,
    finding,
    w.write(S.heartbeatDead, {
      kind,
      name: binding?.name ?? "",
      at: finding.at!,
      now: facts.now,
      interval: facts.policy.heartbeatSeconds ?? 0,
    }),
    w.write(S.heartbeatDeadFix, { kind }),
  );
}

function domainMismatch(
  finding: Finding,
  input: DiagnosisInput,
  w: SentenceWriter,
): DiagnosisFinding {
  const { shown, free } = asked(input, w);
  const { facts, leastRecentlySeen } = input;
  const active = leastRecentlySeen.domain;
  return explained(
    w,
    finding,
    w.write(S.domainMismatch, {
      names: active.map((row) => row.name),
      others: facts.used.domain - active.length,
      shown,
      used: facts.used.domain,
      limit: facts.limits.domain,
    }),
    free
      ? w.write(S.activateDomain, { shown })
      : w.write(S.thenActivateDomain, { shown, freeSlot: freeSlotFix("domain", input, w) }),
    { activations: active },
  );
}

/** A full machine or domain limit, naming the least recently seen activations and how to free one. */
export function limitFinding(
  finding: Finding,
  kind: ActivationKind,
  input: DiagnosisInput,
  w: SentenceWriter,
): DiagnosisFinding {
  const used = finding.used ?? input.facts.used[kind];
  const limit = finding.limit ?? input.facts.limits[kind];
  if (limit === 0) {
    return explained(
      w,
      finding,
      w.write(S.noKindIncluded, { kind }),
      w.write(S.askForKind, { kind }),
      { used, limit },
    );
  }
  const candidates = input.leastRecentlySeen[kind];
  return explained(
    w,
    finding,
    w.write(S.limitReached, { kind, used, limit, seen: candidates, now: input.facts.now }),
    w.write(S.thenActivateNew, { kind, freeSlot: freeSlotFix(kind, input, w) }),
    {
      activations: candidates,
      used,
      limit,
      ...(deactivationBlocked(input) ? { nextAllowedAt: input.deactivations.nextAllowedAt } : {}),
    },
  );
}

/** Whether the customer's deactivations of the window are used up (a limit of 0 counts). */
function deactivationBlocked({ policy, deactivations }: DiagnosisInput): boolean {
  return isDeactivationLimitReached(policy.deactivationLimit, deactivations.usedInWindow);
}

/** How the customer frees a slot of `kind`: deactivate the least recently seen, unless the policy or the window forbids it. */
function freeSlotFix(kind: ActivationKind, input: DiagnosisInput, w: SentenceWriter): string {
  const { policy, deactivations, facts } = input;
  if (policy.protected) return w.write(S.protectedSlots, { kind });
  if (
    policy.deactivationLimit === 0 ||
    (deactivationBlocked(input) && !deactivations.nextAllowedAt)
  ) {
    return w.write(S.noSelfDeactivation, { kind });
  }
  if (deactivationBlocked(input) && deactivations.nextAllowedAt) {
    return w.write(S.deactivationsUsedUp, {
      limit: policy.deactivationLimit!,
      windowDays: policy.deactivationWindowDays,
      next: deactivations.nextAllowedAt,
      now: facts.now,
    });
  }
  const first = input.leastRecentlySeen[kind][0];
  return first
    ? w.write(S.deactivateLeastSeen, {
        kind,
        name: first.name,
        lastSeenAt: first.lastSeenAt,
        now: facts.now,
      })
    : w.write(S.deactivateUnused, { kind });
}
