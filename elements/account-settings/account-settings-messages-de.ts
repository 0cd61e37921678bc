/**
 * German (formal "Sie") of `settingsMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
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
    "Die Angaben Ihres Kontos, wie Ihr Anbieter sie führt. Für eine Änderung wenden Sie sich an seinen Support.",
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
};
