import { heartbeatGraceSeconds } from "../activations/heartbeat.ts";
import {
  DEFAULT_WORDING,
  type FixedSentence,
  type Sentence,
  sentenceWriter,
  type Wording,
} from "../core/sentence-catalogue.ts";
import type { ExpirationStrategy } from "../db/schema.ts";

export interface PolicyTerms {
  /** Whether the license has an end date at all; one without never meets its strategy. */
  readonly expires: boolean;
  readonly maxMachines: number;
  readonly maxDomains: number;
  readonly expirationStrategy: ExpirationStrategy;
  readonly heartbeatSeconds: number | null;
  readonly deactivationLimit: number | null;
  readonly deactivationWindowDays: number;
  readonly protected: boolean;
}

const EXPIRY_RULES: Record<ExpirationStrategy, FixedSentence> = {
  revoke: {
    en: "When it expires, it stops working until you renew it.",
    de: "Wenn die Lizenz abläuft, funktioniert sie nicht mehr, bis Sie sie verlängern.",
  },
  restrict: {
    en: "After it expires, versions released before then keep working; newer versions need a renewal.",
    de: "Nach dem Ablauf funktionieren Versionen weiter, die davor erschienen sind; neuere Versionen erfordern eine Verlängerung.",
  },
  maintain: {
    en: "After it expires, versions released before then keep working, but downloads stop until you renew it.",
    de: "Nach dem Ablauf funktionieren Versionen weiter, die davor erschienen sind, aber Downloads sind erst nach einer Verlängerung wieder möglich.",
  },
  allow: {
    en: "It keeps working after it expires.",
    de: "Die Lizenz funktioniert auch nach dem Ablauf weiter.",
  },
};

type Kind = { readonly kind: "machine" | "domain" };

/** The rules in words, each sentence in English and German side by side. */
const RULES = {
  upTo: {
    en: ({ kind, n }, say) => `Up to ${say.count(n, kind)} at a time.`,
    de: ({ kind, n }, say) => `Bis zu ${say.count(n, kind)} gleichzeitig.`,
  } satisfies Sentence<Kind & { n: number }>,
  noExpiry: { en: "It does not expire.", de: "Die Lizenz läuft nicht ab." },
  locked: {
    en: ({ kind }, say) =>
      `This license is locked to its ${say.plural(kind)}; contact support to move it.`,
    de: ({ kind }, say) =>
      `Diese Lizenz ist an ihre ${say.plural(kind)} gebunden; wenden Sie sich an den Support, um eine Aktivierung zu verschieben.`,
  } satisfies Sentence<Kind>,
  noSelfDeactivation: {
    en: ({ kind }, say) =>
      `You cannot deactivate ${say.plural(kind)} yourself; contact support to move it.`,
    de: ({ kind }, say) =>
      `Sie können ${say.plural(kind)} nicht selbst deaktivieren; wenden Sie sich an den Support, um eine Aktivierung zu verschieben.`,
  } satisfies Sentence<Kind>,
  deactivateUpTo: {
    en: ({ kind, limit, windowDays }, say) =>
      `You can deactivate up to ${say.count(limit, kind)} every ${windowDays === 1 ? "day" : `${windowDays} days`}.`,
    de: ({ kind, limit, windowDays }, say) =>
      `Sie können bis zu ${say.count(limit, kind)} ${windowDays === 1 ? "pro Tag" : `alle ${windowDays} Tage`} deaktivieren.`,
  } satisfies Sentence<Kind & { limit: number; windowDays: number }>,
  heartbeat: {
    en: ({ seconds }, say) =>
      `Machines check in ${say.every(seconds)}; one that stays offline for ${say.duration(heartbeatGraceSeconds(seconds))} is released.`,
    de: ({ seconds }, say) =>
      `Geräte melden sich ${say.every(seconds)}; eines, das ${say.duration(heartbeatGraceSeconds(seconds))} lang offline bleibt, wird freigegeben.`,
  } satisfies Sentence<{ seconds: number }>,
} as const;

/**
 * The rules of a license's policy in words a customer understands (plain, second
 * person), in the reader's language.
 *
 * @example
 * describePolicyRules(terms, { locale: "de", timeZone: "UTC" })[0]; // "Bis zu 3 Geräte gleichzeitig."
 */
export function describePolicyRules(
  terms: PolicyTerms,
  wording: Wording = DEFAULT_WORDING,
): string[] {
  const w = sentenceWriter(wording);
  const rules: string[] = [];
  if (terms.maxMachines > 0)
    rules.push(w.write(RULES.upTo, { kind: "machine", n: terms.maxMachines }));
  if (terms.maxDomains > 0)
    rules.push(w.write(RULES.upTo, { kind: "domain", n: terms.maxDomains }));
  rules.push(w.fixed(terms.expires ? EXPIRY_RULES[terms.expirationStrategy] : RULES.noExpiry));
  const kind = terms.maxMachines === 0 && terms.maxDomains > 0 ? "domain" : "machine";
  if (terms.protected) {
    rules.push(w.write(RULES.locked, { kind }));
  } else if (terms.deactivationLimit !== null) {
    rules.push(
      terms.deactivationLimit === 0
        ? w.write(RULES.noSelfDeactivation, { kind })
        : w.write(RULES.deactivateUpTo, {
            kind,
            limit: terms.deactivationLimit,
            windowDays: terms.deactivationWindowDays,
          }),
    );
  }
  if (terms.heartbeatSeconds !== null) {
    rules.push(w.write(RULES.heartbeat, { seconds: terms.heartbeatSeconds }));
  }
  return rules;
}
