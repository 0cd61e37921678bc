import type { ActivationKind } from "../db/schema.ts";
import { VALIDATION_CODES } from "./license-evaluation.ts";

/**
 * What a diagnosis can find: every validation code, plus `VERSION_UNKNOWN` (a
 * well-formed version that is no published release), which validation passes
 * over silently but a customer should hear about.
 */
export const DIAGNOSIS_CODES = [...VALIDATION_CODES, "VERSION_UNKNOWN"] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** A short title and a sentence that explain a code without the facts behind one case. */
export const CODE_WORDS: Record<DiagnosisCode, { title: string; explanation: string }> = {
  VALID: {
    title: "Everything is in order",
    explanation: "The license passed every check.",
  },
  NOT_FOUND: {
    title: "Unknown license key",
    explanation: "The software sent a key that belongs to no license.",
  },
  SUSPENDED: {
    title: "License suspended",
    explanation: "The vendor has suspended the license; the software refuses it meanwhile.",
  },
  REVOKED: {
    title: "License revoked",
    explanation: "The vendor has revoked the license; it no longer works anywhere.",
  },
  EXPIRED: {
    title: "License expired",
    explanation: "The license had passed its expiry date; what still works depends on its policy.",
  },
  NOT_ACTIVATED: {
    title: "Not activated here",
    explanation: "The software checked a machine or domain that is not activated for the license.",
  },
  DEACTIVATED: {
    title: "Deactivated",
    explanation: "The software checked a machine or domain whose activation had been ended.",
  },
  HEARTBEAT_DEAD: {
    title: "Stopped checking in",
    explanation:
      "The machine or domain had not checked in for twice the heartbeat interval, so it lost its slot.",
  },
  MACHINE_LIMIT_REACHED: {
    title: "All machine slots in use",
    explanation: "A new machine could not be activated because every machine slot was taken.",
  },
  DOMAIN_LIMIT_REACHED: {
    title: "All domain slots in use",
    explanation: "A new domain could not be activated because every domain slot was taken.",
  },
  DOMAIN_MISMATCH: {
    title: "Activated for other domains",
    explanation: "The software ran on a domain the license is not activated for.",
  },
  ENTITLEMENT_MISSING: {
    title: "Feature not included",
    explanation: "The software asked for a feature the license does not include.",
  },
  VERSION_NOT_COVERED: {
    title: "Version not covered",
    explanation: "The software's version was released after the license's maintenance ended.",
  },
  PRODUCT_MISMATCH: {
    title: "License for another product",
    explanation: "The software belongs to another product than the license.",
  },
  VERSION_UNKNOWN: {
    title: "Unknown version",
    explanation: "The version is not a published release of the product.",
  },
};

/** The words of a stored code; an unknown one (from an older release) still gets a sentence. */
export function wordsOfCode(code: string): { title: string; explanation: string } {
  return (
    CODE_WORDS[code as DiagnosisCode] ?? {
      title: code,
      explanation: "The software's check of the license failed.",
    }
  );
}

export const KIND_NOUNS: Record<ActivationKind, { one: string; many: string }> = {
  machine: { one: "machine", many: "machines" },
  domain: { one: "domain", many: "domains" },
};

const DAY_MS = 86_400_000;

/** The calendar day of a moment in UTC, as ISO (`2026-11-30`). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** How long ago, in whole days ("today", "yesterday", "140 days ago"). */
export function daysAgo(date: Date, now: Date): string {
  const days = Math.floor((now.getTime() - date.getTime()) / DAY_MS);
  if (days <= 0) return "today";
  return days === 1 ? "yesterday" : `${days} days ago`;
}

/** How far ahead, in whole days ("today", "tomorrow", "in 12 days"). */
export function daysAhead(date: Date, now: Date): string {
  const days = Math.ceil((date.getTime() - now.getTime()) / DAY_MS);
  if (days <= 0) return "today";
  return days === 1 ? "tomorrow" : `in ${days} days`;
}

/** `1 machine`, `3 machines`. */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A value the customer recognises, in typographic quotes. */
export function quoted(text: string): string {
  return `“${text}”`;
}

/** At most this many characters of a fingerprint are shown, as in the activation list. */
const FINGERPRINT_SHOWN = 16;

/** A machine fingerprint or domain as a customer reads it: a long fingerprint shortened. */
export function shownIdentifier(kind: ActivationKind, identifier: string): string {
  if (kind === "domain" || identifier.length <= FINGERPRINT_SHOWN) return identifier;
  return `${identifier.slice(0, 8)}…${identifier.slice(-6)}`;
}

/**
 * What to call an activation in a sentence: its name, else its host name, else
 * its (shortened) identifier.
 *
 * @example
 * activationLabel({ kind: "machine", name: null, hostname: "old-pc", identifier: "c0ffee" }); // "old-pc"
 */
export function activationLabel(row: {
  readonly kind: ActivationKind;
  readonly name: string | null;
  readonly hostname: string | null;
  readonly identifier: string;
}): string {
  return row.name || row.hostname || shownIdentifier(row.kind, row.identifier);
}
