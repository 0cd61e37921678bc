import { defineMessages } from "../internal/i18n.ts";

const en = {
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
};

/** A key of `dashboardMessages`. */
export type DashboardMessageKey = keyof typeof en;

/**
 * Strings of `<account-dashboard>` but the activity sentences (activity-messages.ts).
 * Counted forms take `count`; `{name}` is a license's name.
 */
export const dashboardMessages = defineMessages({
  en,
  de: () => import("./account-dashboard-messages-de.ts"),
});
