import { defineMessages } from "../internal/i18n.ts";

/**
 * Strings of `<account-dashboard>` but the activity sentences (activity-messages.ts).
 * Counted forms take `count`; `{name}` is a license's name.
 */
export const dashboardMessages = defineMessages({
  en: {
    "health.ok": "Everything looks good",
    "health.ok.hint": "No license needs your attention right now.",
    "health.attention": {
      one: "{count} thing needs your attention",
      other: "{count} things need your attention",
    },
    "health.open": "Open {name}",
    "health.open.activations": "Show the activations of {name}",
    "health.open.diagnosis": "Diagnose {name}",
    "health.unnamed": "Open the license",
    "health.more": { one: "{count} more license", other: "{count} more licenses" },
    "card.licenses": "Licenses",
    "card.licenses.total": { one: "{count} license", other: "{count} licenses" },
    "card.licenses.chart": "Licenses by status: {parts}",
    "card.licenses.link": { one: "View your license", other: "View all licenses" },
    "card.licenses.filter": "Show the licenses with status {status}",
    "status.active": "Active",
    "status.expiring": "Expiring",
    "status.expired": "Expired",
    "status.suspended": "Suspended",
    "status.revoked": "Revoked",
    "card.seats": "Seats in use",
    "card.seats.hint": "Across every license that is not revoked.",
    "card.seats.none": "Your licenses include no machine or domain slots.",
    "card.seats.link": "Manage activations",
    "card.expiring": "Expiring in the next {days} days",
    "card.expiring.none": "Nothing expires in the next {days} days.",
    "card.expiring.today": "Today",
    "card.expiring.window": "Warning window",
    "card.expiring.link": "View expiring licenses",
    "card.activity": "Recent activity",
    "card.activity.none":
      "Nothing has happened yet. Sign-ins, key reveals, activations and downloads show up here.",
    "card.activity.link": "See all activity",
    "empty.title": "No licenses yet",
    "empty.hint":
      "When a license is issued to your account, this page shows its status, the seats in use, what expires soon and what needs your attention.",
    "empty.link": "Go to My Licenses",
  },
  de: {
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
    "card.seats.hint": "Über alle Lizenzen, die nicht widerrufen sind.",
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
  },
});

export type DashboardMessageKey = Parameters<typeof dashboardMessages>[1];
