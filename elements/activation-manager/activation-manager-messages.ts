import { defineMessages } from "../internal/i18n.ts";

/** Strings of `<activation-manager>`; status words come from `statusMessages`. */
export const activationManagerMessages = defineMessages({
  en: {
    title: "Activations",
    intro: "The machines and domains using your licenses. Deactivate one to free its slot.",
    "filter.kind": "Type",
    "filter.kind.all": "Machines and domains",
    "filter.kind.machine": "Machines",
    "filter.kind.domain": "Domains",
    "filter.status": "Status",
    "filter.status.all": "Any status",
    "filter.status.inactive": "Not seen for 30 days",
    "filter.deactivated": "Show deactivated",
    "column.name": "Name",
    "column.platform": "Platform",
    "column.version": "Version",
    "column.lastSeen": "Last seen",
    "column.status": "Status",
    "column.action": "Action",
    "kind.machine": "Machine",
    "kind.domain": "Domain",
    unknown: "Not reported",
    deactivate: "Deactivate",
    "reason.protected": "This license is managed by your vendor; contact support to move it.",
    "reason.limit.next": "You can deactivate again on {date}.",
    "reason.limit.window": {
      one: "You have used the {count} deactivation of the last {days} days; each one counts for {days} days.",
      other:
        "You have used all {count} deactivations of the last {days} days; each one counts for {days} days.",
    },
    "reason.limit.never":
      "This license does not let you deactivate yourself; contact support to move it.",
    "reason.limit": "You cannot deactivate more right now; contact support if you need to.",
    "by.customer": "Deactivated by you {relative}",
    "by.software": "Deactivated by the software {relative}",
    "by.vendor": "Deactivated by your vendor {relative}",
    "by.system": "Ended automatically {relative}, as it stopped checking in",
    "by.unknown": "Deactivated {relative}",
    empty:
      "No activations yet. When you install {product} and enter your key, the machine shows up here.",
    "empty.license":
      "No activations of {license} yet. When you install {product} and enter its key, the machine shows up here.",
    "empty.product": "your software",
    "no-match": "No activations match these filters.",
    "no-match.clear": "Show all",
    history: "Deactivated",
    "history.empty": "Nothing was deactivated yet.",
    "more.load": "Load more",
    "more.loading": "Loading…",
    "more.failed": "More activations could not be loaded. Try again in a moment.",
    announce: "{name} is deactivated and its slot is free. In use now: {seats}.",
    "announce.plain": "{name} is deactivated and its slot is free.",
  },
  de: {
    title: "Aktivierungen",
    intro:
      "Die Geräte und Domains, die Ihre Lizenzen nutzen. Wenn Sie einen Eintrag deaktivieren, wird sein Platz frei.",
    "filter.kind": "Art",
    "filter.kind.all": "Geräte und Domains",
    "filter.kind.machine": "Geräte",
    "filter.kind.domain": "Domains",
    "filter.status": "Status",
    "filter.status.all": "Jeder Status",
    "filter.status.inactive": "Seit 30 Tagen nicht gesehen",
    "filter.deactivated": "Deaktivierte anzeigen",
    "column.name": "Name",
    "column.platform": "Plattform",
    "column.version": "Version",
    "column.lastSeen": "Zuletzt gesehen",
    "column.status": "Status",
    "column.action": "Aktion",
    "kind.machine": "Gerät",
    "kind.domain": "Domain",
    unknown: "Nicht gemeldet",
    deactivate: "Deaktivieren",
    "reason.protected":
      "Diese Lizenz verwaltet Ihr Anbieter; wenden Sie sich an den Support, um sie auf ein anderes Gerät zu übertragen.",
    "reason.limit.next": "Ab dem {date} können Sie wieder deaktivieren.",
    "reason.limit.window": {
      one: "Sie haben die {count} Deaktivierung der letzten {days} Tage genutzt; jede zählt {days} Tage lang.",
      other:
        "Sie haben alle {count} Deaktivierungen der letzten {days} Tage genutzt; jede zählt {days} Tage lang.",
    },
    "reason.limit.never":
      "Bei dieser Lizenz können Sie nicht selbst deaktivieren; wenden Sie sich an den Support.",
    "reason.limit":
      "Sie können gerade nicht weiter deaktivieren; wenden Sie sich bei Bedarf an den Support.",
    "by.customer": "Von Ihnen deaktiviert ({relative})",
    "by.software": "Von der Software deaktiviert ({relative})",
    "by.vendor": "Von Ihrem Anbieter deaktiviert ({relative})",
    "by.system": "Automatisch beendet ({relative}), weil es sich nicht mehr gemeldet hat",
    "by.unknown": "Deaktiviert ({relative})",
    empty:
      "Noch keine Aktivierungen. Sobald Sie {product} installieren und Ihren Schlüssel eingeben, erscheint das Gerät hier.",
    "empty.license":
      "{license} hat noch keine Aktivierungen. Sobald Sie {product} installieren und den Schlüssel eingeben, erscheint das Gerät hier.",
    "empty.product": "Ihre Software",
    "no-match": "Keine Aktivierung passt zu diesen Filtern.",
    "no-match.clear": "Alle anzeigen",
    history: "Deaktiviert",
    "history.empty": "Bisher wurde nichts deaktiviert.",
    "more.load": "Mehr laden",
    "more.loading": "Wird geladen…",
    "more.failed":
      "Weitere Aktivierungen konnten nicht geladen werden. Versuchen Sie es gleich noch einmal.",
    announce: "{name} ist deaktiviert, der Platz ist frei. Jetzt belegt: {seats}.",
    "announce.plain": "{name} ist deaktiviert, der Platz ist frei.",
  },
});

export type ActivationManagerMessageKey = Parameters<typeof activationManagerMessages>[1];
