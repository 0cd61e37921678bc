import { defineMessages } from "../internal/i18n.ts";

/** The strings of `<account-settings>`; German in the formal "Sie". */
export const settingsMessages = defineMessages({
  en: {
    "region.title": "Language and time zone",
    "region.intro": "How the portal speaks to you and which clock its dates follow.",
    "language.label": "Language",
    "language.en": "English",
    "language.de": "Deutsch",
    "zone.label": "Time zone",
    "zone.hint": "Type a city or region, then pick it with the arrow keys and Enter.",
    "zone.matches": {
      "=0": "No time zone matches “{query}”.",
      one: "{count} time zone matches.",
      other: "{count} time zones match.",
    },
    "zone.unknown": "Choose a time zone from the list.",
    "zone.preview": "It is now {time} in {zone}.",
    "region.save": "Save language and time zone",
    "region.saved": "Your language and time zone are saved.",
    "region.saved.pinned":
      "Saved. This page sets its own language or time zone, so it keeps showing those; your choice applies everywhere else.",
    "notifications.title": "Email notifications",
    "notifications.intro": "Which mails we send you about your licenses and your account.",
    "notifications.licenseExpiring": "License about to expire",
    "notifications.licenseExpiring.hint":
      "A mail before one of your licenses expires, so you can renew in time.",
    "notifications.licenseExpiringDays": "Days ahead",
    "notifications.licenseExpiringDays.hint": "Between 1 and 90 days before the expiry date.",
    "notifications.licenseExpiringDays.invalid": "Enter a whole number of days from 1 to 90.",
    "notifications.newRelease": "New releases",
    "notifications.newRelease.hint":
      "A mail when a product your licenses cover has a new version to download.",
    "notifications.activationChanges": "Activations made or ended",
    "notifications.activationChanges.hint":
      "A mail when a machine or domain is activated on your licenses, or deactivated.",
    "notifications.securityNotices": "Security notices",
    "notifications.securityNotices.hint":
      "A mail when your password or two-factor sign-in changes, so you notice if it was not you.",
    "notifications.save": "Save notifications",
    "notifications.saved": "Your notification choices are saved.",
    saving: "Saving…",
    "save.failed": "Your changes were not saved. Check your connection and try again.",
    "save.invalid": "The portal did not accept this value: {reason}",
    "account.title": "Your account",
    "account.intro": "Your account's details. Only the vendor or an account owner can change them.",
    "account.name": "Account",
    "account.kind": "Kind",
    "account.kind.organization": "Organization",
    "account.kind.individual": "Individual",
    "account.role": "Your role",
    "account.role.owner": "Owner",
    "account.role.admin": "Admin",
    "account.role.member": "Member",
    "account.role.owner.hint": "You see and manage every license of the account.",
    "account.role.admin.hint": "You see and manage every license of the account.",
    "account.role.member.hint": "You see the licenses assigned to you.",
  },
  de: {
    "region.title": "Sprache und Zeitzone",
    "region.intro": "Wie das Portal mit Ihnen spricht und nach welcher Uhr es Daten anzeigt.",
    "language.label": "Sprache",
    "language.en": "English",
    "language.de": "Deutsch",
    "zone.label": "Zeitzone",
    "zone.hint":
      "Geben Sie eine Stadt oder Region ein und wählen Sie sie mit den Pfeiltasten und der Eingabetaste.",
    "zone.matches": {
      "=0": "Keine Zeitzone passt zu „{query}“.",
      one: "{count} Zeitzone passt.",
      other: "{count} Zeitzonen passen.",
    },
    "zone.unknown": "Wählen Sie eine Zeitzone aus der Liste.",
    "zone.preview": "In {zone} ist es jetzt {time}.",
    "region.save": "Sprache und Zeitzone speichern",
    "region.saved": "Ihre Sprache und Zeitzone sind gespeichert.",
    "region.saved.pinned":
      "Gespeichert. Diese Seite legt Sprache oder Zeitzone selbst fest und behält sie bei; Ihre Wahl gilt überall sonst.",
    "notifications.title": "E-Mail-Benachrichtigungen",
    "notifications.intro": "Welche E-Mails wir Ihnen zu Ihren Lizenzen und Ihrem Konto senden.",
    "notifications.licenseExpiring": "Lizenz läuft bald ab",
    "notifications.licenseExpiring.hint":
      "Eine E-Mail, bevor eine Ihrer Lizenzen abläuft, damit Sie rechtzeitig verlängern können.",
    "notifications.licenseExpiringDays": "Tage vorher",
    "notifications.licenseExpiringDays.hint": "Zwischen 1 und 90 Tagen vor dem Ablaufdatum.",
    "notifications.licenseExpiringDays.invalid":
      "Geben Sie eine ganze Zahl von Tagen zwischen 1 und 90 ein.",
    "notifications.newRelease": "Neue Versionen",
    "notifications.newRelease.hint":
      "Eine E-Mail, wenn es für ein Produkt Ihrer Lizenzen eine neue Version zum Herunterladen gibt.",
    "notifications.activationChanges": "Aktivierungen hinzugefügt oder beendet",
    "notifications.activationChanges.hint":
      "Eine E-Mail, wenn auf Ihren Lizenzen ein Gerät oder eine Domain aktiviert oder deaktiviert wird.",
    "notifications.securityNotices": "Sicherheitshinweise",
    "notifications.securityNotices.hint":
      "Eine E-Mail, wenn sich Ihr Passwort oder Ihre Zwei-Faktor-Anmeldung ändert, damit Sie es merken, falls Sie es nicht waren.",
    "notifications.save": "Benachrichtigungen speichern",
    "notifications.saved": "Ihre Auswahl der Benachrichtigungen ist gespeichert.",
    saving: "Wird gespeichert…",
    "save.failed":
      "Ihre Änderungen wurden nicht gespeichert. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    "save.invalid": "Das Portal hat diesen Wert nicht angenommen: {reason}",
    "account.title": "Ihr Konto",
    "account.intro":
      "Die Angaben Ihres Kontos. Nur der Anbieter oder ein Kontoinhaber kann sie ändern.",
    "account.name": "Konto",
    "account.kind": "Art",
    "account.kind.organization": "Organisation",
    "account.kind.individual": "Einzelperson",
    "account.role": "Ihre Rolle",
    "account.role.owner": "Inhaber",
    "account.role.admin": "Administrator",
    "account.role.member": "Mitglied",
    "account.role.owner.hint": "Sie sehen und verwalten alle Lizenzen des Kontos.",
    "account.role.admin.hint": "Sie sehen und verwalten alle Lizenzen des Kontos.",
    "account.role.member.hint": "Sie sehen die Lizenzen, die Ihnen zugewiesen sind.",
  },
});

export type SettingsMessageKey = Parameters<typeof settingsMessages>[1];
