/**
 * German (formal "Sie") of `activationManagerMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  title: "Aktivierungen",
  intro:
    "Die Geräte und Domains, die Ihre Lizenzen nutzen. Wenn Sie einen Eintrag deaktivieren, wird sein Platz frei.",
  "intro.license":
    "Die Geräte und Domains, die diese Lizenz nutzen. Wenn Sie einen Eintrag deaktivieren, wird sein Platz frei.",
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
};
