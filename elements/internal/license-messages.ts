import { defineMessages } from "./i18n.ts";

/**
 * Strings of the license pieces every license element shares: the key with
 * Reveal and Copy, and the seat meters. Seat counts take `used` and `count`,
 * the total, which also picks the plural form ("1 of 1 machine", "2 of 3 machines").
 *
 * @example
 * licenseMessages("de", "seats.machines", { used: 2, count: 3 }); // "2 von 3 Geräten"
 */
export const licenseMessages = defineMessages({
  en: {
    "key.masked": "Key ending in {last}",
    "key.reveal": "Reveal",
    "key.reveal.label": "Reveal the key of {name}",
    "key.revealing": "Revealing…",
    "key.hide": "Hide",
    "key.hide.label": "Hide the key of {name}",
    "key.copy": "Copy",
    "key.copy.label": "Copy the key of {name}",
    "key.copied": "Copied",
    "key.reveal.failed": "The key could not be shown. Try again in a moment.",
    "key.copy.failed": "Copying did not work. Reveal the key and copy it by hand.",
    "seats.machines": {
      one: "{used} of {count} machine",
      other: "{used} of {count} machines",
    },
    "seats.domains": {
      one: "{used} of {count} domain",
      other: "{used} of {count} domains",
    },
    "seats.machines.label": "Machines in use",
    "seats.domains.label": "Domains in use",
  },
  de: {
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
    "seats.machines.label": "Belegte Geräte",
    "seats.domains.label": "Belegte Domains",
  },
});

export type LicenseMessageKey = Parameters<typeof licenseMessages>[1];
