/**
 * German (formal "Sie") of `profileMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  title: "Profil & Sicherheit",
  intro: "Ihr Name und Ihre Anmeldedaten, wo Sie angemeldet sind, und die Zwei-Faktor-Anmeldung.",
  "profile.title": "Profil",
  "profile.intro": "Der Name, den Ihre Kolleginnen und Kollegen und Ihr Anbieter sehen.",
  "profile.name": "Name",
  "profile.save": "Name speichern",
  "profile.saving": "Wird gespeichert…",
  "profile.saved": "Ihr Name ist gespeichert.",
  "email.title": "E-Mail-Adresse",
  "email.intro":
    "Hierhin gehen Anmeldelinks, Hinweise und Belege. Ihre aktuelle Adresse ist {email}.",
  "email.new": "Neue E-Mail-Adresse",
  "email.password": "Aktuelles Passwort",
  "email.submit": "Bestätigungslink senden",
  "email.sending": "Wird gesendet…",
  "email.sent": "Sehen Sie in Ihrem Posteingang nach: Wir haben einen Link an {email} gesendet.",
  "email.sent.hint":
    "Ihre Adresse ändert sich, sobald Sie den Link innerhalb von 24 Stunden öffnen. Bis dahin melden Sie sich mit {email} an.",
  "email.again": "Andere Adresse verwenden",
  "email.confirming": "Ihre neue E-Mail-Adresse wird bestätigt…",
  "email.confirmed": "Ihre E-Mail-Adresse ist jetzt {email}.",
  "email.confirm.failed":
    "Dieser Bestätigungslink ist nicht mehr gültig: Er wurde schon verwendet, ist abgelaufen oder gehört zu einem anderen Konto. Fordern Sie unten einen neuen an.",
  "password.title": "Passwort",
  "password.intro": "Wenn Sie es ändern, werden Sie überall sonst abgemeldet.",
  "password.current": "Aktuelles Passwort",
  "password.new": "Neues Passwort",
  "password.new.hint": "Mindestens 12 Zeichen. Häufige Passwörter werden abgelehnt.",
  "password.confirm": "Neues Passwort wiederholen",
  "password.submit": "Passwort ändern",
  "password.saving": "Wird geändert…",
  "password.changed": "Ihr Passwort ist geändert; andere Sitzungen wurden abgemeldet.",
  "sessions.title": "Wo Sie angemeldet sind",
  "sessions.intro": "Melden Sie ein Gerät ab, das Sie nicht kennen oder nicht mehr verwenden.",
  "sessions.device": "Gerät",
  "sessions.place": "Adresse",
  "sessions.lastUsed": "Zuletzt verwendet",
  "sessions.action": "Aktion",
  "sessions.current": "Dieses Gerät",
  "sessions.ip.unknown": "Unbekannte Adresse",
  "sessions.kind.cookie": "Portal",
  "sessions.kind.bearer": "App oder Skript",
  "sessions.kind.portal": "Auf einer Website eingebettet",
  "sessions.revoke": "Abmelden",
  "sessions.revoke.label": "{device} abmelden, zuletzt verwendet {when}",
  "sessions.revoking": "Wird abgemeldet…",
  "sessions.revoked": "{device} ist abgemeldet.",
  "sessions.gone": "Diese Sitzung war bereits beendet.",
  "sessions.revoke.failed":
    "{device} konnte nicht abgemeldet werden. Versuchen Sie es gleich noch einmal.",
  "sessions.only": "Sie sind nur hier angemeldet.",
  "totp.title": "Zwei-Faktor-Anmeldung",
  "totp.intro":
    "Ein Code aus einer Authenticator-App auf Ihrem Telefon, nach dem bei jeder Anmeldung gefragt wird.",
  "totp.off": "Die Zwei-Faktor-Anmeldung ist aus.",
  "totp.on": "Die Zwei-Faktor-Anmeldung ist an.",
  "totp.setup": "Zwei-Faktor-Anmeldung einrichten",
  "totp.preparing": "Wird vorbereitet…",
  "totp.setup.password": "Aktuelles Passwort",
  "totp.step.scan":
    "1. Scannen Sie diesen Code mit Ihrer Authenticator-App (etwa 1Password, Google Authenticator oder Microsoft Authenticator).",
  "totp.qr.label": "QR-Code für Ihre Authenticator-App",
  "totp.secret.label":
    "Scannen klappt nicht? Geben Sie stattdessen diesen Schlüssel in der App ein:",
  "totp.secret.copy": "Schlüssel kopieren",
  "totp.secret.copied": "Schlüssel kopiert",
  "totp.step.code": "2. Geben Sie den 6-stelligen Code ein, den die App anzeigt.",
  "totp.code": "6-stelliger Code",
  "totp.enable": "Einschalten",
  "totp.enabling": "Wird eingeschaltet…",
  "totp.cancel": "Abbrechen",
  "totp.codes.title": "Speichern Sie Ihre Wiederherstellungscodes",
  "totp.codes.intro":
    "Wenn Sie Ihr Telefon verlieren, meldet Sie jeder dieser Codes einmal anstelle der App an. Sie werden nur jetzt angezeigt.",
  "totp.codes.label": "Wiederherstellungscodes",
  "totp.codes.copy": "Codes kopieren",
  "totp.codes.copied": "Wiederherstellungscodes kopiert",
  "totp.codes.download": "Als .txt herunterladen",
  "totp.codes.done": "Ich habe sie gespeichert",
  "totp.codes.file.title": "Keyport-Wiederherstellungscodes für {email}",
  "totp.codes.file.hint":
    "Jeder Code meldet Sie einmal an, wenn Sie Ihre Authenticator-App nicht verwenden können. Bewahren Sie sie sicher auf.",
  "totp.disable": "Ausschalten",
  "totp.disable.intro":
    "Bestätigen Sie, dass Sie es sind, um die Zwei-Faktor-Anmeldung auszuschalten.",
  "totp.disable.password": "Passwort",
  "totp.disable.code": "Code aus der App oder ein Wiederherstellungscode",
  "totp.disable.submit": "Zwei-Faktor-Anmeldung ausschalten",
  "totp.disabling": "Wird ausgeschaltet…",
  "totp.disabled":
    "Die Zwei-Faktor-Anmeldung ist aus. Bei der Anmeldung wird jetzt nur Ihr Passwort abgefragt.",
  "totp.enabled": "Die Zwei-Faktor-Anmeldung ist an.",
  "totp.already-on":
    "Die Zwei-Faktor-Anmeldung war bereits eingeschaltet, vielleicht in einem anderen Fenster.",
  "totp.not-pending": "Die Einrichtung ist abgelaufen. Beginnen Sie sie erneut.",
  "copy.failed":
    "Das Kopieren hat nicht funktioniert. Markieren Sie den Text und kopieren Sie ihn von Hand.",
  "field.required.name": "Geben Sie Ihren Namen ein.",
  "field.required.email": "Geben Sie die neue E-Mail-Adresse ein.",
  "field.required.password": "Geben Sie Ihr aktuelles Passwort ein.",
  "field.required.newPassword": "Geben Sie ein neues Passwort ein.",
  "field.required.code": "Geben Sie den Code ein.",
  "field.invalid.email": "Geben Sie eine E-Mail-Adresse wie name@example.com ein.",
  "field.invalid.code": "Geben Sie die 6 Ziffern ein, die die App anzeigt.",
  "field.mismatch": "Die beiden neuen Passwörter stimmen nicht überein.",
  "problem.wrong-password": "Das ist nicht Ihr aktuelles Passwort.",
  "problem.wrong-code":
    "Das ist nicht der aktuelle Code der App. Prüfen Sie die Uhrzeit Ihres Telefons.",
  "problem.wrong-code-or-recovery":
    "Das ist weder ein aktueller Code aus der App noch ein unbenutzter Wiederherstellungscode.",
  "problem.email-taken": "Ein anderes Konto verwendet diese Adresse bereits.",
  "problem.email-same": "Das ist bereits Ihre Adresse.",
  "problem.too-long": { one: "Höchstens {count} Zeichen.", other: "Höchstens {count} Zeichen." },
  "weak.too-short": {
    one: "Verwenden Sie mindestens {count} Zeichen.",
    other: "Verwenden Sie mindestens {count} Zeichen.",
  },
  "weak.too-long": {
    one: "Verwenden Sie höchstens {count} Zeichen.",
    other: "Verwenden Sie höchstens {count} Zeichen.",
  },
  "weak.common":
    "Das ist eines der häufigsten Passwörter. Wählen Sie eines, das schwerer zu erraten ist.",
  "weak.repeated": "Wiederholen Sie nicht nur ein einzelnes Zeichen.",
  "weak.personal": "Verwenden Sie nicht Ihre E-Mail-Adresse oder Ihren Namen.",
  "problem.throttled": "Zu viele falsche Passwörter oder Codes. Versuchen Sie es {when} erneut.",
  "problem.throttled.later":
    "Zu viele falsche Passwörter oder Codes. Versuchen Sie es später erneut.",
  "problem.not-allowed":
    "Auf dieser Seite lässt sich die Anmeldung nicht ändern. Nehmen Sie die Änderung im Kundenportal vor.",
  "problem.network":
    "Keyport ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  "problem.generic":
    "Das hat nicht funktioniert. Versuchen Sie es gleich noch einmal; wenn es wieder passiert, wenden Sie sich an den Support.",
};
