import { defineMessages } from "../internal/i18n.ts";

const en = {
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
  "account.intro":
    "Your account's details as your vendor keeps them. To change one, contact their support.",
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
};

/** A key of `settingsMessages`. */
export type SettingsMessageKey = keyof typeof en;

/** The strings of `<account-settings>`; German in the formal "Sie". */
export const settingsMessages = defineMessages({
  en,
  de: () => import("./account-settings-messages-de.ts"),
});
