import type { MessageKey } from "./messages-en.ts";

/**
 * German strings (formal "Sie") of the base catalogue, loaded when a page first needs German;
 * the type makes a missing translation a compile error.
 */
export default {
  "state.loading": "Wird geladen…",
  "state.empty": "Hier gibt es noch nichts.",
  "state.error": "Etwas ist schiefgelaufen.",
  "state.error.hint":
    "Versuchen Sie es gleich noch einmal. Wenn der Fehler bleibt, wenden Sie sich an den Support.",
  "state.retry": "Erneut versuchen",
  "state.signed-out": "Sie sind abgemeldet. Melden Sie sich an, um fortzufahren.",
} satisfies Readonly<Record<MessageKey, string>>;
