/**
 * German (formal "Sie") of `statusMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  "license.active": "Aktiv",
  "license.expiring": {
    "=0": "Läuft heute ab",
    one: "Läuft in {count} Tag ab",
    other: "Läuft in {count} Tagen ab",
  },
  "license.expired": {
    "=0": "Heute abgelaufen",
    one: "Seit {count} Tag abgelaufen",
    other: "Seit {count} Tagen abgelaufen",
  },
  "license.suspended": "Gesperrt",
  "license.revoked": "Widerrufen",
  "activation.active": "Aktiv",
  "activation.inactive": "Länger inaktiv",
  // Dead: it stopped checking in and lost its slot, which "Inaktiv" would not say.
  "activation.dead": "Ohne Rückmeldung",
  "activation.deactivated": "Deaktiviert",
};
