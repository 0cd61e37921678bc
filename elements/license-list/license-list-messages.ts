import { defineMessages } from "../internal/i18n.ts";

/** The strings of `<license-list>`; status words, keys and seats come from the shared catalogues. */
export const licenseListMessages = defineMessages({
  en: {
    "search.label": "Search",
    "search.placeholder": "Name, product, end of key",
    "status.label": "Status",
    "status.all": "All statuses",
    "status.active": "Active",
    "status.expiring": "Expiring soon",
    "status.expired": "Expired",
    "status.suspended": "Suspended",
    "status.revoked": "Revoked",
    "product.label": "Product",
    "product.all": "All products",
    caption: "Your licenses",
    "column.license": "License",
    "column.status": "Status",
    "column.key": "Key",
    "column.seats": "In use",
    expires: "Expires {date}",
    expired: "Expired {date}",
    "no-end": "No end date",
    "load-more": "Load more",
    "loading-more": "Loading more…",
    "load-more.failed": "More licenses could not be loaded. Try again in a moment.",
    shown: {
      one: "{count} license shown",
      other: "{count} licenses shown",
    },
    "shown.more": {
      one: "{count} license shown, more to load",
      other: "{count} licenses shown, more to load",
    },
    empty: "No licenses yet.",
    "empty.hint":
      "When you buy a product, or someone on your team assigns a license to you, it shows up here with its key and the machines it covers.",
    "filtered.empty": "No licenses match these filters.",
    "filtered.hint": "Try another search or status, or clear the filters to see all your licenses.",
    "filters.clear": "Clear filters",
  },
  de: {
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
  },
});

export type LicenseListMessageKey = Parameters<typeof licenseListMessages>[1];
