import type { Activation, MyLicenseDetail } from "@keyport/sdk";
import { html, nothing, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { renderSeatMeters } from "../internal/seat-meter.ts";
import { statusMessages } from "../internal/status-messages.ts";
import { groupByLicense, type KindFilter, type StatusFilter } from "./activation-data.ts";
import type { ActivationPager } from "./activation-pager.ts";
import { type RowContext, renderActivationRow, renderHeaderRow } from "./activation-row.ts";

/** What the list's pieces need from the element. */
export interface ListParts extends Omit<RowContext, "license"> {
  readonly licenses: ReadonlyMap<string, MyLicenseDetail>;
  readonly kind: KindFilter;
  readonly status: StatusFilter;
  readonly showDeactivated: boolean;
  readonly onFilter: (change: {
    readonly kind?: KindFilter;
    readonly status?: StatusFilter;
    readonly showDeactivated?: boolean;
  }) => void;
}

const kinds: readonly KindFilter[] = ["all", "machine", "domain"];
const statuses: readonly StatusFilter[] = ["all", "active", "inactive", "dead"];

function statusWord(status: StatusFilter, parts: ListParts): string {
  if (status === "active" || status === "dead") {
    return statusMessages(parts.locale, `activation.${status}`);
  }
  return parts.t(`filter.status.${status}`);
}

/** Type and status selects and the "Show deactivated" switch. */
export function renderFilters(parts: ListParts): TemplateResult {
  const { t } = parts;
  return html`<div part="filters" class="filters">
    <label class="field">
      <span class="field-label">${t("filter.kind")}</span>
      <select
        class="select"
        @change=${(event: Event) =>
          parts.onFilter({ kind: (event.target as HTMLSelectElement).value as KindFilter })}
      >
        ${kinds.map(
          (kind) =>
            html`<option value=${kind} ?selected=${parts.kind === kind}>
              ${t(`filter.kind.${kind}`)}
            </option>`,
        )}
      </select>
    </label>
    <label class="field">
      <span class="field-label">${t("filter.status")}</span>
      <select
        class="select"
        @change=${(event: Event) =>
          parts.onFilter({ status: (event.target as HTMLSelectElement).value as StatusFilter })}
      >
        ${statuses.map(
          (status) =>
            html`<option value=${status} ?selected=${parts.status === status}>
              ${statusWord(status, parts)}
            </option>`,
        )}
      </select>
    </label>
    <label class="check">
      <input
        type="checkbox"
        .checked=${parts.showDeactivated}
        @change=${(event: Event) =>
          parts.onFilter({ showDeactivated: (event.target as HTMLInputElement).checked })}
      />
      ${t("filter.deactivated")}
    </label>
  </div>`;
}

/** The rows grouped by license: a heading with the seat meters, then a table. */
export function renderGroups(
  rows: readonly Activation[],
  parts: ListParts,
  { meters = true }: { readonly meters?: boolean } = {},
): TemplateResult {
  return html`${repeat(
    groupByLicense(rows),
    (group) => group.licenseId,
    (group) => {
      const license = parts.licenses.get(group.licenseId);
      const titleId = `${parts.idPrefix}group-${group.licenseId}`;
      const context: RowContext = { ...parts, license };
      // Not a landmark: the history repeats a license's name, and regions need unique names.
      return html`<div part="group" class="group">
        <div class="group-header">
          <h3 class="group-title" id=${titleId}>
            ${group.licenseName}${
              license === undefined
                ? nothing
                : html`<span class="product"> · ${license.product.name}</span>`
            }
          </h3>
          ${meters && license !== undefined ? renderSeatMeters(license, parts) : nothing}
        </div>
        <table part="table" class="table" aria-labelledby=${titleId}>
          <thead>${renderHeaderRow(parts.t)}</thead>
          <tbody>
            ${repeat(
              group.rows,
              (row) => row.id,
              (row) => renderActivationRow(row, context),
            )}
          </tbody>
        </table>
      </div>`;
    },
  )}`;
}

/** "Load more" under a list, its pending state, and its failure with the same button to try again. */
export function renderMore(pager: ActivationPager, { t }: ListParts): TemplateResult {
  const first = pager.rows.length === 0;
  return html`
    ${
      pager.pending && first
        ? html`<p class="muted more-status" role="status">${t("more.loading")}</p>`
        : nothing
    }
    ${pager.failed ? html`<p class="more-error" role="alert">${t("more.failed")}</p>` : nothing}
    ${
      pager.hasMore || (pager.pending && !first)
        ? html`<div class="more">
          <button
            part="load-more-button"
            class="button"
            type="button"
            aria-disabled=${pager.pending ? "true" : "false"}
            @click=${() => (pager.pending ? undefined : pager.more())}
          >
            ${pager.pending ? t("more.loading") : t("more.load")}
          </button>
        </div>`
        : nothing
    }
  `;
}
