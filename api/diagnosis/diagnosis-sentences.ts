import { heartbeatGraceSeconds } from "../activations/heartbeat.ts";
import type { Phrasing, Sentence } from "../core/sentence-catalogue.ts";
import type { ActivationKind, Actor, ExpirationStrategy } from "../db/schema.ts";

/*
 * The sentences of a diagnosis's findings (diagnosis-findings.ts decides which
 * apply and gathers their facts), each with its English and German definition
 * side by side. German is the formal "Sie".
 */

/** The words for a kind of activation that German sentences need beyond a count (gender, article, case). */
const GERMAN_KIND = {
  machine: {
    many: "Geräte",
    The: "Das Gerät",
    a: "ein Gerät",
    it: "es",
    which: "das",
    noFurther: "kein weiteres Gerät",
    theNew: "das neue Gerät",
    another: "ein anderes Gerät, das",
    slot: "Geräteplatz",
    there: "auf diesem Gerät",
  },
  domain: {
    many: "Domains",
    The: "Die Domain",
    a: "eine Domain",
    it: "sie",
    which: "die",
    noFurther: "keine weitere Domain",
    theNew: "die neue Domain",
    another: "eine andere Domain, die",
    slot: "Domainplatz",
    there: "auf dieser Domain",
  },
} as const satisfies Record<ActivationKind, Record<string, string>>;

const ENGLISH_KIND = {
  machine: { one: "machine", many: "machines" },
  domain: { one: "domain", many: "domains" },
} as const satisfies Record<ActivationKind, { one: string; many: string }>;

const quotedList = (say: Phrasing, items: readonly string[]) =>
  say.list(items.map((item) => say.quote(item)));

type Kind = { readonly kind: ActivationKind };
type Dated = { readonly at: Date; readonly now: Date };
type Named = Kind & { readonly name: string };

export const FINDING_SENTENCES = {
  validPassed: { en: "Every check passed.", de: "Alle Prüfungen wurden bestanden." },
  // The VALID finding beside warnings: "Everything is in order" above "All machine slots in
  // use" would contradict itself.
  validTitleWithWarnings: { en: "Valid", de: "Gültig" },
  validWithWarnings: {
    en: ({ count }: { readonly count: number }) =>
      count === 1
        ? "Your software accepts the license as things stand; the warning below says what could stop it."
        : "Your software accepts the license as things stand; the warnings below say what could stop it.",
    de: ({ count }: { readonly count: number }) =>
      count === 1
        ? "Ihre Software nimmt die Lizenz so an, wie es jetzt steht; der Hinweis darunter sagt, woran es scheitern könnte."
        : "Ihre Software nimmt die Lizenz so an, wie es jetzt steht; die Hinweise darunter sagen, woran es scheitern könnte.",
  },
  validBinding: {
    en: ({ kind, name, lastSeenAt, now }, say) =>
      `The ${ENGLISH_KIND[kind].one} ${say.quote(name)} is activated and was last seen ${say.ago(lastSeenAt, now)}.`,
    de: ({ kind, name, lastSeenAt, now }, say) =>
      `${GERMAN_KIND[kind].The} ${say.quote(name)} ist aktiviert und wurde zuletzt ${say.ago(lastSeenAt, now)} gesehen.`,
  } satisfies Sentence<Named & { lastSeenAt: Date; now: Date }>,
  validVersion: {
    en: ({ version }) => `Version ${version} is covered by the license.`,
    de: ({ version }) => `Version ${version} ist von der Lizenz abgedeckt.`,
  } satisfies Sentence<{ version: string }>,
  validEntitlements: {
    en: ({ codes }, say) => `It includes ${quotedList(say, codes)}.`,
    de: ({ codes }, say) => `Die Lizenz enthält ${quotedList(say, codes)}.`,
  } satisfies Sentence<{ codes: readonly string[] }>,

  notFound: { en: "No license has this key.", de: "Zu diesem Schlüssel gibt es keine Lizenz." },
  notFoundFix: {
    en: "Check the key the software uses.",
    de: "Prüfen Sie den Schlüssel, den die Software verwendet.",
  },
  productMismatch: {
    en: ({ productName }) =>
      `The software belongs to another product than this license, which is for ${productName}.`,
    de: ({ productName }) =>
      `Die Software gehört zu einem anderen Produkt als diese Lizenz, die für ${productName} gilt.`,
  } satisfies Sentence<{ productName: string }>,
  productMismatchFix: {
    en: "Use a license for that product in the software.",
    de: "Verwenden Sie in der Software eine Lizenz für dieses Produkt.",
  },
  revoked: {
    en: ({ at, now }, say) =>
      `The vendor revoked this license on ${say.day(at)} (${say.ago(at, now)}). It no longer works on any machine or domain.`,
    de: ({ at, now }, say) =>
      `Der Anbieter hat diese Lizenz am ${say.day(at)} (${say.ago(at, now)}) widerrufen. Die Lizenz funktioniert auf keinem Gerät und keiner Domain mehr.`,
  } satisfies Sentence<Dated>,
  revokedFix: {
    en: "Contact the vendor's support if you think this is a mistake.",
    de: "Wenden Sie sich an den Support des Anbieters, wenn Sie das für einen Irrtum halten.",
  },
  suspended: {
    en: ({ at, now }, say) =>
      `The vendor suspended this license on ${say.day(at)} (${say.ago(at, now)}). The software refuses it until it is reinstated.`,
    de: ({ at, now }, say) =>
      `Der Anbieter hat diese Lizenz am ${say.day(at)} (${say.ago(at, now)}) gesperrt. Die Software lehnt sie ab, bis sie wieder freigegeben ist.`,
  } satisfies Sentence<Dated>,
  suspendedFix: {
    en: "Contact the vendor's support to find out why and to have it reinstated.",
    de: "Wenden Sie sich an den Support des Anbieters, um den Grund zu erfahren und die Lizenz wieder freigeben zu lassen.",
  },

  entitlementMissing: {
    en: ({ missing, held }, say) =>
      `The license does not include ${quotedList(say, missing)}. ` +
      (held.length > 0
        ? `It includes ${quotedList(say, held)}.`
        : "It includes no optional features."),
    de: ({ missing, held }, say) =>
      `Die Lizenz enthält ${quotedList(say, missing)} nicht. ` +
      (held.length > 0
        ? `Sie enthält ${quotedList(say, held)}.`
        : "Sie enthält keine optionalen Funktionen."),
  } satisfies Sentence<{ missing: readonly string[]; held: readonly string[] }>,
  entitlementMissingFix: {
    en: ({ missing }, say) =>
      `Ask the vendor to add ${quotedList(say, missing)} to the license, or turn off what needs ${missing.length === 1 ? "it" : "them"}.`,
    de: ({ missing }, say) =>
      `Bitten Sie den Anbieter, ${quotedList(say, missing)} zur Lizenz hinzuzufügen, oder schalten Sie ab, was ${missing.length === 1 ? "diese Funktion" : "diese Funktionen"} benötigt.`,
  } satisfies Sentence<{ missing: readonly string[] }>,

  expired: {
    en: ({ at, now }, say) => `The license expired on ${say.day(at)} (${say.ago(at, now)}).`,
    de: ({ at, now }, say) => `Die Lizenz ist am ${say.day(at)} (${say.ago(at, now)}) abgelaufen.`,
  } satisfies Sentence<Dated>,

  versionNotCovered: {
    en: ({ version, releasedAt, end }, say) =>
      `Version ${version} was released on ${say.day(releasedAt)}, after the license's maintenance ended on ${say.day(end)}.`,
    de: ({ version, releasedAt, end }, say) =>
      `Version ${version} ist am ${say.day(releasedAt)} erschienen, nach dem Ende der Wartung der Lizenz am ${say.day(end)}.`,
  } satisfies Sentence<{ version: string; releasedAt: Date; end: Date }>,
  versionNotCoveredConsequence: {
    en: ({ strategy, version, end }, say) =>
      strategy === "maintain"
        ? `Under its “maintain” policy, versions released before ${say.day(end)} keep working, but ${version} is refused and cannot be downloaded.`
        : `Under its “restrict” policy, versions released before ${say.day(end)} keep working, but ${version} is refused.`,
    de: ({ strategy, version, end }, say) =>
      `Nach ihrer Regel ${say.quote(strategy === "maintain" ? "maintain" : "restrict")} funktionieren Versionen weiter, die vor dem ${say.day(end)} erschienen sind, aber ${version} wird abgelehnt` +
      (strategy === "maintain" ? " und kann nicht heruntergeladen werden." : "."),
  } satisfies Sentence<{ strategy: ExpirationStrategy; version: string; end: Date }>,
  versionNotCoveredFix: {
    en: ({ version, latest }, say) =>
      latest
        ? `Install version ${latest.version} (released ${say.day(latest.publishedAt)}), the newest the license covers, or renew maintenance to use ${version}.`
        : `Renew maintenance to use ${version}.`,
    de: ({ version, latest }, say) =>
      latest
        ? `Installieren Sie Version ${latest.version} (erschienen am ${say.day(latest.publishedAt)}), die neueste, die die Lizenz abdeckt, oder verlängern Sie die Wartung, um ${version} zu nutzen.`
        : `Verlängern Sie die Wartung, um ${version} zu nutzen.`,
  } satisfies Sentence<{
    version: string;
    latest: { readonly version: string; readonly publishedAt: Date } | null | undefined;
  }>,
  /** Stands in for the version when the question named none (the evaluation never says so, but a sentence must read). */
  requestedVersion: { en: "the requested version", de: "die angefragte Version" },

  versionUnknown: {
    en: ({ version, productName }) =>
      `Version ${version} is not a published release of ${productName}, so whether the license covers it could not be checked.`,
    de: ({ version, productName }) =>
      `Version ${version} ist keine veröffentlichte Version von ${productName}, daher ließ sich nicht prüfen, ob die Lizenz sie abdeckt.`,
  } satisfies Sentence<{ version: string; productName: string }>,
  versionUnknownFix: {
    en: "Check the version the software reports; the published versions are listed under Downloads.",
    de: "Prüfen Sie die Version, die die Software meldet; die veröffentlichten Versionen finden Sie unter Downloads.",
  },

  kindNotIncluded: {
    en: ({ kind, shown }) =>
      `The ${ENGLISH_KIND[kind].one} ${shown} is not activated, and this license does not include ${ENGLISH_KIND[kind].many}.`,
    de: ({ kind, shown }) =>
      `${GERMAN_KIND[kind].The} ${shown} ist nicht aktiviert, und diese Lizenz umfasst keine ${GERMAN_KIND[kind].many}.`,
  } satisfies Sentence<Kind & { shown: string }>,
  noKindIncluded: {
    en: ({ kind }) => `This license does not include ${ENGLISH_KIND[kind].many}.`,
    de: ({ kind }) => `Diese Lizenz umfasst keine ${GERMAN_KIND[kind].many}.`,
  } satisfies Sentence<Kind>,
  askForKind: {
    en: ({ kind }) => `Ask the vendor for a license that includes ${ENGLISH_KIND[kind].many}.`,
    de: ({ kind }) =>
      `Fragen Sie den Anbieter nach einer Lizenz, die ${GERMAN_KIND[kind].many} umfasst.`,
  } satisfies Sentence<Kind>,
  notActivated: {
    en: ({ kind, shown, used, limit, free }, say) =>
      `The ${ENGLISH_KIND[kind].one} ${shown} is not activated for this license. ${used} of ${say.count(limit, kind)} are in use, so ${free ? "it can be activated" : "there is no free slot for it"}.`,
    de: ({ kind, shown, used, limit, free }, say) =>
      `${GERMAN_KIND[kind].The} ${shown} ist für diese Lizenz nicht aktiviert. ${used} von ${say.count(limit, kind, "dative")} ${used === 1 ? "ist" : "sind"} belegt, ${free ? `${GERMAN_KIND[kind].it} kann also aktiviert werden` : "es ist also kein Platz frei"}.`,
  } satisfies Sentence<Kind & { shown: string; used: number; limit: number; free: boolean }>,
  activateHere: {
    en: ({ kind }) =>
      `Activate it from the software on that ${ENGLISH_KIND[kind].one} with this license key.`,
    de: ({ kind }) =>
      `Aktivieren Sie ${GERMAN_KIND[kind].it} mit diesem Lizenzschlüssel in der Software ${GERMAN_KIND[kind].there}.`,
  } satisfies Sentence<Kind>,
  thenActivate: {
    en: ({ freeSlot }) => `${freeSlot} Then activate it from the software.`,
    de: ({ kind, freeSlot }) =>
      `${freeSlot} Aktivieren Sie ${GERMAN_KIND[kind].it} dann in der Software.`,
  } satisfies Sentence<Kind & { freeSlot: string }>,

  /** Who ended an activation, as a phrase for {@link FINDING_SENTENCES.deactivated}; `user` is a named user in the portal. */
  deactivatedBy: {
    user: {
      en: ({ user }) => `by ${user} in the portal`,
      de: ({ user }) => `von ${user} im Portal`,
    },
    customer: { en: () => "in the portal", de: () => "im Portal" },
    software: {
      en: () => "by the software on it",
      de: ({ kind }) => `von der Software ${GERMAN_KIND[kind].there}`,
    },
    vendor: { en: () => "by the vendor", de: () => "vom Anbieter" },
    system: {
      en: () => "automatically, because it stopped checking in",
      de: () => "mangels Meldungen automatisch",
    },
  } satisfies Record<Actor | "user", Sentence<Kind & { user: string | null }>>,
  deactivated: {
    en: ({ kind, name, at, now, who, reason }, say) => {
      const when = at ? ` on ${say.day(at)} (${say.ago(at, now)})` : "";
      const why = reason ? `, with the reason ${say.quote(reason)}` : "";
      return `The ${ENGLISH_KIND[kind].one} ${say.quote(name)} was deactivated${when}${who ? ` ${who}` : ""}${why}.`;
    },
    de: ({ kind, name, at, now, who, reason }, say) => {
      const when = at ? ` am ${say.day(at)} (${say.ago(at, now)})` : "";
      const why = reason ? ` (Grund: ${say.quote(reason)})` : "";
      return `${GERMAN_KIND[kind].The} ${say.quote(name)} wurde${when}${who ? ` ${who}` : ""} deaktiviert${why}.`;
    },
  } satisfies Sentence<Named & { at: Date | null; now: Date; who: string; reason: string | null }>,
  activateAgain: {
    en: ({ kind }) =>
      `Activate it again from the software; a ${ENGLISH_KIND[kind].one} slot is free.`,
    de: ({ kind }) =>
      `Aktivieren Sie ${GERMAN_KIND[kind].it} in der Software erneut; ein ${GERMAN_KIND[kind].slot} ist frei.`,
  } satisfies Sentence<Kind>,
  thenActivateAgain: {
    en: ({ freeSlot }) => `${freeSlot} Then activate it again from the software.`,
    de: ({ kind, freeSlot }) =>
      `${freeSlot} Aktivieren Sie ${GERMAN_KIND[kind].it} dann in der Software erneut.`,
  } satisfies Sentence<Kind & { freeSlot: string }>,

  heartbeatDead: {
    en: ({ kind, name, at, now, interval }, say) =>
      `The ${ENGLISH_KIND[kind].one} ${say.quote(name)} last checked in on ${say.day(at)} (${say.ago(at, now)}). ` +
      `The license expects a check-in ${say.every(interval)} and releases a ${ENGLISH_KIND[kind].one} that is silent for ${say.duration(heartbeatGraceSeconds(interval))}, so the software is refused until it activates again.`,
    de: ({ kind, name, at, now, interval }, say) =>
      `${GERMAN_KIND[kind].The} ${say.quote(name)} hat sich zuletzt am ${say.day(at)} (${say.ago(at, now)}) gemeldet. ` +
      `Die Lizenz erwartet ${say.every(interval)} eine Meldung und gibt ${GERMAN_KIND[kind].a} frei, ${GERMAN_KIND[kind].which} sich ${say.duration(heartbeatGraceSeconds(interval))} lang nicht meldet; die Software wird daher abgelehnt, bis sie sich wieder aktiviert.`,
  } satisfies Sentence<Named & Dated & { interval: number }>,
  heartbeatDeadFix: {
    en: ({ kind }) =>
      `Start the software on it with a network connection; it activates again while a ${ENGLISH_KIND[kind].one} slot is free.`,
    de: ({ kind }) =>
      `Starten Sie die Software ${GERMAN_KIND[kind].there} mit Netzwerkverbindung; sie aktiviert sich erneut, solange ein ${GERMAN_KIND[kind].slot} frei ist.`,
  } satisfies Sentence<Kind>,

  domainMismatch: {
    en: ({ names, others, shown, used, limit }, say) =>
      `The license is activated for ${say.list([...names.map((name) => say.quote(name)), ...(others > 0 ? [say.count(others, "otherDomain")] : [])])}, not for ${shown}. ` +
      `${used} of ${say.count(limit, "domain")} are in use.`,
    de: ({ names, others, shown, used, limit }, say) =>
      `Die Lizenz ist für ${say.list([...names.map((name) => say.quote(name)), ...(others > 0 ? [say.count(others, "otherDomain")] : [])])} aktiviert, nicht für ${shown}. ` +
      `${used} von ${say.count(limit, "domain", "dative")} ${used === 1 ? "ist" : "sind"} belegt.`,
  } satisfies Sentence<{
    names: readonly string[];
    others: number;
    shown: string;
    used: number;
    limit: number;
  }>,
  activateDomain: {
    en: ({ shown }) => `Activate ${shown} from the software on that site; a domain slot is free.`,
    de: ({ shown }) =>
      `Aktivieren Sie ${shown} in der Software auf dieser Website; ein Domainplatz ist frei.`,
  } satisfies Sentence<{ shown: string }>,
  thenActivateDomain: {
    en: ({ shown, freeSlot }) =>
      `${freeSlot} Then activate ${shown} from the software on that site.`,
    de: ({ shown, freeSlot }) =>
      `${freeSlot} Aktivieren Sie ${shown} dann in der Software auf dieser Website.`,
  } satisfies Sentence<{ shown: string; freeSlot: string }>,

  limitReached: {
    en: ({ kind, used, limit, seen, now }, say) =>
      `${used} of ${say.count(limit, kind)} are in use, so no further ${ENGLISH_KIND[kind].one} can be activated.` +
      (seen.length > 0
        ? ` Least recently seen: ${say.list(seen.map((row) => `${say.quote(row.name)} (last seen ${say.ago(row.lastSeenAt, now)})`))}.`
        : ""),
    de: ({ kind, used, limit, seen, now }, say) =>
      `${used} von ${say.count(limit, kind, "dative")} ${used === 1 ? "ist" : "sind"} belegt, daher kann ${GERMAN_KIND[kind].noFurther} aktiviert werden.` +
      (seen.length > 0
        ? ` Am längsten nicht gesehen: ${say.list(seen.map((row) => `${say.quote(row.name)} (zuletzt gesehen ${say.ago(row.lastSeenAt, now)})`))}.`
        : ""),
  } satisfies Sentence<
    Kind & {
      used: number;
      limit: number;
      seen: readonly { readonly name: string; readonly lastSeenAt: Date }[];
      now: Date;
    }
  >,
  thenActivateNew: {
    en: ({ kind, freeSlot }) => `${freeSlot} Then activate the new ${ENGLISH_KIND[kind].one}.`,
    de: ({ kind, freeSlot }) => `${freeSlot} Aktivieren Sie dann ${GERMAN_KIND[kind].theNew}.`,
  } satisfies Sentence<Kind & { freeSlot: string }>,

  protectedSlots: {
    en: ({ kind }) =>
      `This license is protected: you cannot deactivate its ${ENGLISH_KIND[kind].many} yourself. Contact support to move it.`,
    de: ({ kind }) =>
      `Diese Lizenz ist geschützt: Sie können ihre ${GERMAN_KIND[kind].many} nicht selbst deaktivieren. Wenden Sie sich an den Support, um eine Aktivierung zu verschieben.`,
  } satisfies Sentence<Kind>,
  noSelfDeactivation: {
    en: ({ kind }) =>
      `You cannot deactivate ${ENGLISH_KIND[kind].many} of this license yourself. Contact support to move it.`,
    de: ({ kind }) =>
      `Sie können die ${GERMAN_KIND[kind].many} dieser Lizenz nicht selbst deaktivieren. Wenden Sie sich an den Support, um eine Aktivierung zu verschieben.`,
  } satisfies Sentence<Kind>,
  deactivationsUsedUp: {
    en: ({ limit, windowDays, next, now }, say) =>
      `You have used all ${say.count(limit, "deactivation")} allowed in ${say.count(windowDays, "day")}; ` +
      `the next is possible on ${say.day(next)} (${say.ahead(next, now)}). Wait until then, or contact support.`,
    de: ({ limit, windowDays, next, now }, say) =>
      `Sie haben alle erlaubten Deaktivierungen genutzt (${limit} innerhalb von ${say.count(windowDays, "day", "dative")}); ` +
      `die nächste ist am ${say.day(next)} (${say.ahead(next, now)}) möglich. Warten Sie bis dahin, oder wenden Sie sich an den Support.`,
  } satisfies Sentence<{ limit: number; windowDays: number; next: Date; now: Date }>,
  deactivateLeastSeen: {
    en: ({ kind, name, lastSeenAt, now }, say) =>
      `Deactivate ${say.quote(name)} (last seen ${say.ago(lastSeenAt, now)}) or another ${ENGLISH_KIND[kind].one} you no longer use.`,
    de: ({ kind, name, lastSeenAt, now }, say) =>
      `Deaktivieren Sie ${say.quote(name)} (zuletzt gesehen ${say.ago(lastSeenAt, now)}) oder ${GERMAN_KIND[kind].another} Sie nicht mehr verwenden.`,
  } satisfies Sentence<Named & { lastSeenAt: Date; now: Date }>,
  deactivateUnused: {
    en: ({ kind }) => `Deactivate a ${ENGLISH_KIND[kind].one} you no longer use.`,
    de: ({ kind }) =>
      `Deaktivieren Sie ${GERMAN_KIND[kind].a}, ${GERMAN_KIND[kind].which} Sie nicht mehr verwenden.`,
  } satisfies Sentence<Kind>,
} as const;

/** What an expired license still does under each strategy, and the fix. */
export const EXPIRED_SENTENCES: Record<
  ExpirationStrategy,
  { readonly what: Sentence<{ end: Date }>; readonly fix: Sentence<{ end: Date }> }
> = {
  revoke: {
    what: {
      en: () =>
        "Under its policy an expired license stops working: the software refuses it everywhere.",
      de: () =>
        "Nach ihren Regeln funktioniert eine abgelaufene Lizenz nicht mehr: Die Software lehnt sie überall ab.",
    },
    fix: {
      en: () => "Renew the license; the same key and activations work again at once.",
      de: () =>
        "Verlängern Sie die Lizenz; derselbe Schlüssel und dieselben Aktivierungen funktionieren dann sofort wieder.",
    },
  },
  restrict: {
    what: {
      en: ({ end }, say) =>
        `Versions released before ${say.day(end)} keep working; newer versions are refused.`,
      de: ({ end }, say) =>
        `Versionen, die vor dem ${say.day(end)} erschienen sind, funktionieren weiter; neuere Versionen werden abgelehnt.`,
    },
    fix: {
      en: ({ end }, say) =>
        `Keep using a version released before ${say.day(end)}, or renew the license to use newer ones.`,
      de: ({ end }, say) =>
        `Verwenden Sie weiter eine Version, die vor dem ${say.day(end)} erschienen ist, oder verlängern Sie die Lizenz, um neuere zu nutzen.`,
    },
  },
  maintain: {
    what: {
      en: ({ end }, say) =>
        `Versions released before ${say.day(end)} keep working, but you cannot download anything until it is renewed.`,
      de: ({ end }, say) =>
        `Versionen, die vor dem ${say.day(end)} erschienen sind, funktionieren weiter, aber Sie können nichts herunterladen, bis die Lizenz verlängert ist.`,
    },
    fix: {
      en: () => "Renew the license to download again and to use newer versions.",
      de: () =>
        "Verlängern Sie die Lizenz, um wieder herunterzuladen und neuere Versionen zu nutzen.",
    },
  },
  allow: {
    what: {
      en: () =>
        "Its policy lets it keep working after it expires, so nothing stops; this is a reminder.",
      de: () =>
        "Nach ihren Regeln funktioniert sie auch nach dem Ablauf weiter, es wird also nichts blockiert; dies ist eine Erinnerung.",
    },
    fix: {
      en: () =>
        "Nothing is needed for the software to keep running; renew the license to keep it current.",
      de: () =>
        "Damit die Software weiterläuft, ist nichts nötig; verlängern Sie die Lizenz, um sie aktuell zu halten.",
    },
  },
};

type Licensed = { readonly name: string; readonly productName: string };

/** The license's general state, the sentences of a diagnosis's `summary`. */
export const SUMMARY_SENTENCES = {
  revoked: {
    en: ({ name, productName, at }, say) =>
      `${say.quote(name)} (${productName}) was revoked on ${say.day(at)}.`,
    de: ({ name, productName, at }, say) =>
      `Die Lizenz ${say.quote(name)} (${productName}) wurde am ${say.day(at)} widerrufen.`,
  } satisfies Sentence<Licensed & { at: Date }>,
  suspended: {
    en: ({ name, productName, at }, say) =>
      `${say.quote(name)} (${productName}) has been suspended since ${say.day(at)}.`,
    de: ({ name, productName, at }, say) =>
      `Die Lizenz ${say.quote(name)} (${productName}) ist seit dem ${say.day(at)} gesperrt.`,
  } satisfies Sentence<Licensed & { at: Date }>,
  expired: {
    en: ({ name, productName, at, now }, say) =>
      `${say.quote(name)} (${productName}) expired on ${say.day(at)} (${say.ago(at, now)}).`,
    de: ({ name, productName, at, now }, say) =>
      `Die Lizenz ${say.quote(name)} (${productName}) ist am ${say.day(at)} (${say.ago(at, now)}) abgelaufen.`,
  } satisfies Sentence<Licensed & Dated>,
  activeUntil: {
    en: ({ name, productName, at, now, soon }, say) =>
      `${say.quote(name)} (${productName}) is active${soon ? " but expires soon" : ""}: it runs until ${say.day(at)} (${say.ahead(at, now)}).`,
    de: ({ name, productName, at, now, soon }, say) =>
      `Die Lizenz ${say.quote(name)} (${productName}) ist aktiv${soon ? ", läuft aber bald ab" : ""} und gilt bis zum ${say.day(at)} (${say.ahead(at, now)}).`,
  } satisfies Sentence<Licensed & Dated & { soon: boolean }>,
  activeForever: {
    en: ({ name, productName }, say) =>
      `${say.quote(name)} (${productName}) is active and does not expire.`,
    de: ({ name, productName }, say) =>
      `Die Lizenz ${say.quote(name)} (${productName}) ist aktiv und läuft nicht ab.`,
  } satisfies Sentence<Licensed>,
  maintenanceEnded: {
    en: ({ at }, say) => `Maintenance ended on ${say.day(at)}; newer versions are not covered.`,
    de: ({ at }, say) =>
      `Die Wartung endete am ${say.day(at)}; neuere Versionen sind nicht abgedeckt.`,
  } satisfies Sentence<{ at: Date }>,
  maintenanceUntil: {
    en: ({ at }, say) => `Maintenance runs until ${say.day(at)}.`,
    de: ({ at }, say) => `Die Wartung läuft bis zum ${say.day(at)}.`,
  } satisfies Sentence<{ at: Date }>,
  inUse: {
    en: ({ seats }, say) =>
      `In use: ${say.list(seats.map(({ kind, used, limit }) => `${used} of ${say.count(limit, kind)}`))}.`,
    de: ({ seats }, say) =>
      `Belegt: ${say.list(seats.map(({ kind, used, limit }) => `${used} von ${say.count(limit, kind, "dative")}`))}.`,
  } satisfies Sentence<{
    seats: readonly { kind: ActivationKind; used: number; limit: number }[];
  }>,
  noActivations: {
    en: "It allows no activations.",
    de: "Die Lizenz erlaubt keine Aktivierungen.",
  },
  heartbeat: {
    en: ({ interval }, say) =>
      `Activations check in ${say.every(interval)}; one silent for ${say.duration(heartbeatGraceSeconds(interval))} is released.`,
    de: ({ interval }, say) =>
      `Aktivierungen melden sich ${say.every(interval)}; eine, die sich ${say.duration(heartbeatGraceSeconds(interval))} lang nicht meldet, wird freigegeben.`,
  } satisfies Sentence<{ interval: number }>,
  protectedActivations: {
    en: "Its activations are protected: only support can move them.",
    de: "Die Aktivierungen dieser Lizenz sind geschützt: Nur der Support kann sie verschieben.",
  },
  deactivationsUsed: {
    en: ({ used, limit, windowDays }, say) =>
      `You have used ${used} of ${say.count(limit, "deactivation")} allowed in ${say.count(windowDays, "day")}.`,
    de: ({ used, limit, windowDays }, say) =>
      `Sie haben ${used} von ${say.count(limit, "deactivation", "dative")} genutzt, die innerhalb von ${say.count(windowDays, "day", "dative")} erlaubt sind.`,
  } satisfies Sentence<{ used: number; limit: number; windowDays: number }>,
} as const;
