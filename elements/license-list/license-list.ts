import type { MyLicense } from "@keyport/sdk";
import { TaskStatus } from "@lit/task";
import { html, nothing, type PropertyDeclarations, type PropertyValues } from "lit";
import { createActionTask } from "../internal/action-task.ts";
import type { MessageParams } from "../internal/i18n.ts";
import { KeyportElement } from "../internal/keyport-element.ts";
import { LicenseKeyController } from "../internal/license-key.ts";
import { licenseListStyles } from "./license-list.styles.ts";
import { type LicenseListMessageKey, licenseListMessages } from "./license-list-messages.ts";
import { renderLicenseCards, renderLicenseTable } from "./license-list-rows.ts";
import {
  type LicenseStatusFilter,
  licenseStatusFilters,
  renderToolbar,
} from "./license-list-toolbar.ts";

/** Detail of `license-select`: the customer chose a license to open. */
export interface LicenseSelectDetail {
  readonly licenseId: string;
  readonly license: MyLicense;
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "license-select": CustomEvent<LicenseSelectDetail>;
  }
}

/** One loaded page, or the first page with every "Load more" page appended. */
export interface LicenseListPage {
  readonly licenses: readonly MyLicense[];
  readonly nextCursor: string | null;
}

const SEARCH_DELAY_MS = 300;

/**
 * The customer's licenses: name, product, status, the masked key with Reveal
 * and Copy, seats in use and the expiry date, with search, status and product
 * filters and "Load more". A table on wide screens (the expiry date under the
 * status), stacked cards when the element is narrower than 860 px (its own
 * width, not the window's).
 *
 * @example
 * <portal-provider api-base="https://licensing.example.com">
 *   <license-list status="expiring"></license-list>
 * </portal-provider>
 * <script type="module">
 *   document.querySelector("license-list").addEventListener("license-select", (event) => {
 *     location.hash = `#/licenses/${event.detail.licenseId}`;
 *   });
 * </script>
 *
 * @tagname license-list
 * @summary The customer's licenses with keys, seats and expiry; searchable and filterable.
 *
 * @event license-select - The customer chose a license (its name, its row, or Enter on the name). `detail.licenseId` and `detail.license` name it.
 * @event keyport-error - Loading, loading more or revealing a key failed. `detail.error` holds the error.
 * @event keyport-signed-out - The API answered 401. `detail.error` holds the error.
 *
 * @csspart toolbar - The search and filter bar.
 * @csspart search - The search field.
 * @csspart status-filter - The status select.
 * @csspart product-filter - The product select.
 * @csspart table - The wide layout's table.
 * @csspart row - A table row.
 * @csspart cards - The narrow layout's list.
 * @csspart card - One license in the narrow layout.
 * @csspart license-name - The license's name, a button that opens it.
 * @csspart product - The product name under a license's name.
 * @csspart badge - A status badge; also `badge-active`, `badge-expiring`, `badge-expired`, `badge-suspended`, `badge-revoked`.
 * @csspart key - The license key, masked until revealed.
 * @csspart reveal-button - Shows or hides the full key.
 * @csspart copy-button - Copies the full key.
 * @csspart meter - A seat meter; also `meter-machines`, `meter-domains` and `meter-full`.
 * @csspart meter-bar - A seat meter's track.
 * @csspart meter-fill - A seat meter's filled share.
 * @csspart expiry - The expiry date.
 * @csspart load-more-button - The "Load more" button.
 * @csspart clear-filters-button - The filtered empty state's "Clear filters" button.
 * @csspart state - The block shown instead of data: loading, empty, error and signed-out.
 * @csspart state-loading - The loading block (also has `state`).
 * @csspart state-empty - The empty blocks, with and without filters (also has `state`).
 * @csspart state-error - The error block (also has `state`).
 * @csspart state-signed-out - The signed-out block (also has `state`).
 * @csspart spinner - The loading indicator.
 * @csspart retry-button - The error state's "Try again" button.
 *
 * @cssproperty --keyport-color-primary - Buttons, links, the seat bar and the focus ring.
 * @cssproperty --keyport-color-surface - Cards, the table and badges; the element's background when `theme` is set.
 * @cssproperty --keyport-color-text - Body text; inherited from the page unless set or `theme` is set.
 * @cssproperty --keyport-color-muted - Product names, labels and column heads.
 * @cssproperty --keyport-color-border - Hairlines between rows and around cards.
 * @cssproperty --keyport-color-success - Active licenses.
 * @cssproperty --keyport-color-warning - Expiring licenses and full seat meters.
 * @cssproperty --keyport-color-danger - Expired, suspended and revoked licenses; errors.
 * @cssproperty --keyport-radius - Corner radius of cards, inputs and buttons.
 * @cssproperty --keyport-space - The spacing unit.
 * @cssproperty --keyport-font-family - Text font.
 * @cssproperty --keyport-font-family-mono - License keys.
 */
export class LicenseList extends KeyportElement<LicenseListPage> {
  static override styles = licenseListStyles;

  static override properties: PropertyDeclarations = {
    statusFilter: { attribute: "status" },
    productId: { attribute: "product-id" },
    query: { attribute: "q" },
    pageSize: { attribute: "page-size", type: Number },
    searchDraft: { state: true, attribute: false },
    more: { state: true, attribute: false },
  };

  /** Shows only licenses of this status: `active`, `expiring`, `expired`, `suspended` or `revoked`. */
  statusFilter?: LicenseStatusFilter | undefined;

  /** Shows only licenses of this product (`prd_…`). */
  productId?: string | undefined;

  /** Search text: part of the license or product name, or the key's last characters. */
  query?: string | undefined;

  /** Licenses per page, 1–100. */
  pageSize = 20;

  /** What the search field holds; it becomes `query` after a short pause in typing. */
  private searchDraft = "";
  /** Pages added by "Load more" to the loaded first page. */
  private more: LicenseListPage | undefined;

  readonly keys = new LicenseKeyController(this);
  /** Every product seen, so the product filter keeps its choices while it filters. */
  readonly #products = new Map<string, string>();
  /** Set once a license or a filter was shown: from then on the filters stay in place. */
  #toolbarEarned = false;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #loadMore = createActionTask(this, async ([cursor]: [string], { signal }) => {
    const page = await this.client.licenses.list({ ...this.#query(), cursor }, { signal });
    this.#remember(page.data);
    return page;
  });

  protected override loadArgs(): readonly unknown[] {
    return [
      ...super.loadArgs(),
      this.#activeStatus(),
      this.productId,
      this.#search(),
      this.#limit(),
    ];
  }

  protected override async load(signal: AbortSignal): Promise<LicenseListPage> {
    this.#loadMore.abort();
    this.more = undefined;
    const page = await this.client.licenses.list(this.#query(), { signal });
    this.#remember(page.data);
    return { licenses: page.data, nextCursor: page.nextCursor };
  }

  protected override isEmpty(page: LicenseListPage): boolean {
    return page.licenses.length === 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has("query")) this.searchDraft = this.query ?? "";
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
  }

  /** Removes every filter and the search, and shows all licenses. */
  clearFilters(): void {
    clearTimeout(this.#searchTimer);
    this.statusFilter = undefined;
    this.productId = undefined;
    this.query = undefined;
    this.searchDraft = "";
  }

  protected override render(): unknown {
    return html`${this.#showToolbar() ? this.#renderToolbar() : nothing}${super.render()}`;
  }

  protected override renderEmpty(): unknown {
    if (!this.#hasFilters()) {
      return this.renderStateBlock("empty", {
        message: this.#say("empty"),
        hint: this.#say("empty.hint"),
      });
    }
    return this.renderStateBlock("empty", {
      message: this.#say("filtered.empty"),
      hint: this.#say("filtered.hint"),
      action: html`<button
        part="clear-filters-button"
        class="button"
        type="button"
        @click=${this.#onClearFilters}
      >
        ${this.#say("filters.clear")}
      </button>`,
    });
  }

  protected override renderData(page: LicenseListPage): unknown {
    const licenses = [...page.licenses, ...(this.more?.licenses ?? [])];
    const nextCursor = this.more === undefined ? page.nextCursor : this.more.nextCursor;
    const context = {
      settings: this.portal,
      keys: this.keys,
      now: Date.now(),
      say: (key: LicenseListMessageKey, params?: MessageParams) => this.#say(key, params),
      select: (license: MyLicense) =>
        this.emit("license-select", { licenseId: license.id, license }),
    };
    const loadingMore = this.#loadMore.status === TaskStatus.PENDING;
    return html`
      <div class="layout layout--table">${renderLicenseTable(licenses, context)}</div>
      <div class="layout layout--cards">${renderLicenseCards(licenses, context)}</div>
      ${
        this.#loadMore.status === TaskStatus.ERROR
          ? html`<p class="more-failed" role="alert">${this.#say("load-more.failed")}</p>`
          : nothing
      }
      ${
        nextCursor === null
          ? nothing
          : html`<div class="more">
              <button
                part="load-more-button"
                class="button"
                type="button"
                aria-disabled=${loadingMore ? "true" : nothing}
                @click=${() => this.#onLoadMore(nextCursor, licenses.length)}
              >
                ${this.#say(loadingMore ? "loading-more" : "load-more")}
              </button>
            </div>`
      }
    `;
  }

  #renderToolbar() {
    return renderToolbar({
      search: this.searchDraft,
      status: this.#activeStatus(),
      productId: this.productId,
      products: this.#productChoices(),
      summary: this.#summary(),
      say: (key, params) => this.#say(key, params),
      onSearchInput: (value) => {
        this.searchDraft = value;
        clearTimeout(this.#searchTimer);
        this.#searchTimer = setTimeout(() => this.#commitSearch(value), SEARCH_DELAY_MS);
      },
      onSearchCommit: (value) => this.#commitSearch(value),
      onStatus: (value) => {
        this.statusFilter = value;
      },
      onProduct: (value) => {
        this.productId = value;
      },
    });
  }

  #say(key: LicenseListMessageKey, params?: MessageParams): string {
    return this.t(licenseListMessages, key, params);
  }

  /** The list's query; the client leaves out the filters that are `undefined`. */
  #query() {
    return {
      limit: this.#limit(),
      status: this.#activeStatus(),
      productId: this.productId || undefined,
      q: this.#search(),
    };
  }

  /** An unknown status in the attribute filters nothing rather than failing the load. */
  #activeStatus(): LicenseStatusFilter | undefined {
    const status = this.statusFilter;
    return status !== undefined && licenseStatusFilters.includes(status) ? status : undefined;
  }

  #search(): string | undefined {
    const q = this.query?.trim();
    return q ? q : undefined;
  }

  #limit(): number {
    const size = Math.round(Number(this.pageSize));
    return Number.isFinite(size) ? Math.min(100, Math.max(1, size)) : 20;
  }

  #hasFilters(): boolean {
    return (
      this.#activeStatus() !== undefined || Boolean(this.productId) || this.#search() !== undefined
    );
  }

  /**
   * The filters stay while a filtered load runs, so typing keeps its focus, and
   * after filters were cleared; they are left out before any license or filter
   * was seen, and when there is nothing to filter.
   */
  #showToolbar(): boolean {
    const status = this.status;
    if (status === "signed-out") return false;
    if (this.#hasFilters()) {
      this.#toolbarEarned = true;
      return true;
    }
    return this.#toolbarEarned && status !== "empty";
  }

  #remember(licenses: readonly MyLicense[]): void {
    if (licenses.length > 0) this.#toolbarEarned = true;
    for (const { product } of licenses) this.#products.set(product.id, product.name);
  }

  #productChoices() {
    const choices = [...this.#products].map(([id, name]) => ({ id, name }));
    if (this.productId && !this.#products.has(this.productId)) {
      choices.push({ id: this.productId, name: this.productId });
    }
    return choices.sort((a, b) => a.name.localeCompare(b.name, this.portal.locale));
  }

  #summary(): string {
    const current = this.loadState;
    if (current.status !== "complete") return "";
    const count = current.data.licenses.length + (this.more?.licenses.length ?? 0);
    const hasMore = (this.more ?? current.data).nextCursor !== null;
    return count === 0 ? "" : this.#say(hasMore ? "shown.more" : "shown", { count });
  }

  #commitSearch(value: string): void {
    clearTimeout(this.#searchTimer);
    this.query = value;
  }

  async #onClearFilters(): Promise<void> {
    this.clearFilters();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('[part~="search"]')?.focus();
  }

  async #onLoadMore(cursor: string, shownBefore: number): Promise<void> {
    if (this.#loadMore.status === TaskStatus.PENDING) return;
    const button = this.renderRoot.querySelector('[part~="load-more-button"]');
    const hadFocus = this.shadowRoot?.activeElement === button;
    await this.#loadMore.run([cursor]);
    // A filter changed meanwhile: the new first page replaces what this page would extend.
    if (
      this.#loadMore.status !== TaskStatus.COMPLETE ||
      this.loadTask.status === TaskStatus.PENDING
    ) {
      return;
    }
    const page = this.#loadMore.value!;
    this.more = {
      licenses: [...(this.more?.licenses ?? []), ...page.data],
      nextCursor: page.nextCursor,
    };
    await this.updateComplete;
    // The button is gone after the last page: keep a keyboard user at the first new license.
    if (hadFocus && page.nextCursor === null) this.#focusName(shownBefore);
  }

  #focusName(index: number): void {
    const visible = [
      ...this.renderRoot.querySelectorAll<HTMLElement>('[part~="license-name"]'),
    ].filter((name) => name.offsetParent !== null);
    visible[index]?.focus();
  }
}
