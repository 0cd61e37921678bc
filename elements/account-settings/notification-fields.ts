import type { NotificationPreferences } from "@keyport/sdk";
import { html, nothing } from "lit";
import type { SettingsMessageKey } from "./account-settings-messages.ts";

/** The switches, in the order a customer reads them. */
export const NOTIFICATION_SWITCHES = [
  "licenseExpiring",
  "newRelease",
  "activationChanges",
  "securityNotices",
] as const satisfies readonly (keyof NotificationPreferences)[];

export type NotificationSwitch = (typeof NOTIFICATION_SWITCHES)[number];

export interface NotificationFieldsContext {
  /** The draft, with `licenseExpiringDays` as typed (it may not be a number yet). */
  readonly draft: NotificationPreferences;
  readonly daysText: string;
  readonly daysError?: string | undefined;
  readonly t: (key: SettingsMessageKey) => string;
  onToggle(name: NotificationSwitch, on: boolean): void;
  onDays(text: string): void;
}

/**
 * One labelled switch per preference (a checkbox with `role="switch"`), each
 * with a sentence of what it sends; the days ahead of an expiry under its
 * switch, active only while that mail is on.
 */
export function renderNotificationFields(context: NotificationFieldsContext) {
  return html`<ul class="switches">
    ${NOTIFICATION_SWITCHES.map((name) => renderSwitch(context, name))}
  </ul>`;
}

function renderSwitch(context: NotificationFieldsContext, name: NotificationSwitch) {
  const { draft, t } = context;
  const id = `notify-${name}`;
  return html`<li part="switch-row" class="switch-row">
    <input
      part="switch"
      class="switch"
      type="checkbox"
      role="switch"
      id=${id}
      name=${name}
      .checked=${draft[name]}
      aria-describedby="${id}-hint"
      @change=${(event: Event) =>
        context.onToggle(name, (event.currentTarget as HTMLInputElement).checked)}
    />
    <div class="switch-text">
      <label part="switch-label" class="label" for=${id}>${t(`notifications.${name}`)}</label>
      <p part="hint" class="hint" id="${id}-hint">${t(`notifications.${name}.hint`)}</p>
      ${name === "licenseExpiring" ? renderDays(context) : nothing}
    </div>
  </li>`;
}

function renderDays({ draft, daysText, daysError, t, onDays }: NotificationFieldsContext) {
  const describedBy = ["notify-days-hint", daysError ? "notify-days-error" : ""]
    .filter(Boolean)
    .join(" ");
  return html`<div class="field field--days">
    <label part="label" class="label" for="notify-days">${t("notifications.licenseExpiringDays")}</label>
    <input
      part="input days-input"
      class="input input--days"
      id="notify-days"
      name="licenseExpiringDays"
      type="number"
      inputmode="numeric"
      min="1"
      max="90"
      step="1"
      .value=${daysText}
      ?disabled=${!draft.licenseExpiring}
      aria-describedby=${describedBy}
      aria-invalid=${daysError ? "true" : "false"}
      @input=${(event: Event) => onDays((event.currentTarget as HTMLInputElement).value)}
    />
    <p part="hint" class="hint" id="notify-days-hint">${t("notifications.licenseExpiringDays.hint")}</p>
    ${
      daysError
        ? html`<p part="field-error" class="field-error" id="notify-days-error">${daysError}</p>`
        : nothing
    }
  </div>`;
}

/** The days as a whole number from 1 to 90, or `undefined` when the text is not one. */
export function parseExpiringDays(text: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const days = Number(text);
  return days >= 1 && days <= 90 ? days : undefined;
}
