/**
 * German (formal "Sie") of `licenseListMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  "search.label": "Suchen",
  "search.placeholder": "Name, Produkt, Schlüsselende",
  "status.label": "Status",
  "status.all": "Alle Status",
  "status.active": "Aktiv",
  "status.expiring": "Läuft bald ab",
  "status.expired": "Abgelaufen",
  "status.suspended": "Gesperrt",
  "status.revoked": "Widerrufen",
  "product.label": "Produkt",
  "product.all": "Alle Produkte",
  caption: "Ihre Lizenzen",
  "column.license": "Lizenz",
  "column.status": "Status",
  "column.key": "Schlüssel",
  "column.seats": "Belegt",
  expires: "Läuft am {date} ab",
  expired: "Abgelaufen am {date}",
  "no-end": "Unbefristet",
  "load-more": "Weitere laden",
  "loading-more": "Weitere werden geladen…",
  "load-more.failed":
    "Weitere Lizenzen konnten nicht geladen werden. Versuchen Sie es gleich noch einmal.",
  shown: {
    one: "{count} Lizenz angezeigt",
    other: "{count} Lizenzen angezeigt",
  },
  "shown.more": {
    one: "{count} Lizenz angezeigt, weitere verfügbar",
    other: "{count} Lizenzen angezeigt, weitere verfügbar",
  },
  empty: "Noch keine Lizenzen.",
  "empty.hint":
    "Sobald Sie ein Produkt kaufen oder jemand aus Ihrem Team Ihnen eine Lizenz zuweist, erscheint sie hier – mit Schlüssel und den Geräten, für die sie gilt.",
  "filtered.empty": "Keine Lizenz passt zu diesen Filtern.",
  "filtered.hint":
    "Versuchen Sie eine andere Suche oder einen anderen Status, oder setzen Sie die Filter zurück, um alle Ihre Lizenzen zu sehen.",
  "filters.clear": "Filter zurücksetzen",
};
