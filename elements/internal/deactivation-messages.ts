import { defineMessages } from "./i18n.ts";

/**
 * Strings of the deactivation confirmation, shared by every element that hosts
 * it. `{name}` is the machine's or domain's name as the list shows it.
 */
export const deactivationMessages = defineMessages({
  en: {
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
  },
  de: {
    title: "{name} deaktivieren?",
    consequence:
      "{name} funktioniert ab der nächsten Lizenzprüfung nicht mehr, und der Platz wird sofort frei.",
    left: {
      "=0": "Diese Lizenz erlaubt in den nächsten {days} Tagen keine weitere Deaktivierung.",
      one: "Sie haben in den nächsten {days} Tagen noch {count} von {limit} Deaktivierungen.",
      other: "Sie haben in den nächsten {days} Tagen noch {count} von {limit} Deaktivierungen.",
    },
    cancel: "Abbrechen",
    confirm: "Deaktivieren",
    pending: "Wird deaktiviert…",
    "error.limit": "Sie haben alle Deaktivierungen aufgebraucht, die diese Lizenz derzeit erlaubt.",
    "error.limit.next": "Ab dem {date} können Sie wieder deaktivieren.",
    "error.limit.never":
      "Bei dieser Lizenz können Sie Geräte und Domains nicht selbst deaktivieren. Der Support erledigt das gern für Sie.",
    "error.protected":
      "Diese Lizenz verwaltet Ihr Anbieter; wenden Sie sich an den Support, um sie auf ein anderes Gerät zu übertragen.",
    "error.not-found":
      "Diese Aktivierung gehört nicht mehr zu Ihrem Konto. Schließen Sie den Dialog und laden Sie die Liste neu.",
    "error.signed-out":
      "Sie sind abgemeldet. Melden Sie sich erneut an und versuchen Sie es noch einmal.",
    "error.other":
      "Die Deaktivierung hat nicht geklappt. Versuchen Sie es gleich noch einmal; wenn der Fehler bleibt, wenden Sie sich an den Support.",
  },
});
