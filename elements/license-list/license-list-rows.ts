import type { MyLicense } from "@keyport/sdk";
import { html, type TemplateResult } from "lit";
import { type FormatSettings, formatDate } from "../internal/format.ts";
import type { MessageParams } from "../internal/i18n.ts";
import type { LicenseKeyController } from "../internal/license-key.ts";
import { renderSeatMeters } from "../internal/seat-meter.ts";
import { renderLicenseStatusBadge } from "../internal/status-badge.ts";
import type { LicenseListMessageKey } from "./license-list-messages.ts";

/** What the rows are drawn with, handed over by the element. */
export interface RowContext {
  readonly settings: FormatSettings;
  readonly keys: LicenseKeyController;
  readonly now: number;
  readonly say: (key: LicenseListMessageKey, params?: MessageParams) => string;
  readonly select: (license: MyLicense) => void;
}

/**
 * "Expires 19 June 2027", "Expired 3 May 2026" or "No end date", in the user's zone; nothing for
 * a revoked license, which ended whatever its date says.
 */
export function expiryText(license: MyLicense, { settings, now, say }: RowContext): string {
  if (license.status === "revoked") return "";
  if (license.expiresAt === null) return say("no-end");
  const date = formatDate(license.expiresAt, settings);
  return say(new Date(license.expiresAt).getTime() > now ? "expires" : "expired", { date });
}

/**
 * A click anywhere on a row (or card) opens the license, as its name does,
 * except on its own controls or while the customer selects text (a key, say).
 */
function onRowClick(event: MouseEvent, license: MyLicense, context: RowContext): void {
  const control = (event.target as Element).closest("button, a, input, select, label");
  if (control !== null && !control.matches('[part~="license-name"]')) return;
  if (control === null && (getSelection()?.toString() ?? "") !== "") return;
  context.select(license);
}

function renderName(license: MyLicense) {
  return html`<button part="license-name" class="name-button" type="button">${license.name}</button>`;
}

function renderTableRow(license: MyLicense, context: RowContext) {
  const { settings, keys, now } = context;
  return html`
    <tr
      part="row"
      class="row"
      data-license-id=${license.id}
      @click=${(event: MouseEvent) => onRowClick(event, license, context)}
    >
      <th scope="row" class="cell-name">
        ${renderName(license)}
        <span part="product" class="product">${license.product.name}</span>
      </th>
      <td class="cell-status">
        ${renderLicenseStatusBadge(license, { ...settings, now })}
        <span part="expiry" class="expiry">${expiryText(license, context)}</span>
      </td>
      <td class="cell-key">${keys.render(license)}</td>
      <td>${renderSeatMeters(license, settings)}</td>
    </tr>
  `;
}

/**
 * The wide layout: a table, one license a row. The expiry date stands under the status badge,
 * where the deadline belongs: four columns fit 860 px, a fifth for the date did not.
 */
export function renderLicenseTable(
  licenses: readonly MyLicense[],
  context: RowContext,
): TemplateResult {
  const { say } = context;
  return html`
    <table part="table" class="table">
      <caption class="visually-hidden">${say("caption")}</caption>
      <thead>
        <tr>
          <th scope="col">${say("column.license")}</th>
          <th scope="col">${say("column.status")}</th>
          <th scope="col">${say("column.key")}</th>
          <th scope="col">${say("column.seats")}</th>
        </tr>
      </thead>
      <tbody>
        ${licenses.map((license) => renderTableRow(license, context))}
      </tbody>
    </table>
  `;
}

function renderCard(license: MyLicense, context: RowContext) {
  const { settings, keys, now } = context;
  return html`
    <li
      part="card"
      class="card"
      data-license-id=${license.id}
      @click=${(event: MouseEvent) => onRowClick(event, license, context)}
    >
      <div class="card-head">
        <div class="card-title">
          ${renderName(license)}
          <span part="product" class="product">${license.product.name}</span>
        </div>
        ${renderLicenseStatusBadge(license, { ...settings, now })}
      </div>
      ${keys.render(license)}
      <div class="card-foot">
        ${renderSeatMeters(license, settings)}
        <span part="expiry" class="expiry">${expiryText(license, context)}</span>
      </div>
    </li>
  `;
}

/** The narrow layout: stacked cards. */
export function renderLicenseCards(
  licenses: readonly MyLicense[],
  context: RowContext,
): TemplateResult {
  return html`
    <ul part="cards" class="cards" aria-label=${context.say("caption")}>
      ${licenses.map((license) => renderCard(license, context))}
    </ul>
  `;
}
