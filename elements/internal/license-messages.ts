import { defineMessages, type KeyportLocale } from "./i18n.ts";

const en = {
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
  "license.not-found": "This license does not exist or is not yours to see.",
  "license.not-found.hint": "Check the link, or open the license from your list of licenses.",
  "seats.machines.label": "Machines in use",
  "seats.domains.label": "Domains in use",
};

/** A key of `licenseMessages`. */
export type LicenseMessageKey = keyof typeof en;

/**
 * Strings of the license pieces every license element shares: the key with
 * Reveal and Copy, and the seat meters. Seat counts take `used` and `count`,
 * the total, which also picks the plural form ("1 of 1 machine", "2 of 3 machines").
 *
 * @example
 * licenseMessages("de", "seats.machines", { used: 2, count: 3 }); // "2 von 3 Geräten" once `whenLocaleLoaded("de")` settled
 */
export const licenseMessages = defineMessages({ en, de: () => import("./license-messages-de.ts") });

/**
 * The state a license element shows when the API answers 404 for its license: it does not
 * exist, or it is not the caller's to see (the API does not say which).
 */
export function licenseNotFound(locale: KeyportLocale): { message: string; hint: string } {
  return {
    message: licenseMessages(locale, "license.not-found"),
    hint: licenseMessages(locale, "license.not-found.hint"),
  };
}
