import { html } from "hono/html";
import { formatMoment } from "../core/time.ts";
import type { ActivationKind, Actor, ReleaseChannel } from "../db/schema.ts";
import type { MailMessage } from "./mail-outbox.ts";
import { PRODUCT_NAME } from "./mail-templates.ts";

/**
 * The notices a user chose in their notification preferences: licenses about to
 * expire, activations made or ended, and new releases. Kept apart from mail-templates.ts (the
 * mails every account gets) because these carry names customers and their
 * software chose, so each also has an HTML part with that content escaped.
 */

function paragraphHtml(text: string): string {
  // A paragraph that is only a link becomes one; pre-line keeps the line breaks
  // of text the vendor wrote (release notes).
  const rendered = /^https?:\/\/\S+$/.test(text)
    ? html`<p><a href="${text}">${text}</a></p>`
    : html`<p style="white-space:pre-line">${text}</p>`;
  // Hono renders synchronously when only strings are interpolated, as here.
  if (rendered instanceof Promise) throw new Error("mail html must render synchronously");
  return rendered.toString();
}

function composeNotice(
  to: string,
  subject: string,
  name: string | undefined,
  paragraphs: readonly string[],
): MailMessage {
  const all = [name ? `Hello ${name},` : "Hello,", ...paragraphs];
  return {
    to,
    subject: `${subject} — ${PRODUCT_NAME}`,
    text: `${all.join("\n\n")}\n\n— ${PRODUCT_NAME}\n`,
    html: `<!doctype html><html><body>${[...all, `— ${PRODUCT_NAME}`].map(paragraphHtml).join("")}</body></html>`,
  };
}

/** A single line fit for a subject: control characters and runs of space collapsed, length capped. */
function subjectSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const flat = text.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

export interface LicenseExpiringParams {
  readonly name?: string;
  readonly licenseName: string;
  readonly productName: string;
  readonly expiresAt: Date;
  /** Whole days left, rounded up. */
  readonly daysLeft: number;
  /** The recipient's saved time zone (`users.timezone`), for the date. */
  readonly timeZone: string;
}

/**
 * The notice that a license the user can see expires soon.
 *
 * @example
 * await enqueueMail(trx, { ...licenseExpiringMail(user.email, params), dedupeKey });
 */
export function licenseExpiringMail(to: string, params: LicenseExpiringParams): MailMessage {
  const when = formatMoment(params.expiresAt, params.timeZone);
  const days = params.daysLeft === 1 ? "1 day" : `${params.daysLeft} days`;
  return composeNotice(to, `${subjectSafe(params.licenseName)} expires in ${days}`, params.name, [
    `Your license "${params.licenseName}" for ${params.productName} expires on ${when}, in ${days}.`,
    "To keep using it without interruption, renew it before then; your vendor or their support can help. You see all your licenses and their dates when you sign in to the portal.",
    "You get this mail because you chose expiry notices; you can change that in Profile & Security.",
  ]);
}

export type ActivationChange = "created" | "ended";

export interface ActivationNoticeParams {
  readonly name?: string;
  readonly change: ActivationChange;
  readonly kind: ActivationKind;
  /** The machine's or domain's name as the software reported it, else its identifier. */
  readonly activationName: string;
  readonly licenseName: string;
  readonly productName: string;
  /** Who made the change. */
  readonly by: Actor;
  /** The customer who made it, when one did. */
  readonly byName?: string | null;
  readonly at: Date;
  readonly reason?: string | null;
  /** Active bindings of this kind after the change, and how many the license allows. */
  readonly used: number;
  readonly limit: number;
  /** The recipient's saved time zone (`users.timezone`), for the moment. */
  readonly timeZone: string;
}

const ENDED_BY: Record<Actor, string> = {
  customer: "by a user of your account",
  software: "by the software itself",
  vendor: "by your vendor",
  system: "automatically, because it stopped reporting in",
};

/**
 * The notice that a machine or domain was activated for a license, or that an
 * activation ended (and by whom), for users who chose activation notices.
 *
 * @example
 * await enqueueMail(trx, { ...activationNoticeMail(user.email, params), dedupeKey });
 */
export function activationNoticeMail(to: string, params: ActivationNoticeParams): MailMessage {
  const when = formatMoment(params.at, params.timeZone);
  const what = params.kind === "machine" ? "machine" : "domain";
  const slots = `${params.used} of ${params.limit} ${what}${params.limit === 1 ? "" : "s"} now in use.`;
  const who =
    params.by === "customer" && params.byName ? `by ${params.byName}` : ENDED_BY[params.by];
  const lines =
    params.change === "created"
      ? [
          `The ${what} "${params.activationName}" was activated for your license "${params.licenseName}" (${params.productName}) on ${when}. ${slots}`,
          "If you do not recognise it, deactivate it in the portal and keep your license key private.",
        ]
      : [
          `The ${what} "${params.activationName}" was deactivated ${who} on ${when}; it no longer uses a slot of your license "${params.licenseName}" (${params.productName}). ${slots}`,
          ...(params.reason ? [`Reason given: ${params.reason}`] : []),
        ];
  const subject =
    params.change === "created"
      ? `New ${what} activated: ${subjectSafe(params.activationName)}`
      : `${what === "machine" ? "Machine" : "Domain"} deactivated: ${subjectSafe(params.activationName)}`;
  return composeNotice(to, subject, params.name, [
    ...lines,
    "You get this mail because you chose activation notices; you can change that in Profile & Security.",
  ]);
}

/** Release notes longer than this are cut in the mail; the portal shows them whole. */
const RELEASE_NOTES_MAX = 1000;

export interface NewReleaseParams {
  readonly name?: string;
  readonly productName: string;
  readonly version: string;
  readonly channel: ReleaseChannel;
  readonly publishedAt: Date;
  readonly notes?: string | null;
  /** The portal's downloads page. */
  readonly link: string;
  /** The recipient's saved time zone (`users.timezone`), for the date. */
  readonly timeZone: string;
}

/**
 * The notice that a new release the user may download is out, for users who chose
 * new-release mails. Product, version and notes are the vendor's text: the HTML
 * part escapes them, and the subject keeps to one line.
 *
 * @example
 * await enqueueMail(trx, { ...newReleaseMail(user.email, params), dedupeKey });
 */
export function newReleaseMail(to: string, params: NewReleaseParams): MailMessage {
  const what = `${subjectSafe(params.productName)} ${params.version}${params.channel === "beta" ? " (beta)" : ""}`;
  const notes = params.notes?.trim() ?? "";
  const cut =
    notes.length > RELEASE_NOTES_MAX ? `${notes.slice(0, RELEASE_NOTES_MAX - 1)}…` : notes;
  return composeNotice(to, `${subjectSafe(what)} is out`, params.name, [
    `${what} was released on ${formatMoment(params.publishedAt, params.timeZone)}, and your license covers it. Download it in the portal:`,
    params.link,
    ...(cut ? ["What is new:", cut] : []),
    "You get this mail because you chose new-release notices; you can change that in Profile & Security.",
  ]);
}
