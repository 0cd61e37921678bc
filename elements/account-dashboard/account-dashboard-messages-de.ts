/**
 * German (formal "Sie") of `dashboardMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  "health.ok": "Alles in Ordnung",
  "health.ok.hint": "Keine Lizenz braucht gerade Ihre Aufmerksamkeit.",
  "health.attention": {
    one: "{count} Punkt braucht Ihre Aufmerksamkeit",
    other: "{count} Punkte brauchen Ihre Aufmerksamkeit",
  },
  "health.open": "{name} öffnen",
  "health.open.activations": "Aktivierungen von {name} anzeigen",
  "health.open.diagnosis": "{name} diagnostizieren",
  "health.unnamed": "Lizenz öffnen",
  "health.more": { one: "{count} weitere Lizenz", other: "{count} weitere Lizenzen" },
  "card.licenses": "Lizenzen",
  "card.licenses.total": { one: "{count} Lizenz", other: "{count} Lizenzen" },
  "card.licenses.chart": "Lizenzen nach Status: {parts}",
  "card.licenses.link": { one: "Ihre Lizenz ansehen", other: "Alle Lizenzen ansehen" },
  "card.licenses.filter": "Lizenzen mit Status „{status}“ anzeigen",
  "status.active": "Aktiv",
  "status.expiring": "Läuft bald ab",
  "status.expired": "Abgelaufen",
  "status.suspended": "Gesperrt",
  "status.revoked": "Widerrufen",
  "card.seats": "Belegte Plätze",
  "card.seats.hint": "Alle Lizenzen außer den widerrufenen.",
  "card.seats.none": "Ihre Lizenzen enthalten keine Geräte- oder Domainplätze.",
  "card.seats.link": "Aktivierungen verwalten",
  "card.expiring": "Läuft in den nächsten {days} Tagen ab",
  "card.expiring.none": "In den nächsten {days} Tagen läuft nichts ab.",
  "card.expiring.today": "Heute",
  "card.expiring.window": "Warnzeitraum",
  "card.expiring.link": "Ablaufende Lizenzen ansehen",
  "card.activity": "Letzte Aktivitäten",
  "card.activity.none":
    "Noch ist nichts passiert. Anmeldungen, angezeigte Schlüssel, Aktivierungen und Downloads erscheinen hier.",
  "card.activity.link": "Alle Aktivitäten ansehen",
  "empty.title": "Noch keine Lizenzen",
  "empty.hint":
    "Sobald Ihrem Konto eine Lizenz ausgestellt wird, zeigt diese Seite ihren Status, die belegten Plätze, was bald abläuft und was Ihre Aufmerksamkeit braucht.",
  "empty.link": "Zu „Meine Lizenzen“",
};
