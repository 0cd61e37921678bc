// What the installed software tells its user for each answer of the Licensing API, and what it
// does next. docs/licensing.md shows the same table ("What to show the user"); a test keeps the
// two equal.
import type { LicensingAnswer, ValidationCode } from "@keyport/sdk";

/** What the app does after an answer. */
export type NextStep =
  /** Keep running. */
  | "run"
  /** Keep running without the feature that was asked for. */
  | "run-without-feature"
  /** Call `activate` now, then go on with its answer. */
  | "activate"
  /** Stop using the licensed features and show the message until the user acts. */
  | "stop";

export interface UserMessage {
  /** The sentence the user sees. */
  readonly sentence: string;
  /** What the user can do about it. */
  readonly action: string;
  readonly next: NextStep;
}

/**
 * One message per validation code; `Record<ValidationCode, …>` makes a code the API adds a type
 * error here until it has its sentence.
 */
export const validationMessages: Readonly<Record<ValidationCode, UserMessage>> = {
  VALID: {
    sentence: "Acme Studio is licensed on this computer.",
    action: "Nothing to do.",
    next: "run",
  },
  NOT_FOUND: {
    sentence: "This license key is not known.",
    action:
      "Check the key for typos and enter it again; My Licenses in the customer portal shows it.",
    next: "stop",
  },
  PRODUCT_MISMATCH: {
    sentence: "This license key is for another product.",
    action: "Enter the key of your Acme Studio license; My Licenses shows each key's product.",
    next: "stop",
  },
  REVOKED: {
    sentence: "This license has been revoked.",
    action: "Contact Acme support if you think this is a mistake.",
    next: "stop",
  },
  SUSPENDED: {
    sentence: "This license is suspended.",
    action:
      "Contact Acme support or billing; Acme Studio works again once the license is reinstated.",
    next: "stop",
  },
  EXPIRED: {
    sentence: "Your license has expired.",
    action: "Renew it in the customer portal to keep using Acme Studio.",
    next: "stop",
  },
  VERSION_NOT_COVERED: {
    sentence: "Your license does not cover this version: it came out after your updates ended.",
    action:
      "Install the last version your license covers (Downloads in the customer portal), or renew to use this one.",
    next: "stop",
  },
  DEACTIVATED: {
    sentence: "This computer was removed from your license.",
    action:
      "To use Acme Studio here again, activate it again; if every slot is taken, free one in the customer portal first.",
    next: "stop",
  },
  DOMAIN_MISMATCH: {
    sentence: "This license is activated for another site.",
    action:
      "Use the key on the site it belongs to, or deactivate that site in the customer portal and activate this one.",
    next: "stop",
  },
  NOT_ACTIVATED: {
    sentence: "This computer is not activated yet.",
    action: "Acme Studio activates it now; that takes one of your license's computer slots.",
    next: "activate",
  },
  HEARTBEAT_DEAD: {
    sentence: "This computer was offline too long, so its activation ended.",
    action: "Acme Studio activates it again now.",
    next: "activate",
  },
  MACHINE_LIMIT_REACHED: {
    sentence: "Every computer slot of this license is in use.",
    action:
      "Deactivate a computer you no longer use under Activations in the customer portal, then try again.",
    next: "stop",
  },
  DOMAIN_LIMIT_REACHED: {
    sentence: "Every site slot of this license is in use.",
    action:
      "Deactivate a site you no longer use under Activations in the customer portal, then try again.",
    next: "stop",
  },
  ENTITLEMENT_MISSING: {
    sentence: "Your license does not include this feature.",
    action: "The feature stays off; upgrade your license in the customer portal to use it.",
    next: "run-without-feature",
  },
};

/** An expired license that is still valid (`restrict`, `maintain`, `allow`) informs only. */
export const expiredButValid: UserMessage = {
  sentence: "Your license has expired; this version keeps working.",
  action: "Renew in the customer portal to get the updates released since.",
  next: "run",
};

// #region message-for
/**
 * The message for an answer: branch on `valid` first, then on `code`.
 *
 * @example
 * const { sentence, action } = messageFor(await licensing.validate({ key, fingerprint }));
 */
export function messageFor(answer: Pick<LicensingAnswer, "valid" | "code">): UserMessage {
  if (answer.valid && answer.code === "EXPIRED") return expiredButValid;
  const message = validationMessages[answer.code];
  // A valid answer never stops the app, whatever its code says.
  return answer.valid && message.next === "stop" ? { ...message, next: "run" } : message;
}
// #endregion message-for
