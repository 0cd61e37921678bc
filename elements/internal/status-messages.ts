import { defineMessages } from "./i18n.ts";

/**
 * Status words shared by every element that shows a license or an activation,
 * keyed by the API's `status` values so a badge can look its word up directly.
 * Counted forms take `count`, the whole days to or since expiry; `inactive`
 * takes `relative`, a phrase from `formatRelativeTime` ("3 days ago").
 *
 * @example
 * statusMessages(locale, `license.${license.status}`, { count: daysUntil(license.expiresAt) });
 * statusMessages("de", "activation.inactive", { relative: "vor 3 Tagen" }); // "Zuletzt gesehen vor 3 Tagen"
 */
export const statusMessages = defineMessages({
  en: {
    "license.active": "Active",
    "license.expiring": {
      "=0": "Expires today",
      one: "Expiring in {count} day",
      other: "Expiring in {count} days",
    },
    "license.expired": {
      "=0": "Expired today",
      one: "Expired {count} day ago",
      other: "Expired {count} days ago",
    },
    "license.suspended": "Suspended",
    "license.revoked": "Revoked",
    "activation.active": "Online",
    "activation.inactive": "Last seen {relative}",
    "activation.dead": "Dead",
    "activation.deactivated": "Deactivated",
  },
  de: {
    "license.active": "Aktiv",
    "license.expiring": {
      "=0": "Läuft heute ab",
      one: "Läuft in {count} Tag ab",
      other: "Läuft in {count} Tagen ab",
    },
    "license.expired": {
      "=0": "Heute abgelaufen",
      one: "Seit {count} Tag abgelaufen",
      other: "Seit {count} Tagen abgelaufen",
    },
    "license.suspended": "Gesperrt",
    "license.revoked": "Widerrufen",
    // "Aktiv" rather than "Online": the status covers anything seen in the last 30 days.
    "activation.active": "Aktiv",
    "activation.inactive": "Zuletzt gesehen {relative}",
    // Dead: it stopped checking in and lost its slot, which "Inaktiv" would not say.
    "activation.dead": "Ohne Rückmeldung",
    "activation.deactivated": "Deaktiviert",
  },
});

export type StatusMessageKey = Parameters<typeof statusMessages>[1];
