import type { MyLicense } from "@keyport/sdk";
import { html, nothing, type TemplateResult } from "lit";
import type { MessageParams } from "../internal/i18n.ts";
import type { LicenseListMessageKey } from "./license-list-messages.ts";

export type LicenseStatusFilter = MyLicense["status"];

export const licenseStatusFilters: readonly LicenseStatusFilter[] = [
  "active",
  "expiring",
  "expired",
  "suspended",
  "revoked",
];

export interface ToolbarView {
  readonly search: string;
  readonly status: LicenseStatusFilter | undefined;
  readonly productId: string | undefined;
  /** Products seen so far, by name; the chosen one is listed even before it was seen. With one product, the filter is left out. */
  readonly products: readonly { readonly id: string; readonly name: string }[];
  /** Read by screen readers after each load: how many licenses are shown. */
  readonly summary: string;
  readonly say: (key: LicenseListMessageKey, params?: MessageParams) => string;
  readonly onSearchInput: (value: string) => void;
  readonly onSearchCommit: (value: string) => void;
  readonly onStatus: (value: LicenseStatusFilter | undefined) => void;
  readonly onProduct: (value: string | undefined) => void;
}

const fieldValue = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;

/** The product select; left out while there is only one product to choose. */
function renderProductFilter(view: ToolbarView) {
  const { say, products, productId } = view;
  if (products.length < 2 && productId === undefined) return nothing;
  return html`
    <label class="field">
      <span class="field-label">${say("product.label")}</span>
      <select
        part="product-filter"
        class="input select"
        @change=${(event: Event) => view.onProduct(fieldValue(event) || undefined)}
      >
        <option value="" .selected=${productId === undefined}>${say("product.all")}</option>
        ${products.map(
          (product) =>
            html`<option value=${product.id} .selected=${productId === product.id}>
              ${product.name}
            </option>`,
        )}
      </select>
    </label>
  `;
}

/** Search, status and product filters above the list. */
export function renderToolbar(view: ToolbarView): TemplateResult {
  const { say } = view;
  return html`
    <div part="toolbar" class="toolbar" role="search">
      <label class="field field--search">
        <span class="field-label">${say("search.label")}</span>
        <input
          part="search"
          class="input"
          type="search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${say("search.placeholder")}
          .value=${view.search}
          @input=${(event: Event) => view.onSearchInput(fieldValue(event))}
          @keydown=${(event: KeyboardEvent) => {
            if (event.key === "Enter") view.onSearchCommit(fieldValue(event));
          }}
        />
      </label>
      <label class="field">
        <span class="field-label">${say("status.label")}</span>
        <select
          part="status-filter"
          class="input select"
          @change=${(event: Event) =>
            view.onStatus((fieldValue(event) || undefined) as LicenseStatusFilter | undefined)}
        >
          <option value="" .selected=${view.status === undefined}>${say("status.all")}</option>
          ${licenseStatusFilters.map(
            (status) =>
              html`<option value=${status} .selected=${view.status === status}>
                ${say(`status.${status}`)}
              </option>`,
          )}
        </select>
      </label>
      ${renderProductFilter(view)}
      <span class="visually-hidden" role="status">${view.summary}</span>
    </div>
  `;
}
