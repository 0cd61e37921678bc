import { defineMessages } from "./i18n.ts";

const en = {
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
  // Seen in the last 30 days: "Online" would promise more than that.
  "activation.active": "Active",
  // Beside the time last seen, which every view of an activation shows.
  "activation.inactive": "Not seen lately",
  "activation.dead": "Dead",
  "activation.deactivated": "Deactivated",
};

/** A key of `statusMessages`. */
export type StatusMessageKey = keyof typeof en;

/**
 * Status words shared by every element that shows a license or an activation,
 * keyed by the API's `status` values so a badge can look its word up directly.
 * Counted forms take `count`, the whole days to or since expiry.
 *
 * @example
 * statusMessages(locale, `license.${license.status}`, { count: daysUntil(license.expiresAt) });
 * await whenLocaleLoaded("de"); // German comes on demand
 * statusMessages("de", "activation.inactive"); // "Länger inaktiv"
 */
export const statusMessages = defineMessages({ en, de: () => import("./status-messages-de.ts") });
