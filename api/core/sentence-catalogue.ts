import type { Locale } from "../accounts/user-preferences.ts";
import { DAY_SECONDS, wholeDaysSince, wholeDaysUntil } from "./time.ts";

/**
 * The language and time zone a customer reads sentences in. The HTTP edge
 * decides it (api/http/request-wording.ts); services only take it as a parameter.
 */
export interface Wording {
  readonly locale: Locale;
  /** An IANA zone (`Europe/Berlin`); the calendar day of a date is the one there. */
  readonly timeZone: string;
}

/** What a service writes when no reader is known (a job, a test): English, UTC. */
export const DEFAULT_WORDING: Wording = { locale: "en", timeZone: "UTC" };

/** The words a count can be made of, in each language. */
const NOUNS = {
  machine: { en: ["machine", "machines"], de: ["Gerät", "Geräte", "Geräten"] },
  domain: { en: ["domain", "domains"], de: ["Domain", "Domains", "Domains"] },
  deactivation: {
    en: ["deactivation", "deactivations"],
    de: ["Deaktivierung", "Deaktivierungen", "Deaktivierungen"],
  },
  license: { en: ["license", "licenses"], de: ["Lizenz", "Lizenzen", "Lizenzen"] },
  /** Domains beyond those named: "and 2 others" / "und 2 weitere Domains". */
  otherDomain: {
    en: ["other", "others"],
    de: ["weitere Domain", "weitere Domains", "weiteren Domains"],
  },
  day: { en: ["day", "days"], de: ["Tag", "Tage", "Tagen"] },
  hour: { en: ["hour", "hours"], de: ["Stunde", "Stunden", "Stunden"] },
  minute: { en: ["minute", "minutes"], de: ["Minute", "Minuten", "Minuten"] },
  second: { en: ["second", "seconds"], de: ["Sekunde", "Sekunden", "Sekunden"] },
} as const satisfies Record<
  string,
  { en: readonly [string, string]; de: readonly [string, string, string] }
>;
export type Noun = keyof typeof NOUNS;

/** German needs the dative plural after "von", "in", "innerhalb von" ("von 3 Geräten"); English has one plural. */
export type NounCase = "nominative" | "dative";

/** The pieces every sentence is built from, written for one language and time zone. */
export interface Phrasing {
  /** A calendar day in the reader's zone: `14 March 2027` / `14. März 2027`. */
  day(date: Date): string;
  /** How long ago, in whole days: `today`, `yesterday`, `140 days ago` / `heute`, `vor 140 Tagen`. */
  ago(date: Date, now: Date): string;
  /** How far ahead, in whole days: `tomorrow`, `in 12 days` / `morgen`, `in 12 Tagen`. */
  ahead(date: Date, now: Date): string;
  /** `3 machines` / `3 Geräte` (`3 Geräten` in the dative). */
  count(n: number, noun: Noun, grammaticalCase?: NounCase): string;
  /** The plural of a noun on its own: `machines` / `Geräte`. */
  plural(noun: Noun): string;
  /** `a, b and c` / `a, b und c`. */
  list(items: readonly string[]): string;
  /** A value the customer recognises, in the language's quotes: `“OLD-PC”` / `„OLD-PC“`. */
  quote(text: string): string;
  /** A whole number of the largest unit that fits exactly: `2 hours` / `2 Stunden`. */
  duration(seconds: number): string;
  /** A repeating interval: `every hour`, `every 2 hours` / `jede Stunde`, `alle 2 Stunden`. */
  every(seconds: number): string;
}

/** One sentence, defined once per language side by side; `facts` are the same for both. */
export type Sentence<F> = Readonly<Record<Locale, (facts: F, say: Phrasing) => string>>;

/** A sentence without facts. */
export type FixedSentence = Readonly<Record<Locale, string>>;

const UNITS = [
  ["day", DAY_SECONDS],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
] as const;

/** The largest unit that divides `seconds` exactly, and how many of it. */
function unitOf(seconds: number): { n: number; unit: (typeof UNITS)[number][0] } {
  const [unit, size] = UNITS.find(([, size]) => seconds % size === 0) ?? UNITS[3];
  return { n: seconds / size, unit };
}

/** A formatter in `timeZone`, or in UTC when the runtime does not know the zone (never stored, but a sentence must not fail on it). */
function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
  }
}

/** English writes days as "14 March 2027" (British order, as the elements do); the day is the reader's. */
function englishPhrasing(timeZone: string): Phrasing {
  const days = dateFormat("en-GB", timeZone, { day: "numeric", month: "long", year: "numeric" });
  const lists = new Intl.ListFormat("en-GB", { type: "conjunction" });
  const count = (n: number, noun: Noun) => `${n} ${NOUNS[noun].en[n === 1 ? 0 : 1]}`;
  return {
    day: (date) => days.format(date),
    ago(date, now) {
      const n = wholeDaysSince(date, now);
      if (n <= 0) return "today";
      return n === 1 ? "yesterday" : `${n} days ago`;
    },
    ahead(date, now) {
      const n = wholeDaysUntil(date, now);
      if (n <= 0) return "today";
      return n === 1 ? "tomorrow" : `in ${n} days`;
    },
    count,
    plural: (noun) => NOUNS[noun].en[1],
    list: (items) => lists.format(items),
    quote: (text) => `“${text}”`,
    duration(seconds) {
      const { n, unit } = unitOf(seconds);
      return count(n, unit);
    },
    every(seconds) {
      const { n, unit } = unitOf(seconds);
      return n === 1 ? `every ${unit}` : `every ${count(n, unit)}`;
    },
  };
}

/** "jeden Tag", "jede Stunde": the accusative of "every" follows the unit's gender. */
const GERMAN_EVERY_ONE = {
  day: "jeden Tag",
  hour: "jede Stunde",
  minute: "jede Minute",
  second: "jede Sekunde",
} as const;

function germanPhrasing(timeZone: string): Phrasing {
  const days = dateFormat("de-DE", timeZone, { day: "numeric", month: "long", year: "numeric" });
  const lists = new Intl.ListFormat("de", { type: "conjunction" });
  const count = (n: number, noun: Noun, grammaticalCase: NounCase = "nominative") => {
    const [one, many, dative] = NOUNS[noun].de;
    return `${n} ${n === 1 ? one : grammaticalCase === "dative" ? dative : many}`;
  };
  return {
    day: (date) => days.format(date),
    ago(date, now) {
      const n = wholeDaysSince(date, now);
      if (n <= 0) return "heute";
      return n === 1 ? "gestern" : `vor ${n} Tagen`;
    },
    ahead(date, now) {
      const n = wholeDaysUntil(date, now);
      if (n <= 0) return "heute";
      return n === 1 ? "morgen" : `in ${n} Tagen`;
    },
    count,
    plural: (noun) => NOUNS[noun].de[1],
    list: (items) => lists.format(items),
    quote: (text) => `„${text}“`,
    duration(seconds) {
      const { n, unit } = unitOf(seconds);
      return count(n, unit);
    },
    every(seconds) {
      const { n, unit } = unitOf(seconds);
      return n === 1 ? GERMAN_EVERY_ONE[unit] : `alle ${count(n, unit)}`;
    },
  };
}

const PHRASINGS: Record<Locale, (timeZone: string) => Phrasing> = {
  en: englishPhrasing,
  de: germanPhrasing,
};

/** Phrasings made so far, by language and zone: their Intl formatters are costly to build. */
const phrasings = new Map<string, Phrasing>();
/** Enough for every zone in both languages; past it (zones are validated, so never) it starts over. */
const MAX_PHRASINGS = 2_000;

/** The phrasing of a reader's language and zone, made once and reused. */
export function phrasingFor({ locale, timeZone }: Wording): Phrasing {
  const key = `${locale} ${timeZone}`;
  let phrasing = phrasings.get(key);
  if (!phrasing) {
    if (phrasings.size >= MAX_PHRASINGS) phrasings.clear();
    phrasing = PHRASINGS[locale](timeZone);
    phrasings.set(key, phrasing);
  }
  return phrasing;
}

/** Writes sentences of the catalogues for one reader. */
export interface SentenceWriter {
  readonly locale: Locale;
  readonly say: Phrasing;
  /** A sentence with its facts filled in, in the reader's language. */
  write<F>(sentence: Sentence<F>, facts: F): string;
  /** A sentence without facts, in the reader's language. */
  fixed(sentence: FixedSentence): string;
}

/**
 * A writer for one reader: pick the reader's definition of each sentence and
 * hand it the same facts and the reader's phrasing.
 *
 * @example
 * const LIMIT: Sentence<{ used: number; limit: number }> = {
 *   en: ({ used, limit }, say) => `${used} of ${say.count(limit, "machine")} are in use.`,
 *   de: ({ used, limit }, say) => `${used} von ${say.count(limit, "machine", "dative")} sind belegt.`,
 * };
 * sentenceWriter({ locale: "de", timeZone: "Europe/Berlin" }).write(LIMIT, { used: 3, limit: 3 });
 * // "3 von 3 Geräten sind belegt."
 */
export function sentenceWriter(wording: Wording = DEFAULT_WORDING): SentenceWriter {
  const say = phrasingFor(wording);
  return {
    locale: wording.locale,
    say,
    write: (sentence, facts) => sentence[wording.locale](facts, say),
    fixed: (sentence) => sentence[wording.locale],
  };
}
