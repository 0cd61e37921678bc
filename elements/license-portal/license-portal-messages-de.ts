/**
 * German (formal "Sie") of `portalMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  "nav.label": "Portal",
  "nav.dashboard": "Übersicht",
  "nav.licenses": "Meine Lizenzen",
  "nav.activations": "Aktivierungen",
  "nav.downloads": "Downloads",
  "nav.profile": "Profil & Sicherheit",
  "nav.settings": "Kontoeinstellungen",
  "menu.open": "Menü",
  skip: "Zum Inhalt springen",
  "user.label": "Angemeldet als",
  "sign-out": "Abmelden",
  "signing-out": "Wird abgemeldet…",
  "page.dashboard.title": "Übersicht",
  "page.dashboard.intro": "Was Ihre Aufmerksamkeit braucht und Ihre Lizenzen auf einen Blick.",
  "page.dashboard.action": "Meine Lizenzen öffnen",
  "page.licenses.title": "Meine Lizenzen",
  "page.licenses.intro": "Ihre Schlüssel, was sie abdecken und wie viele Plätze belegt sind.",
  "page.licenses.action": "Software herunterladen",
  "page.license.title": "Lizenzdetails",
  "page.license.intro":
    "Schlüssel, Plätze und Regeln einer Lizenz sowie eine Prüfung, warum Ihre Software sie ablehnen könnte.",
  "page.license.back": "Alle Lizenzen",
  "page.activations.title": "Aktivierungen",
  "page.activations.intro":
    "Die Geräte und Domains, die Ihre Lizenzen nutzen; deaktivieren Sie eines, um seinen Platz freizugeben.",
  "page.downloads.title": "Downloads",
  "page.downloads.intro":
    "Die Installationsprogramme und Dokumente, die Ihre Lizenzen abdecken, mit Prüfsummen.",
  "page.profile.title": "Profil & Sicherheit",
  "page.profile.intro":
    "Ihr Name, Ihre E-Mail-Adresse, Ihr Passwort, angemeldete Geräte und die Zwei-Faktor-Anmeldung.",
  "page.settings.title": "Kontoeinstellungen",
  "page.settings.intro": "Ihre Sprache, Ihre Zeitzone und die E-Mails, die Sie erhalten.",
  "page.not-found.title": "Seite nicht gefunden",
  "page.not-found.intro":
    "Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben.",
  "page.not-found.action": "Zur Übersicht",
  "page.sign-in.title": "Anmelden",
  "page.reset-password.title": "Neues Passwort wählen",
  "page.accept-invitation.title": "Einladung annehmen",
  "page.confirm-email.title": "E-Mail-Adresse bestätigen",
  "page.unavailable": "Diese Seite gehört noch nicht zu diesem Portal.",
  "page.unavailable.hint":
    "Bitten Sie den Anbieter des Portals, sie hinzuzufügen, oder nutzen Sie solange eine andere Seite.",
  "page.loading": "Das Portal wird geladen…",
  "page.error": "Das Portal konnte seinen Server nicht erreichen.",
  "page.error.hint": "Prüfen Sie Ihre Verbindung und versuchen Sie es gleich noch einmal.",
  retry: "Erneut versuchen",
  "session.expired":
    "Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um dort weiterzumachen, wo Sie waren.",
  "license.activations": "Aktivierungen dieser Lizenz",
};
