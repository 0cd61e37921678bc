import type { ActivationKind, Actor, ExpirationStrategy } from "../db/schema.ts";
import {
  CODE_WORDS,
  counted,
  daysAgo,
  daysAhead,
  isoDay,
  KIND_NOUNS,
  listed,
  quoted,
  shownIdentifier,
} from "./diagnosis-wording.ts";
import type {
  DiagnosisFinding,
  DiagnosisInput,
  FindingRefs,
  Severity,
} from "./license-diagnosis.ts";
import type { EvaluationFacts, Finding } from "./license-evaluation.ts";
import { duration } from "./policy-rules.ts";

/*
 * The explanations behind license-diagnosis.ts, one function per code: each
 * turns the evaluation's finding and the gathered facts into sentences that name
 * the machines, numbers and dates, and a fix the customer can act on.
 */

function severityOf(finding: Finding): Severity {
  if (!finding.valid) return "error";
  return finding.code === "VALID" ? "ok" : "warning";
}

function explained(
  finding: Finding,
  explanation: string,
  fix: string | null,
  refs: FindingRefs = finding.at ? { at: finding.at } : {},
): DiagnosisFinding {
  return {
    code: finding.code,
    valid: finding.valid,
    severity: severityOf(finding),
    title: CODE_WORDS[finding.code].title,
    explanation,
    fix,
    refs,
  };
}

/** A finding of the evaluation in words, with the concrete names, numbers and dates. */
export function explainFinding(finding: Finding, input: DiagnosisInput): DiagnosisFinding {
  const { facts } = input;
  const now = facts.now;
  const at = finding.at;
  switch (finding.code) {
    case "VALID":
      return explained(finding, validExplanation(input), null);
    case "NOT_FOUND":
      return explained(finding, "No license has this key.", "Check the key the software uses.");
    case "PRODUCT_MISMATCH":
      return explained(
        finding,
        `The software belongs to another product than this license, which is for ${input.license.productName}.`,
        "Use a license for that product in the software.",
      );
    case "REVOKED":
      return explained(
        finding,
        `The vendor revoked this license on ${isoDay(at!)} (${daysAgo(at!, now)}). It no longer works on any machine or domain.`,
        "Contact the vendor's support if you think this is a mistake.",
      );
    case "SUSPENDED":
      return explained(
        finding,
        `The vendor suspended this license on ${isoDay(at!)} (${daysAgo(at!, now)}). The software refuses it until it is reinstated.`,
        "Contact the vendor's support to find out why and to have it reinstated.",
      );
    case "EXPIRED":
      return expired(finding, input);
    case "VERSION_NOT_COVERED":
      return versionNotCovered(finding, input);
    case "NOT_ACTIVATED":
      return notActivated(finding, input);
    case "DEACTIVATED":
      return deactivated(finding, input);
    case "HEARTBEAT_DEAD":
      return heartbeatDead(finding, input);
    case "DOMAIN_MISMATCH":
      return domainMismatch(finding, input);
    case "MACHINE_LIMIT_REACHED":
      return limitFinding(finding, "machine", input);
    case "DOMAIN_LIMIT_REACHED":
      return limitFinding(finding, "domain", input);
    case "ENTITLEMENT_MISSING": {
      const missing = finding.missing ?? [];
      const held = facts.license?.entitlements ?? [];
      return explained(
        finding,
        `The license does not include ${listed(missing.map(quoted))}. ` +
          (held.length > 0
            ? `It includes ${listed(held.map(quoted))}.`
            : "It includes no optional features."),
        `Ask the vendor to add ${listed(missing.map(quoted))} to the license, or turn off what needs ${missing.length === 1 ? "it" : "them"}.`,
        { missing },
      );
    }
  }
}

function validExplanation({ facts, identifier, binding }: DiagnosisInput): string {
  const { request, now } = facts;
  const parts = ["Every check passed."];
  if (request.kind !== undefined && identifier !== undefined && request.binding && binding) {
    parts.push(
      `The ${KIND_NOUNS[request.kind].one} ${quoted(binding.name)} is activated and was last seen ${daysAgo(request.binding.lastSeenAt, now)}.`,
    );
  }
  if (request.version !== undefined && request.versionReleasedAt !== undefined) {
    parts.push(`Version ${request.version} is covered by the license.`);
  }
  if (request.entitlements !== undefined && request.entitlements.length > 0) {
    parts.push(`It includes ${listed([...new Set(request.entitlements)].map(quoted))}.`);
  }
  return parts.join(" ");
}

/** Maintenance ends at its own date, else at the expiry; `null`: every version is covered. */
function maintenanceEnd(facts: EvaluationFacts): Date | null {
  return facts.license?.maintenanceExpiresAt ?? facts.license?.expiresAt ?? null;
}

const EXPIRED_WORDS: Record<ExpirationStrategy, (end: string) => { what: string; fix: string }> = {
  revoke: () => ({
    what: "Under its policy an expired license stops working: the software refuses it everywhere.",
    fix: "Renew the license; the same key and activations work again at once.",
  }),
  restrict: (end) => ({
    what: `Versions released before ${end} keep working; newer versions are refused.`,
    fix: `Keep using a version released before ${end}, or renew the license to use newer ones.`,
  }),
  maintain: (end) => ({
    what: `Versions released before ${end} keep working, but you cannot download anything until it is renewed.`,
    fix: "Renew the license to download again and to use newer versions.",
  }),
  allow: () => ({
    what: "Its policy lets it keep working after it expires, so nothing stops; this is a reminder.",
    fix: "Nothing is needed for the software to keep running; renew the license to keep it current.",
  }),
};

function expired(finding: Finding, input: DiagnosisInput): DiagnosisFinding {
  const { facts } = input;
  const at = finding.at!;
  const end = maintenanceEnd(facts) ?? at;
  const words = EXPIRED_WORDS[facts.policy.expirationStrategy](isoDay(end));
  return explained(
    finding,
    `The license expired on ${isoDay(at)} (${daysAgo(at, facts.now)}). ${words.what}`,
    words.fix,
  );
}

function versionNotCovered(finding: Finding, input: DiagnosisInput): DiagnosisFinding {
  const { facts, latestCovered } = input;
  const version = facts.request.version ?? "the requested version";
  const released = facts.request.versionReleasedAt!;
  const end = isoDay(finding.at!);
  const consequence =
    facts.policy.expirationStrategy === "maintain"
      ? `Under its “maintain” policy, versions released before ${end} keep working, but ${version} is refused and cannot be downloaded.`
      : `Under its “restrict” policy, versions released before ${end} keep working, but ${version} is refused.`;
  return explained(
    finding,
    `Version ${version} was released on ${isoDay(released)}, after the license's maintenance ended on ${end}. ${consequence}`,
    latestCovered
      ? `Install version ${latestCovered.version} (released ${isoDay(latestCovered.publishedAt)}), the newest the license covers, or renew maintenance to use ${version}.`
      : `Renew maintenance to use ${version}.`,
    { at: finding.at!, releasedAt: released },
  );
}

/** A well-formed version that is no published release: validation passes over it, a person should hear of it. */
export function unknownVersion(version: string, productName: string): DiagnosisFinding {
  return {
    code: "VERSION_UNKNOWN",
    valid: true,
    severity: "warning",
    title: CODE_WORDS.VERSION_UNKNOWN.title,
    explanation: `Version ${version} is not a published release of ${productName}, so whether the license covers it could not be checked.`,
    fix: "Check the version the software reports; the published versions are listed under Downloads.",
    refs: {},
  };
}

/** The kind asked about, its words, and the identifier as the customer reads it. */
function asked({ facts, identifier }: DiagnosisInput) {
  const kind = facts.request.kind ?? "machine";
  return {
    kind,
    noun: KIND_NOUNS[kind],
    shown: quoted(shownIdentifier(kind, identifier ?? "")),
    free: facts.used[kind] < facts.limits[kind],
  };
}

function notActivated(finding: Finding, input: DiagnosisInput): DiagnosisFinding {
  const { kind, noun, shown, free } = asked(input);
  const { used, limits } = input.facts;
  if (limits[kind] === 0) {
    return explained(
      finding,
      `The ${noun.one} ${shown} is not activated, and this license does not include ${noun.many}.`,
      `Ask the vendor for a license that includes ${noun.many}.`,
    );
  }
  const slots = `${used[kind]} of ${counted(limits[kind], noun.one, noun.many)} are in use`;
  return explained(
    finding,
    `The ${noun.one} ${shown} is not activated for this license. ${slots}, so ${free ? "it can be activated" : "there is no free slot for it"}.`,
    free
      ? `Activate it from the software on that ${noun.one} with this license key.`
      : `${freeSlotFix(kind, input)} Then activate it from the software.`,
    { used: used[kind], limit: limits[kind] },
  );
}

const ENDED_BY: Record<Actor, string> = {
  customer: "in the portal",
  software: "by the software on it",
  vendor: "by the vendor",
  system: "automatically, because it stopped checking in",
};

function deactivated(finding: Finding, input: DiagnosisInput): DiagnosisFinding {
  const { kind, noun, free } = asked(input);
  const { facts, binding } = input;
  const by = facts.request.binding?.deactivatedBy ?? null;
  const who =
    by === "customer" && binding?.deactivatedByUser
      ? `by ${binding.deactivatedByUser} in the portal`
      : by
        ? ENDED_BY[by]
        : "";
  const when = finding.at ? ` on ${isoDay(finding.at)} (${daysAgo(finding.at, facts.now)})` : "";
  const reason = binding?.reason ? `, with the reason ${quoted(binding.reason)}` : "";
  return explained(
    finding,
    `The ${noun.one} ${quoted(binding?.name ?? "")} was deactivated${when}${who ? ` ${who}` : ""}${reason}.`,
    free
      ? `Activate it again from the software; a ${noun.one} slot is free.`
      : `${freeSlotFix(kind, input)} Then activate it again from the software.`,
  );
}

function heartbeatDead(finding: Finding, input: DiagnosisInput): DiagnosisFinding {
  const { noun } = asked(input);
  const { facts, binding } = input;
  const interval = facts.policy.heartbeatSeconds ?? 0;
  const seen = finding.at!;
  return explained(
    finding,
    `The ${noun.one} ${quoted(binding?.name ?? "")} last checked in on ${isoDay(seen)} (${daysAgo(seen, facts.now)}). ` +
      `The license expects a check-in every ${duration(interval).replace(/^1 /, "")} and releases a ${noun.one} that is silent for ${duration(2 * interval)}, so the software is refused until it activates again.`,
    `Start the software on it with a network connection; it activates again while a ${noun.one} slot is free.`,
  );
}

function domainMismatch(finding: Finding, input: DiagnosisInput): DiagnosisFinding {
  const { shown, free } = asked(input);
  const { facts, leastRecentlySeen } = input;
  const active = leastRecentlySeen.domain;
  const others = facts.used.domain - active.length;
  const names = [
    ...active.map((row) => quoted(row.name)),
    ...(others > 0 ? [counted(others, "other", "others")] : []),
  ];
  return explained(
    finding,
    `The license is activated for ${listed(names)}, not for ${shown}. ` +
      `${facts.used.domain} of ${counted(facts.limits.domain, "domain", "domains")} are in use.`,
    free
      ? `Activate ${shown} from the software on that site; a domain slot is free.`
      : `${freeSlotFix("domain", input)} Then activate ${shown} from the software on that site.`,
    { activations: active },
  );
}

/** A full machine or domain limit, naming the least recently seen activations and how to free one. */
export function limitFinding(
  finding: Finding,
  kind: ActivationKind,
  input: DiagnosisInput,
): DiagnosisFinding {
  const noun = KIND_NOUNS[kind];
  const used = finding.used ?? input.facts.used[kind];
  const limit = finding.limit ?? input.facts.limits[kind];
  if (limit === 0) {
    return explained(
      finding,
      `This license does not include ${noun.many}.`,
      `Ask the vendor for a license that includes ${noun.many}.`,
      { used, limit },
    );
  }
  const candidates = input.leastRecentlySeen[kind];
  const seen = candidates.map(
    (row) => `${quoted(row.name)} (last seen ${daysAgo(row.lastSeenAt, input.facts.now)})`,
  );
  return explained(
    finding,
    `${used} of ${counted(limit, noun.one, noun.many)} are in use, so no further ${noun.one} can be activated.` +
      (seen.length > 0 ? ` Least recently seen: ${listed(seen)}.` : ""),
    `${freeSlotFix(kind, input)} Then activate the new ${noun.one}.`,
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
  return (
    policy.deactivationLimit !== null && deactivations.usedInWindow >= policy.deactivationLimit
  );
}

/** How the customer frees a slot of `kind`: deactivate the least recently seen, unless the policy or the window forbids it. */
function freeSlotFix(kind: ActivationKind, input: DiagnosisInput): string {
  const noun = KIND_NOUNS[kind];
  const { policy, deactivations, facts } = input;
  if (policy.protected) {
    return `This license is protected: you cannot deactivate its ${noun.many} yourself. Contact support to move it.`;
  }
  if (
    policy.deactivationLimit === 0 ||
    (deactivationBlocked(input) && !deactivations.nextAllowedAt)
  ) {
    return `You cannot deactivate ${noun.many} of this license yourself. Contact support to move it.`;
  }
  if (deactivationBlocked(input) && deactivations.nextAllowedAt) {
    const next = deactivations.nextAllowedAt;
    return (
      `You have used all ${counted(policy.deactivationLimit!, "deactivation", "deactivations")} allowed in ${counted(policy.deactivationWindowDays, "day", "days")}; ` +
      `the next is possible on ${isoDay(next)} (${daysAhead(next, facts.now)}). Wait until then, or contact support.`
    );
  }
  const first = input.leastRecentlySeen[kind][0];
  return first
    ? `Deactivate ${quoted(first.name)} (last seen ${daysAgo(first.lastSeenAt, facts.now)}) or another ${noun.one} you no longer use.`
    : `Deactivate a ${noun.one} you no longer use.`;
}
