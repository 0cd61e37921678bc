/**
 * German (formal "Sie") of `loginFormMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  "sign-in.title": "Anmelden",
  "sign-in.intro": "Verwenden Sie die E-Mail-Adresse und das Passwort Ihres Kontos.",
  "sign-in.submit": "Anmelden",
  "sign-in.pending": "Anmeldung läuft…",
  "sign-in.forgot": "Passwort vergessen?",
  "signed-in": "Sie sind angemeldet.",
  "sign-in.invalid":
    "Die E-Mail-Adresse oder das Passwort stimmt nicht. Prüfen Sie beides und versuchen Sie es erneut.",
  "totp.title": "Bestätigung in zwei Schritten",
  "totp.intro": "Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.",
  "totp.intro.recovery":
    "Geben Sie einen der Wiederherstellungscodes ein, die Sie beim Einrichten gespeichert haben.",
  "totp.code": "Bestätigungscode",
  "totp.recovery-code": "Wiederherstellungscode",
  "totp.use-recovery": "Stattdessen einen Wiederherstellungscode verwenden",
  "totp.use-app": "Stattdessen die Authenticator-App verwenden",
  "totp.submit": "Bestätigen",
  "totp.invalid":
    "Der Code stimmt nicht oder wurde schon verwendet. Geben Sie den aktuellen Code ein.",
  "totp.missing": "Geben Sie den Code ein.",
  "forgot.title": "Passwort zurücksetzen",
  "forgot.intro": "Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link.",
  "forgot.submit": "Link senden",
  "forgot.sent.title": "Sehen Sie in Ihr Postfach",
  "forgot.sent":
    "Wenn es ein Konto mit dieser Adresse gibt, haben wir einen Link gesendet. Er funktioniert einmal, eine Stunde lang.",
  "forgot.sent.hint": "Nach einigen Minuten noch nichts da? Sehen Sie im Spam-Ordner nach.",
  "reset.title": "Neues Passwort wählen",
  "reset.intro": "Mit dem neuen Passwort endet jede Sitzung, die noch angemeldet ist.",
  "invitation.title": "Passwort wählen",
  "invitation.intro":
    "Sie wurden zum Portal eingeladen. Wählen Sie ein Passwort, um Ihr Konto fertig einzurichten.",
  "reset.submit": "Passwort speichern",
  "invitation.submit": "Speichern und weiter",
  "reset.done.title": "Ihr Passwort ist gesetzt",
  "reset.done": "Melden Sie sich mit Ihrem neuen Passwort an.",
  "reset.token-invalid":
    "Dieser Link gilt nicht mehr: Er wurde schon verwendet oder ist abgelaufen. Fordern Sie einen neuen an.",
  "reset.token-missing":
    "Diese Seite braucht den Link aus Ihrer E-Mail. Öffnen Sie den Link noch einmal.",
  "reset.request-new": "Neuen Link anfordern",
  "back.sign-in": "Zurück zur Anmeldung",
  "field.email": "E-Mail-Adresse",
  "field.password": "Passwort",
  "field.new-password": "Neues Passwort",
  "field.confirm-password": "Neues Passwort bestätigen",
  "field.new-password.hint":
    "Mindestens 12 Zeichen. Einige Wörter, die nichts miteinander zu tun haben, eignen sich gut.",
  "error.email.missing": "Geben Sie Ihre E-Mail-Adresse ein.",
  "error.email.invalid": "Geben Sie eine E-Mail-Adresse wie name@example.com ein.",
  "error.password.missing": "Geben Sie Ihr Passwort ein.",
  "error.new-password.missing": "Geben Sie ein neues Passwort ein.",
  "error.confirm.mismatch": "Die beiden Passwörter stimmen nicht überein.",
  "error.throttled": "Zu viele Versuche. Versuchen Sie es {when} erneut.",
  "error.throttled.later": "Zu viele Versuche. Versuchen Sie es später erneut.",
  "error.generic": "Etwas ist schiefgelaufen. Versuchen Sie es gleich noch einmal.",
  "error.network":
    "Keyport ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  "weak.too-short": "Verwenden Sie mindestens {count} Zeichen.",
  "weak.too-long": "Verwenden Sie höchstens {count} Zeichen.",
  "weak.common":
    "Dieses Passwort gehört zu den häufigsten. Wählen Sie eines, das schwerer zu erraten ist.",
  "weak.repeated": "Wiederholen Sie nicht nur ein einzelnes Zeichen.",
  "weak.personal": "Verwenden Sie nicht Ihre E-Mail-Adresse oder Ihren Namen.",
};
