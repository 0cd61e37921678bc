import { defineMessages } from "./i18n.ts";

const en = {
  title: "Deactivate {name}?",
  consequence:
    "{name} will stop working at its next license check, and its slot becomes free at once.",
  left: {
    "=0": "This license allows no more deactivations in the next {days} days.",
    one: "You have {count} of {limit} deactivations left in the next {days} days.",
    other: "You have {count} of {limit} deactivations left in the next {days} days.",
  },
  cancel: "Cancel",
  confirm: "Deactivate",
  pending: "Deactivating…",
  "error.limit": "You have used all deactivations this license allows for now.",
  "error.limit.next": "You can deactivate again on {date}.",
  "error.limit.never":
    "This license does not let you deactivate machines or domains yourself. Contact support and they can do it for you.",
  "error.protected": "This license is managed by your vendor; contact support to move it.",
  "error.not-found":
    "This activation is no longer on your account. Close this and reload the list.",
  "error.signed-out": "You are signed out. Sign in again, then try once more.",
  "error.other":
    "The deactivation did not go through. Try again in a moment; if it keeps happening, contact support.",
};

/** A key of `deactivationMessages`. */
export type DeactivationMessageKey = keyof typeof en;

/**
 * Strings of the deactivation confirmation, shared by every element that hosts
 * it. `{name}` is the machine's or domain's name as the list shows it.
 */
export const deactivationMessages = defineMessages({
  en,
  de: () => import("./deactivation-messages-de.ts"),
});
