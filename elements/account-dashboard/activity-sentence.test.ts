/// <reference types="mocha" />
import { expect } from "@open-wc/testing";
import { whenLocaleLoaded } from "../internal/i18n.ts";
import { entry, ids } from "./account-dashboard.fixtures.ts";
import { describeActivity } from "./activity-sentence.ts";

const names = new Map([[ids.designTeam, "Design team"]]);
const en = { locale: "en" as const, licenseName: (id: string) => names.get(id) };
const de = { locale: "de" as const, licenseName: (id: string) => names.get(id) };

describe("describeActivity", () => {
  // The German strings load on demand; an element waits for them, a direct lookup does not.
  before(() => whenLocaleLoaded("de"));

  it("words each kind of entry in English and German", () => {
    const cases = [
      [
        entry({ action: "license.key_revealed" }),
        "Olivia Owner revealed the key of Design team",
        "Olivia Owner hat den Schlüssel von Design team angezeigt",
      ],
      [
        entry({ action: "activation.deactivated", data: { name: "OLD-PC", reason: "Replaced" } }),
        "Olivia Owner deactivated OLD-PC on Design team",
        "Olivia Owner hat OLD-PC für Design team deaktiviert",
      ],
      [
        entry({
          action: "activation.deactivated",
          actor: "system",
          user: null,
          data: { name: "OLD-PC", reason: "heartbeat_missed" },
        }),
        "OLD-PC was deactivated after it stopped checking in",
        "OLD-PC wurde deaktiviert, weil es sich nicht mehr gemeldet hat",
      ],
      [
        entry({
          action: "activation.created",
          actor: "software",
          user: null,
          data: { kind: "domain", name: "shop.example" },
        }),
        "Your software activated shop.example on Design team",
        "Ihre Software hat shop.example für Design team aktiviert",
      ],
      [
        entry({ action: "license.suspended", actor: "vendor", user: null }),
        "Design team was suspended",
        "Design team wurde gesperrt",
      ],
      [
        entry({ action: "asset.downloaded", data: { filename: "studio.msi" } }),
        "Olivia Owner downloaded studio.msi",
        "Olivia Owner hat studio.msi heruntergeladen",
      ],
      [
        entry({ action: "auth.signed_in", licenseId: null }),
        "Olivia Owner signed in",
        "Olivia Owner hat sich angemeldet",
      ],
      [
        entry({ action: "auth.sign_in_failed", user: null, licenseId: null }),
        "A sign-in failed",
        "Eine Anmeldung ist fehlgeschlagen",
      ],
      [
        entry({ action: "totp.enabled", licenseId: null }),
        "Olivia Owner turned on two-factor authentication",
        "Olivia Owner hat die Zwei-Faktor-Authentifizierung eingeschaltet",
      ],
    ] as const;
    for (const [activity, english, german] of cases) {
      expect(describeActivity(activity, en), activity.action).to.equal(english);
      expect(describeActivity(activity, de), activity.action).to.equal(german);
    }
  });

  it("says 'a license' when the name is unknown, and never shows an action's code", () => {
    const unknownLicense = entry({ action: "license.key_revealed", licenseId: "lic_other" });
    expect(describeActivity(unknownLicense, en)).to.equal("Olivia Owner revealed a license key");
    const newKind = entry({ action: "billing.invoice_paid", actor: "vendor", user: null });
    expect(describeActivity(newKind, en)).to.equal("Your vendor made a change to the account");
    expect(describeActivity(newKind, de)).to.equal("Ihr Anbieter hat etwas am Konto geändert");
    expect(describeActivity(entry({ action: "who.vendor" }), en)).not.to.contain("Your vendor");
  });
});
