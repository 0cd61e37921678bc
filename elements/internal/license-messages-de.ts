/**
 * German (formal "Sie") of `licenseMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  "key.masked": "Schlüssel mit der Endung {last}",
  "key.reveal": "Anzeigen",
  "key.reveal.label": "Schlüssel von {name} anzeigen",
  "key.revealing": "Wird abgerufen…",
  "key.hide": "Verbergen",
  "key.hide.label": "Schlüssel von {name} verbergen",
  "key.copy": "Kopieren",
  "key.copy.label": "Schlüssel von {name} kopieren",
  "key.copied": "Kopiert",
  "key.reveal.failed":
    "Der Schlüssel konnte nicht angezeigt werden. Versuchen Sie es gleich noch einmal.",
  "key.copy.failed":
    "Das Kopieren hat nicht funktioniert. Lassen Sie sich den Schlüssel anzeigen und kopieren Sie ihn von Hand.",
  "seats.machines": {
    one: "{used} von {count} Gerät",
    other: "{used} von {count} Geräten",
  },
  "seats.domains": {
    one: "{used} von {count} Domain",
    other: "{used} von {count} Domains",
  },
  "license.not-found": "Diese Lizenz gibt es nicht, oder Sie dürfen sie nicht sehen.",
  "license.not-found.hint":
    "Prüfen Sie den Link, oder öffnen Sie die Lizenz aus Ihrer Lizenzliste.",
  "seats.machines.label": "Belegte Geräte",
  "seats.domains.label": "Belegte Domains",
};
