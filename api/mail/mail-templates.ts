import { formatMoment } from "../core/time.ts";
import type { MailMessage } from "./mail-outbox.ts";

/**
 * The mails Keyport sends, as plain text: short, in the second person, each with
 * the one link that acts on it. The product name is fixed here so that a vendor's
 * branding can later replace it in one place.
 */
export const PRODUCT_NAME = "Keyport";

/** The kinds of security notice; each names the change it reports. */
export type SecurityNoticeKind =
  | "password_changed"
  | "password_reset"
  | "totp_enabled"
  | "totp_disabled"
  | "totp_reset"
  | "recovery_code_used"
  | "recovery_codes_replaced";

const NOTICE_TEXT: Record<SecurityNoticeKind, { subject: string; what: string }> = {
  password_changed: { subject: "Your password was changed", what: "Your password was changed" },
  password_reset: {
    subject: "Your password was reset",
    what: "Your password was reset with a link sent to this address, and every session was signed out",
  },
  totp_enabled: {
    subject: "Two-factor authentication is on",
    what: "Two-factor authentication was turned on for your account",
  },
  totp_disabled: {
    subject: "Two-factor authentication is off",
    what: "Two-factor authentication was turned off for your account",
  },
  totp_reset: {
    subject: "Two-factor authentication was reset",
    what: "Two-factor authentication was turned off for your account by support, and every session was signed out",
  },
  recovery_code_used: {
    subject: "A recovery code was used",
    what: "One of your two-factor recovery codes was used to sign in",
  },
  recovery_codes_replaced: {
    subject: "New recovery codes",
    what: "New two-factor recovery codes were made for your account; the old ones no longer work",
  },
};

function greeting(name: string | undefined): string {
  return name ? `Hello ${name},` : "Hello,";
}

function compose(to: string, subject: string, lines: readonly string[]): MailMessage {
  return {
    to,
    subject: `${subject} — ${PRODUCT_NAME}`,
    text: `${lines.join("\n")}\n\n— ${PRODUCT_NAME}\n`,
  };
}

/**
 * The mail with a password-reset link.
 *
 * @example
 * await enqueueMail(trx, passwordResetMail(user.email, { link, name: user.name }));
 */
export function passwordResetMail(
  to: string,
  params: { readonly link: string; readonly name?: string; readonly validMinutes?: number },
): MailMessage {
  const minutes = params.validMinutes ?? 60;
  return compose(to, "Reset your password", [
    greeting(params.name),
    "",
    `Someone asked to reset the password of your ${PRODUCT_NAME} account. To choose a new one, open this link:`,
    "",
    params.link,
    "",
    `The link works once, for ${minutes} minutes. If you did not ask for it, ignore this mail: your password stays as it is.`,
  ]);
}

/**
 * The mail inviting a new user to set their password and sign in.
 *
 * @example
 * await enqueueMail(trx, invitationMail(user.email, { link, name: user.name, accountName }));
 */
export function invitationMail(
  to: string,
  params: {
    readonly link: string;
    readonly name?: string;
    readonly accountName?: string;
    readonly validDays?: number;
  },
): MailMessage {
  const days = params.validDays ?? 7;
  const where = params.accountName ? ` for ${params.accountName}` : "";
  return compose(to, "You are invited", [
    greeting(params.name),
    "",
    `An account${where} was created for you in ${PRODUCT_NAME}, where you see your licenses, activations and downloads. To choose your password, open this link:`,
    "",
    params.link,
    "",
    `The link works once, for ${days} days.`,
  ]);
}

/**
 * A notice that something security-relevant changed on the account, so that the
 * owner of the address notices a change they did not make.
 *
 * @example
 * await enqueueMail(trx, securityNoticeMail(user.email, { kind: "password_changed", name: user.name, at, timeZone: user.timezone }));
 */
export function securityNoticeMail(
  to: string,
  params: {
    readonly kind: SecurityNoticeKind;
    readonly name?: string;
    readonly at?: Date;
    /** The recipient's saved time zone (`users.timezone`), which `at` is written in. */
    readonly timeZone: string;
    /** Where the user can act (the portal's address); defaults to no link. */
    readonly link?: string;
  },
): MailMessage {
  const notice = NOTICE_TEXT[params.kind];
  const when = params.at ? ` on ${formatMoment(params.at, params.timeZone)}` : "";
  const lines = [
    greeting(params.name),
    "",
    `${notice.what}${when}.`,
    "",
    "If this was you, there is nothing to do. If it was not, reset your password at once and contact support.",
  ];
  if (params.link) lines.push("", params.link);
  return compose(to, notice.subject, lines);
}

/**
 * The mail to a NEW address with the link that confirms the change of email.
 *
 * @example
 * await enqueueMail(trx, emailChangeConfirmMail(newEmail, { link, name: user.name }));
 */
export function emailChangeConfirmMail(
  to: string,
  params: { readonly link: string; readonly name?: string; readonly validMinutes?: number },
): MailMessage {
  const minutes = params.validMinutes ?? 60;
  return compose(to, "Confirm your new email address", [
    greeting(params.name),
    "",
    `You asked to use this address for your ${PRODUCT_NAME} account. To confirm, open this link:`,
    "",
    params.link,
    "",
    `The link works once, for ${minutes} minutes. Until you confirm, your account keeps its old address. If you did not ask for this, ignore this mail.`,
  ]);
}

/**
 * The notice to the OLD address once the change of email is confirmed.
 *
 * @example
 * await enqueueMail(trx, emailChangedNoticeMail(oldEmail, { newEmail, name: user.name, at, timeZone: user.timezone }));
 */
export function emailChangedNoticeMail(
  to: string,
  params: {
    readonly newEmail: string;
    readonly name?: string;
    readonly at?: Date;
    /** The recipient's saved time zone (`users.timezone`), which `at` is written in. */
    readonly timeZone: string;
  },
): MailMessage {
  const when = params.at ? ` on ${formatMoment(params.at, params.timeZone)}` : "";
  return compose(to, "Your email address was changed", [
    greeting(params.name),
    "",
    `The email address of your ${PRODUCT_NAME} account was changed${when} to ${params.newEmail}. Mail about your account now goes there.`,
    "",
    "If this was you, there is nothing to do. If it was not, contact support at once.",
  ]);
}
