import { defineMessages } from "../internal/i18n.ts";

const en = {
  "who.software": "Your software",
  "who.vendor": "Your vendor",
  "who.system": "Keyport",
  "who.someone": "Someone",
  "activation.created": "{who} activated {name} on {license}",
  "activation.created.unnamed": "{who} activated {name}",
  "activation.deactivated": "{who} deactivated {name} on {license}",
  "activation.deactivated.unnamed": "{who} deactivated {name}",
  "activation.deactivated.heartbeat": "{name} was deactivated after it stopped checking in",
  "asset.downloaded": "{who} downloaded {file}",
  "license.key_revealed": "{who} revealed the key of {license}",
  "license.key_revealed.unnamed": "{who} revealed a license key",
  "license.created": "{license} was issued",
  "license.created.unnamed": "A new license was issued",
  "license.updated": "Your vendor changed {license}",
  "license.updated.unnamed": "Your vendor changed a license",
  "license.renewed": "{license} was renewed",
  "license.renewed.unnamed": "A license was renewed",
  "license.suspended": "{license} was suspended",
  "license.suspended.unnamed": "A license was suspended",
  "license.reinstated": "{license} was reinstated",
  "license.reinstated.unnamed": "A license was reinstated",
  "license.revoked": "{license} was revoked",
  "license.revoked.unnamed": "A license was revoked",
  "license.users_assigned": "The people assigned to {license} changed",
  "license.users_assigned.unnamed": "The people assigned to a license changed",
  "auth.signed_in": "{who} signed in",
  "auth.signed_out": "{who} signed out",
  "auth.sign_in_failed": "A sign-in as {who} failed",
  "auth.sign_in_failed.unnamed": "A sign-in failed",
  "recovery_code.used": "{who} signed in with a recovery code",
  "password.changed": "{who} changed their password",
  "password.reset": "{who} reset their password",
  "invitation.accepted": "{who} accepted the invitation",
  "profile.updated": "{who} updated their profile",
  "notifications.updated": "{who} changed their notification settings",
  "totp.setup_started": "{who} started setting up two-factor authentication",
  "totp.enabled": "{who} turned on two-factor authentication",
  "totp.disabled": "{who} turned off two-factor authentication",
  "totp.reset": "{who} reset two-factor authentication",
  "recovery_codes.replaced": "{who} made new recovery codes",
  "session.revoked": "{who} ended a session",
  fallback: "{who} made a change to the account",
};

/** A key of `activityMessages`. */
export type ActivityMessageKey = keyof typeof en;

/**
 * Sentences for the activity trail, keyed by `ActivityEntry.action`. `{who}`
 * is the person (or "Your software", "Your vendor"), `{license}` a license's
 * name, `{name}` a machine or domain, `{file}` a filename. A `.unnamed` form
 * stands in when the license's name is unknown to the element.
 */
export const activityMessages = defineMessages({
  en,
  de: () => import("./activity-messages-de.ts"),
});
