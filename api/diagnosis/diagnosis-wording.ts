import type { Locale } from "../accounts/user-preferences.ts";
import { DEFAULT_WORDING, type FixedSentence, phrasingFor } from "../core/sentence-catalogue.ts";
import type { ActivationKind } from "../db/schema.ts";
import { VALIDATION_CODES } from "../licensing/license-evaluation.ts";

/**
 * What a diagnosis can find: every validation code, plus `VERSION_UNKNOWN` (a
 * well-formed version that is no published release), which validation passes
 * over silently but a customer should hear about.
 */
export const DIAGNOSIS_CODES = [...VALIDATION_CODES, "VERSION_UNKNOWN"] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** A short title and a sentence that explain a code without the facts behind one case, per language. */
export const CODE_WORDS: Record<
  DiagnosisCode,
  { readonly title: FixedSentence; readonly explanation: FixedSentence }
> = {
  VALID: {
    title: { en: "Everything is in order", de: "Alles in Ordnung" },
    explanation: {
      en: "The license passed every check.",
      de: "Die Lizenz hat jede Prüfung bestanden.",
    },
  },
  NOT_FOUND: {
    title: { en: "Unknown license key", de: "Unbekannter Lizenzschlüssel" },
    explanation: {
      en: "The software sent a key that belongs to no license.",
      de: "Die Software hat einen Schlüssel gesendet, der zu keiner Lizenz gehört.",
    },
  },
  SUSPENDED: {
    title: { en: "License suspended", de: "Lizenz gesperrt" },
    explanation: {
      en: "The vendor has suspended the license; the software refuses it meanwhile.",
      de: "Der Anbieter hat die Lizenz gesperrt; die Software lehnt sie so lange ab.",
    },
  },
  REVOKED: {
    title: { en: "License revoked", de: "Lizenz widerrufen" },
    explanation: {
      en: "The vendor has revoked the license; it no longer works anywhere.",
      de: "Der Anbieter hat die Lizenz widerrufen; sie funktioniert nirgends mehr.",
    },
  },
  EXPIRED: {
    title: { en: "License expired", de: "Lizenz abgelaufen" },
    explanation: {
      en: "The license had passed its expiry date; what still works depends on its policy.",
      de: "Die Lizenz war abgelaufen; was noch funktioniert, hängt von ihren Regeln ab.",
    },
  },
  NOT_ACTIVATED: {
    title: { en: "Not activated here", de: "Hier nicht aktiviert" },
    explanation: {
      en: "The software checked a machine or domain that is not activated for the license.",
      de: "Das geprüfte Gerät oder die geprüfte Domain ist für die Lizenz nicht aktiviert.",
    },
  },
  DEACTIVATED: {
    title: { en: "Deactivated", de: "Deaktiviert" },
    explanation: {
      en: "The software checked a machine or domain whose activation had been ended.",
      de: "Die Aktivierung des geprüften Geräts oder der geprüften Domain war beendet worden.",
    },
  },
  HEARTBEAT_DEAD: {
    title: { en: "Stopped checking in", de: "Meldet sich nicht mehr" },
    explanation: {
      en: "The machine or domain had not checked in for twice the heartbeat interval, so it lost its slot.",
      de: "Vom Gerät oder von der Domain kam doppelt so lange wie vorgesehen keine Meldung, daher wurde der Platz freigegeben.",
    },
  },
  MACHINE_LIMIT_REACHED: {
    title: { en: "All machine slots in use", de: "Alle Geräteplätze belegt" },
    explanation: {
      en: "A new machine could not be activated because every machine slot was taken.",
      de: "Ein neues Gerät konnte nicht aktiviert werden, weil alle Geräteplätze belegt waren.",
    },
  },
  DOMAIN_LIMIT_REACHED: {
    title: { en: "All domain slots in use", de: "Alle Domainplätze belegt" },
    explanation: {
      en: "A new domain could not be activated because every domain slot was taken.",
      de: "Eine neue Domain konnte nicht aktiviert werden, weil alle Domainplätze belegt waren.",
    },
  },
  DOMAIN_MISMATCH: {
    title: { en: "Activated for other domains", de: "Für andere Domains aktiviert" },
    explanation: {
      en: "The software ran on a domain the license is not activated for.",
      de: "Die Software lief auf einer Domain, für die die Lizenz nicht aktiviert ist.",
    },
  },
  ENTITLEMENT_MISSING: {
    title: { en: "Feature not included", de: "Funktion nicht enthalten" },
    explanation: {
      en: "The software asked for a feature the license does not include.",
      de: "Die Software hat eine Funktion angefragt, die die Lizenz nicht enthält.",
    },
  },
  VERSION_NOT_COVERED: {
    title: { en: "Version not covered", de: "Version nicht abgedeckt" },
    explanation: {
      en: "The software's version was released after the license's maintenance ended.",
      de: "Die Version der Software ist erst nach dem Ende der Wartung der Lizenz erschienen.",
    },
  },
  PRODUCT_MISMATCH: {
    title: { en: "License for another product", de: "Lizenz für ein anderes Produkt" },
    explanation: {
      en: "The software belongs to another product than the license.",
      de: "Die Software gehört zu einem anderen Produkt als die Lizenz.",
    },
  },
  VERSION_UNKNOWN: {
    title: { en: "Unknown version", de: "Unbekannte Version" },
    explanation: {
      en: "The version is not a published release of the product.",
      de: "Die Version ist keine veröffentlichte Version des Produkts.",
    },
  },
};

const UNKNOWN_CODE: FixedSentence = {
  en: "The software's check of the license failed.",
  de: "Die Prüfung der Lizenz durch die Software ist fehlgeschlagen.",
};

/** The words of a stored code; an unknown one (from an older release) still gets a sentence. */
export function wordsOfCode(
  code: string,
  locale: Locale = "en",
): { title: string; explanation: string } {
  const words = CODE_WORDS[code as DiagnosisCode];
  return words
    ? { title: words.title[locale], explanation: words.explanation[locale] }
    : { title: code, explanation: UNKNOWN_CODE[locale] };
}

const english = phrasingFor(DEFAULT_WORDING);

/** How long ago, in whole days, in English ("today", "yesterday", "140 days ago"). */
export function daysAgo(date: Date, now: Date): string {
  return english.ago(date, now);
}

/** `a`, `a and b`, `a, b and c`. */
export function listed(items: readonly string[]): string {
  return english.list(items);
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
