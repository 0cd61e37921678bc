import type { Activation, MyLicense } from "@keyport/sdk";
import { css, html, nothing, type TemplateResult } from "lit";
import { type DateInput, type FormatSettings, formatDate, formatDateTime } from "./format.ts";
import { statusMessages } from "./status-messages.ts";

/** The colour a status is shown in; every tone is a text colour with ≥ 4.5:1 on the surface. */
export type BadgeTone = "success" | "warning" | "danger" | "muted";

/** What a badge needs: the locale and zone (a resolved `portal` fits) and, for tests, the moment now. */
export interface StatusBadgeSettings extends FormatSettings {
  /** Defaults to the current time. */
  readonly now?: DateInput;
}

export type LicenseStatus = MyLicense["status"];
export type ActivationStatus = Activation["status"];

const DAY_MS = 86_400_000;

const licenseTones: Readonly<Record<LicenseStatus, BadgeTone>> = {
  active: "success",
  expiring: "warning",
  expired: "danger",
  suspended: "danger",
  revoked: "danger",
};

const activationTones: Readonly<Record<ActivationStatus, BadgeTone>> = {
  active: "success",
  inactive: "warning",
  dead: "danger",
  deactivated: "muted",
};

/** Whole days left, rounded up as the API does: anything left of today is "in 1 day". */
function daysUntil(date: DateInput, now: DateInput): number {
  return Math.max(0, Math.ceil((new Date(date).getTime() - new Date(now).getTime()) / DAY_MS));
}

/** Whole days past, rounded down as the API does. */
function daysSince(date: DateInput, now: DateInput): number {
  return Math.max(0, Math.floor((new Date(now).getTime() - new Date(date).getTime()) / DAY_MS));
}

/**
 * The word of a license's status, counting days where a deadline matters:
 * "Active", "Expiring in 12 days", "Expired 40 days ago", "Suspended", "Revoked".
 *
 * @example
 * licenseStatusText({ status: "expiring", expiresAt }, { locale: "en", timezone: "UTC" }); // "Expiring in 12 days"
 */
export function licenseStatusText(
  license: Pick<MyLicense, "status" | "expiresAt">,
  { locale, now = Date.now() }: Pick<StatusBadgeSettings, "locale" | "now">,
): string {
  const { status, expiresAt } = license;
  if (status === "expiring" && expiresAt !== null) {
    return statusMessages(locale, "license.expiring", { count: daysUntil(expiresAt, now) });
  }
  if (status === "expired" && expiresAt !== null) {
    return statusMessages(locale, "license.expired", { count: daysSince(expiresAt, now) });
  }
  // Without a date (which the API never sends for these) the plain word still holds.
  if (status === "expiring" || status === "expired") {
    return statusMessages(locale, `license.${status}`, { count: 0 });
  }
  return statusMessages(locale, `license.${status}`);
}

/**
 * The word of an activation's status: "Active", "Not seen lately", "Dead", "Deactivated".
 *
 * @example
 * activationStatusText(activation, { locale: "de" }); // "Länger inaktiv"
 */
export function activationStatusText(
  activation: Pick<Activation, "status">,
  { locale }: Pick<StatusBadgeSettings, "locale">,
): string {
  return statusMessages(locale, `activation.${activation.status}`);
}

function renderBadge(status: string, tone: BadgeTone, text: string, title?: string) {
  return html`<span
    part="badge badge-${status}"
    class="badge badge--${tone}"
    title=${title ?? nothing}
    ><span class="badge-dot" aria-hidden="true"></span>${text}</span
  >`;
}

/**
 * A license's status badge: colour and word, the exact expiry date as its
 * `title`. Parts: `badge` and `badge-<status>`. Add `statusBadgeStyles` to the
 * element's styles.
 *
 * @example
 * html`${renderLicenseStatusBadge(license, this.portal)}`
 */
export function renderLicenseStatusBadge(
  license: Pick<MyLicense, "status" | "expiresAt">,
  settings: StatusBadgeSettings,
): TemplateResult {
  const dated = license.status === "expiring" || license.status === "expired";
  const title =
    dated && license.expiresAt !== null ? formatDate(license.expiresAt, settings) : undefined;
  return renderBadge(
    license.status,
    licenseTones[license.status],
    licenseStatusText(license, settings),
    title,
  );
}

/**
 * An activation's status badge: colour and word, the exact time last seen as
 * its `title`. Parts: `badge` and
 * `badge-<status>` (`badge-active`, `badge-inactive`, `badge-dead`, `badge-deactivated`).
 *
 * @example
 * html`${renderActivationStatusBadge(activation, this.portal)}`
 */
export function renderActivationStatusBadge(
  activation: Pick<Activation, "status" | "lastSeenAt">,
  settings: StatusBadgeSettings,
): TemplateResult {
  return renderBadge(
    activation.status,
    activationTones[activation.status],
    activationStatusText(activation, settings),
    formatDateTime(activation.lastSeenAt, settings),
  );
}

/**
 * Styles of the badges. The badge paints the surface colour behind its word,
 * so the tone's contrast holds on whatever page background the widget sits.
 */
export const statusBadgeStyles = css`
  .badge {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 1.5);
    padding: 0 calc(var(--_kp-space) * 2.5);
    min-height: 1.5rem;
    border: 1px solid currentColor;
    border-radius: 999px;
    background: var(--_kp-color-surface);
    font-size: 0.875rem;
    font-weight: 500;
    line-height: 1.25;
    white-space: nowrap;
  }

  .badge-dot {
    flex: none;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: currentColor;
  }

  .badge--success {
    color: var(--_kp-color-success);
  }

  .badge--warning {
    color: var(--_kp-color-warning);
  }

  .badge--danger {
    color: var(--_kp-color-danger);
  }

  .badge--muted {
    color: var(--_kp-color-muted);
  }

  /* Deactivated is history, not a state to act on: a hollow dot says so besides the word. */
  .badge--muted .badge-dot {
    background: transparent;
    border: 1px solid currentColor;
  }
`;
