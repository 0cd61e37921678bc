import type { Activation, MyLicenseDetail } from "@keyport/sdk";
import { html, nothing, type TemplateResult } from "lit";
import { activationLabel } from "../internal/deactivation-dialog.ts";
import {
  type FormatSettings,
  formatDate,
  formatDateTime,
  formatRelativeTime,
} from "../internal/format.ts";
import type { MessageParams } from "../internal/i18n.ts";
import { renderActivationStatusBadge } from "../internal/status-badge.ts";
import type { ActivationManagerMessageKey } from "./activation-manager-messages.ts";

/** What a row needs from its element. */
export interface RowContext extends FormatSettings {
  readonly now: number;
  readonly t: (key: ActivationManagerMessageKey, params?: MessageParams) => string;
  /** The row's license, when known: its limits explain a refusal. */
  readonly license: MyLicenseDetail | undefined;
  readonly onDeactivate: (row: Activation) => void;
  /** Keeps ids unique when a row shows in the list and in the history. */
  readonly idPrefix: string;
}

/**
 * When the row's license allows the next deactivation: the row's own
 * `nextAllowedAt` (the API's, or a 429's), else the license's once its window
 * is used up; `null` never (only support can), `undefined` unknown.
 */
function nextAllowed(row: Activation, license: MyLicenseDetail | undefined) {
  if (row.nextAllowedAt !== undefined) return row.nextAllowedAt;
  const limits = license?.deactivations;
  if (limits?.limit === 0) return null;
  // A `null` date of a used-up window may only mean "not looked up yet" (see licenseAfterDeactivation).
  return limits?.left === 0 && limits.nextAllowedAt !== null ? limits.nextAllowedAt : undefined;
}

/** Why the row's Deactivate is disabled, in words, before the customer tries; `undefined` when it is not. */
export function refusalText(row: Activation, context: RowContext): string | undefined {
  const { t, license } = context;
  if (row.cannotDeactivateReason === "protected") return t("reason.protected");
  if (row.cannotDeactivateReason !== "limit_reached") return undefined;
  const next = nextAllowed(row, license);
  if (next === null) return t("reason.limit.never");
  if (next !== undefined) return t("reason.limit.next", { date: formatDate(next, context) });
  const limits = license?.deactivations;
  if (limits === undefined || limits.limit === null) return t("reason.limit");
  return t("reason.limit.window", { count: limits.limit, days: limits.windowDays });
}

/** Platforms as their makers write them; any other value as the software reported it ("macOS 15"). */
const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  windows: "Windows",
  macos: "macOS",
  linux: "Linux",
  wordpress: "WordPress",
};

function orUnknown(value: string | null, context: RowContext) {
  if (value !== null && value !== "") return value;
  return html`<span class="muted"
    ><span aria-hidden="true">—</span><span class="visually-hidden">${context.t("unknown")}</span></span
  >`;
}

/** "3 days ago", with the exact time as `title` and, for keyboard users, shown on focus. */
function renderLastSeen(row: Activation, context: RowContext) {
  const exact = formatDateTime(row.lastSeenAt, context);
  const tipId = `${context.idPrefix}seen-${row.id}`;
  return html`<span class="seen">
    <time datetime=${row.lastSeenAt} title=${exact} tabindex="0" aria-describedby=${tipId}
      >${formatRelativeTime(row.lastSeenAt, { locale: context.locale, now: context.now })}</time
    ><span class="tooltip" role="tooltip" id=${tipId}>${exact}</span>
  </span>`;
}

function renderAction(row: Activation, label: string, context: RowContext) {
  const { t } = context;
  if (row.status === "deactivated") {
    const relative = formatRelativeTime(row.deactivatedAt ?? row.lastSeenAt, context);
    const key = row.deactivatedBy === null ? "by.unknown" : (`by.${row.deactivatedBy}` as const);
    return html`<span class="muted ended">${t(key, { relative })}</span>`;
  }
  const reason = refusalText(row, context);
  const reasonId = `${context.idPrefix}reason-${row.id}`;
  return html`
    <button
      part="deactivate-button"
      class="button button--small"
      type="button"
      ?disabled=${!row.canDeactivate}
      aria-describedby=${reason === undefined ? nothing : reasonId}
      @click=${() => context.onDeactivate(row)}
    >
      ${t("deactivate")}<span class="visually-hidden"> ${label}</span>
    </button>
    ${
      reason === undefined
        ? nothing
        : html`<p part="deactivate-reason" class="reason" id=${reasonId}>${reason}</p>`
    }
  `;
}

/** A machine's or domain's name that may wrap after a dot ("staging.northwind.|example"), not mid-word. */
function wrappable(name: string) {
  return name.split(".").map((part, index) => (index === 0 ? part : html`.<wbr />${part}`));
}

/** One activation: a table row on wide screens, a card under 720 px (see the styles). */
export function renderActivationRow(row: Activation, context: RowContext): TemplateResult {
  const { t } = context;
  const label = activationLabel(row);
  const detail = row.kind === "machine" ? (row.hostname ?? row.identifier) : row.identifier;
  return html`
    <tr part="row row-${row.status}" class="row row--${row.status}" data-id=${row.id}>
      <th scope="row" class="cell-name" tabindex="-1" data-label=${t("column.name")}>
        <span class="name">${wrappable(label)}</span>
        <span class="secondary"
          >${t(`kind.${row.kind}`)}${detail === label ? nothing : html` · ${wrappable(detail)}`}</span
        >
      </th>
      <td data-label=${t("column.platform")}>${orUnknown(row.platform && (PLATFORM_NAMES[row.platform.toLowerCase()] ?? row.platform), context)}</td>
      <td data-label=${t("column.version")}>${orUnknown(row.version, context)}</td>
      <td data-label=${t("column.lastSeen")}>${renderLastSeen(row, context)}</td>
      <td class="cell-status" data-label=${t("column.status")}>
        ${renderActivationStatusBadge(row, context)}
      </td>
      <td class="cell-action">${renderAction(row, label, context)}</td>
    </tr>
  `;
}

/** The header row of a group's table. */
export function renderHeaderRow(t: RowContext["t"]): TemplateResult {
  return html`<tr>
    <th scope="col">${t("column.name")}</th>
    <th scope="col">${t("column.platform")}</th>
    <th scope="col">${t("column.version")}</th>
    <th scope="col">${t("column.lastSeen")}</th>
    <th scope="col">${t("column.status")}</th>
    <th scope="col"><span class="visually-hidden">${t("column.action")}</span></th>
  </tr>`;
}
