import { defineMessages } from "../internal/i18n.ts";

const en = {
  title: "Activations",
  intro: "The machines and domains using your licenses. Deactivate one to free its slot.",
  "intro.license": "The machines and domains using this license. Deactivate one to free its slot.",
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
};

/** A key of `activationManagerMessages`. */
export type ActivationManagerMessageKey = keyof typeof en;

/** Strings of `<activation-manager>`; status words come from `statusMessages`. */
export const activationManagerMessages = defineMessages({
  en,
  de: () => import("./activation-manager-messages-de.ts"),
});
