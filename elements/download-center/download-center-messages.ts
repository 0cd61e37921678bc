import { defineMessages } from "../internal/i18n.ts";

const en = {
  "filter.platform": "Platform",
  "filter.all": "All platforms",
  "platform.windows": "Windows",
  "platform.macos": "macOS",
  "platform.linux": "Linux",
  "platform.any": "Any platform",
  "arch.universal": "Universal",
  "kind.installer": "Installer",
  "kind.docs": "Documentation",
  "kind.other": "Other file",
  "channel.beta": "Beta",
  "release.published": "Released {date}",
  "release.none-for-platform": "This release has no file for {platform}.",
  "release.show-all": "Show all platforms",
  "reason.MAINTENANCE_ENDED": "Not covered by your maintenance",
  "reason.LICENSE_EXPIRED": "Your license has expired",
  "reason.LICENSE_SUSPENDED": "Your license is suspended",
  "reason.LICENSE_REVOKED": "Your license was revoked",
  "reason.ENTITLEMENT_MISSING": "Needs a feature your license does not include",
  "column.file": "File",
  "column.platform": "Platform",
  "column.size": "Size",
  "column.sha256": "SHA-256",
  "column.action": "Download",
  "hash.show": "Show the full SHA-256 of {file}",
  "hash.copy": "Copy",
  "hash.copy.label": "Copy the SHA-256 of {file}",
  "hash.copied": "Copied",
  "hash.copied.announce": "SHA-256 of {file} copied",
  "hash.copy.failed": "Copying did not work. Open the full SHA-256 and copy it by hand.",
  download: "Download",
  "download.label": "Download {file}",
  "download.preparing": "Preparing…",
  "download.unavailable": "Not available",
  "download.failed": "The download could not start. Try again in a moment.",
  "download.gone":
    "This file is no longer available to you. Reload the page to see what you can download.",
  "download.throttled": "You asked for many downloads in a short time. Try again in a few minutes.",
  "more.releases": "Show older releases",
  "more.loading": "Loading…",
  "more.failed": "Older releases could not be loaded. Try again in a moment.",
  "empty.title": "No downloads yet",
  "empty.hint":
    "Installers, manuals and add-ons appear here for every product you hold a license for, with each version your license covers.",
};

/** A key of `downloadMessages`. */
export type DownloadMessageKey = keyof typeof en;

/** Strings of `<download-center>`. `{file}` is a filename, `{version}` a release's version. */
export const downloadMessages = defineMessages({
  en,
  de: () => import("./download-center-messages-de.ts"),
});
