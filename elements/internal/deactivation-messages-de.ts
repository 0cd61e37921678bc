/**
 * German (formal "Sie") of `deactivationMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
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
};
