/**
 * German (formal "Sie") of `downloadMessages`, loaded when a page first needs German.
 * `defineMessages` checks that it has exactly the English keys.
 */
export default {
  "filter.platform": "Plattform",
  "filter.all": "Alle Plattformen",
  "platform.windows": "Windows",
  "platform.macos": "macOS",
  "platform.linux": "Linux",
  "platform.any": "Jede Plattform",
  "arch.universal": "Universal",
  "kind.installer": "Installationsprogramm",
  "kind.docs": "Dokumentation",
  "kind.other": "Weitere Datei",
  "channel.beta": "Beta",
  "release.published": "Veröffentlicht am {date}",
  "release.none-for-platform": "Diese Version enthält keine Datei für {platform}.",
  "release.show-all": "Alle Plattformen anzeigen",
  "reason.MAINTENANCE_ENDED": "Nicht von Ihrer Wartung abgedeckt",
  "reason.LICENSE_EXPIRED": "Ihre Lizenz ist abgelaufen",
  "reason.LICENSE_SUSPENDED": "Ihre Lizenz ist gesperrt",
  "reason.LICENSE_REVOKED": "Ihre Lizenz wurde widerrufen",
  "reason.ENTITLEMENT_MISSING": "Benötigt eine Funktion, die Ihre Lizenz nicht enthält",
  "column.file": "Datei",
  "column.platform": "Plattform",
  "column.size": "Größe",
  "column.sha256": "SHA-256",
  "column.action": "Herunterladen",
  "hash.show": "Vollständige SHA-256 von {file} anzeigen",
  "hash.copy": "Kopieren",
  "hash.copy.label": "SHA-256 von {file} kopieren",
  "hash.copied": "Kopiert",
  "hash.copied.announce": "SHA-256 von {file} kopiert",
  "hash.copy.failed":
    "Das Kopieren hat nicht funktioniert. Öffnen Sie die vollständige SHA-256 und kopieren Sie sie von Hand.",
  download: "Herunterladen",
  "download.label": "{file} herunterladen",
  "download.preparing": "Wird vorbereitet…",
  "download.unavailable": "Nicht verfügbar",
  "download.failed": "Der Download konnte nicht starten. Versuchen Sie es gleich noch einmal.",
  "download.gone":
    "Diese Datei steht Ihnen nicht mehr zur Verfügung. Laden Sie die Seite neu, um zu sehen, was Sie herunterladen können.",
  "download.throttled":
    "Sie haben in kurzer Zeit viele Downloads angefordert. Versuchen Sie es in einigen Minuten noch einmal.",
  "more.releases": "Ältere Versionen anzeigen",
  "more.loading": "Wird geladen…",
  "more.failed":
    "Ältere Versionen konnten nicht geladen werden. Versuchen Sie es gleich noch einmal.",
  "empty.title": "Noch keine Downloads",
  "empty.hint":
    "Hier erscheinen Installationsprogramme, Handbücher und Erweiterungen für jedes Produkt, für das Sie eine Lizenz besitzen, mit jeder Version, die Ihre Lizenz abdeckt.",
};
