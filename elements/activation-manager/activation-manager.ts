import type { Activation, MyLicenseDetail } from "@keyport/sdk";
import { html, nothing, type PropertyDeclarations, type PropertyValues } from "lit";
import { activationLabel, DeactivationDialog } from "../internal/deactivation-dialog.ts";
import { isNotFoundError } from "../internal/errors.ts";
import type { MessageParams } from "../internal/i18n.ts";
import { KeyportElement } from "../internal/keyport-element.ts";
import { licenseNotFound } from "../internal/license-messages.ts";
import { seatMeterText } from "../internal/seat-meter.ts";
import {
  type ActivationFilters,
  type ActivationPage,
  fetchDeactivatedPage,
  fetchLicenses,
  fetchLivePage,
  fetchOnlyProduct,
  type KindFilter,
  licenseAfterDeactivation,
  refusedRow,
  type StatusFilter,
} from "./activation-data.ts";
import { activationManagerStyles } from "./activation-manager.styles.ts";
import {
  type ActivationManagerMessageKey,
  activationManagerMessages,
} from "./activation-manager-messages.ts";
import { ActivationPager } from "./activation-pager.ts";
import { type ListParts, renderFilters, renderGroups, renderMore } from "./activation-sections.ts";

/** The first page, as the load hands it over; later pages and changes live in the pager. */
interface FirstPage {
  readonly page: ActivationPage;
  /** The product the empty state names, when there is no activation at all. */
  readonly product: string | undefined;
}

/**
 * The machines and domains using the customer's licenses, with the one action
 * they come for: Deactivate, to free a slot. Dead and long-unseen activations
 * stand out; protected licenses and a used-up deactivation limit are explained
 * beside the disabled button before the customer tries.
 *
 * @tagname activation-manager
 * @summary Lists a customer's activations and deactivates them after a confirmation.
 *
 * @event activation-deactivated - An activation was deactivated. `detail.activation` is the ended activation, `detail.deactivationsLeft` the customer deactivations still allowed in the window (`null`: no limit).
 * @event keyport-error - Loading or a deactivation failed. `detail.error` holds the error.
 * @event keyport-signed-out - The API answered 401. `detail.error` holds the error.
 *
 * @csspart title - The heading.
 * @csspart intro - The sentence under it.
 * @csspart filters - The filter bar.
 * @csspart group - One license's block: its heading, seat meters and table.
 * @csspart table - A license's table (stacked cards under 720 px).
 * @csspart row - A row; also `row-active`, `row-inactive`, `row-dead` or `row-deactivated`.
 * @csspart badge - A status badge; also `badge-<status>`.
 * @csspart meter - A seat meter ("2 of 3 machines").
 * @csspart deactivate-button - A row's Deactivate button.
 * @csspart deactivate-reason - Why a row's Deactivate is disabled.
 * @csspart load-more-button - Loads the next page.
 * @csspart history - The deactivated activations, shown on demand.
 * @csspart dialog - The confirmation dialog.
 * @csspart dialog-title - The dialog's heading.
 * @csspart dialog-error - Why the deactivation did not go through.
 * @csspart confirm-button - The dialog's Deactivate button.
 * @csspart cancel-button - The dialog's Cancel button.
 * @csspart state - The loading, empty, not-found (a `license-id` that is not the customer's), error and signed-out blocks (see KeyportElement).
 * @csspart retry-button - The error state's "Try again" button.
 *
 * @cssproperty --keyport-color-danger - Dead activations, the dialog's Deactivate button.
 * @cssproperty --keyport-color-warning - Long-unseen activations, full seat meters.
 * @cssproperty --keyport-color-on-danger - Text on the dialog's Deactivate button; defaults to `--keyport-color-on-primary`.
 * @cssproperty --keyport-color-surface - Cards, tables and the dialog.
 * @cssproperty --keyport-color-border - Table and card hairlines.
 */
export class ActivationManager extends KeyportElement<FirstPage> {
  static override styles = activationManagerStyles;

  static override properties: PropertyDeclarations = {
    licenseId: { attribute: "license-id" },
    kind: { state: true, attribute: false },
    statusFilter: { state: true, attribute: false },
    showDeactivated: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
  };

  /** Shows one license's activations; unset, every activation of the caller, grouped by license. */
  licenseId = "";

  private kind: KindFilter = "all";
  private statusFilter: StatusFilter = "all";
  private showDeactivated = false;
  private announcement = "";

  readonly #dialog = new DeactivationDialog(this);
  #licenses: ReadonlyMap<string, MyLicenseDetail> = new Map();
  #loadedOnce = false;

  readonly #live = new ActivationPager(this, async (cursor, signal) => {
    const page = await fetchLivePage(this.client, this.#filters, cursor, signal);
    this.#licenses = await fetchLicenses(this.client, page.rows, this.#licenses, signal);
    return page;
  });
  readonly #history = new ActivationPager(this, (cursor, signal) =>
    fetchDeactivatedPage(this.client, this.#filters, cursor, signal),
  );

  get #filters(): ActivationFilters {
    return { licenseId: this.licenseId, kind: this.kind, status: this.statusFilter };
  }

  protected override loadArgs() {
    return [...super.loadArgs(), this.licenseId, this.kind, this.statusFilter];
  }

  protected override async load(signal: AbortSignal): Promise<FirstPage> {
    const client = this.client;
    const filters = this.#filters;
    const [page, scoped] = await Promise.all([
      fetchLivePage(client, filters, undefined, signal),
      filters.licenseId === "" ? undefined : client.licenses.get(filters.licenseId, { signal }),
    ]);
    const known = new Map(scoped === undefined ? [] : [[scoped.id, scoped] as const]);
    const licenses = await fetchLicenses(client, page.rows, known, signal);
    const product =
      page.rows.length > 0
        ? undefined
        : (scoped?.product.name ?? (await fetchOnlyProduct(client, signal)));
    signal.throwIfAborted();
    this.#licenses = licenses;
    this.#live.reset(page);
    this.#loadedOnce = true;
    return { page, product };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const historyChanged = ["showDeactivated", "kind", "licenseId"].some((key) =>
      changed.has(key as keyof ActivationManager),
    );
    if (!historyChanged) return;
    if (this.showDeactivated) void this.#history.start();
    else if (this.#history.started) this.#history.reset();
  }

  protected override isEmpty({ page }: FirstPage): boolean {
    return page.rows.length === 0 && this.kind === "all" && this.statusFilter === "all";
  }

  protected override renderEmpty() {
    const first = this.loadTask.value;
    const product = first?.product ?? this.#t("empty.product");
    const license = this.#licenses.get(this.licenseId);
    const message =
      license === undefined
        ? this.#t("empty", { product })
        : this.#t("empty.license", { license: license.name, product });
    return this.renderStateBlock("empty", { message });
  }

  protected override render() {
    const showFilters = this.#loadedOnce && this.status !== "signed-out" && this.status !== "empty";
    return html`
      <h2 part="title" class="title">${this.#t("title")}</h2>
      <p part="intro" class="intro">${this.#t(this.licenseId ? "intro.license" : "intro")}</p>
      ${showFilters ? renderFilters(this.#parts) : nothing}
      ${super.render()}
      ${this.showDeactivated && showFilters ? this.#renderHistory() : nothing}
      <p class="visually-hidden" role="status">${this.announcement}</p>
      ${this.#dialog.render()}
    `;
  }

  protected override renderData() {
    const rows = this.#live.rows;
    if (rows.length === 0) {
      return html`<div part="state state-empty" class="state" role="status">
        <p class="state-message">${this.#t("no-match")}</p>
        <button class="button" type="button" @click=${this.#clearFilters}>
          ${this.#t("no-match.clear")}
        </button>
      </div>`;
    }
    return html`${renderGroups(rows, this.#parts)}${renderMore(this.#live, this.#parts)}`;
  }

  #renderHistory() {
    const history = this.#history;
    return html`<section part="history" class="history" aria-labelledby="history-title">
      <h3 class="group-title" id="history-title">${this.#t("history")}</h3>
      ${
        history.rows.length === 0 && !history.pending && !history.failed
          ? html`<p class="muted">${this.#t("history.empty")}</p>`
          : renderGroups(history.rows, { ...this.#parts, idPrefix: "history-" }, { meters: false })
      }
      ${renderMore(history, this.#parts)}
    </section>`;
  }

  get #parts(): ListParts {
    return {
      ...this.portal,
      now: Date.now(),
      t: (key, params) => this.#t(key, params),
      licenses: this.#licenses,
      idPrefix: "",
      kind: this.kind,
      status: this.statusFilter,
      showDeactivated: this.showDeactivated,
      onFilter: (change) => {
        if (change.kind !== undefined) this.kind = change.kind;
        if (change.status !== undefined) this.statusFilter = change.status;
        if (change.showDeactivated !== undefined) this.showDeactivated = change.showDeactivated;
      },
      onDeactivate: (row) => void this.#deactivate(row),
    };
  }

  #clearFilters = () => {
    this.kind = "all";
    this.statusFilter = "all";
  };

  async #deactivate(row: Activation): Promise<void> {
    const license = this.#licenses.get(row.licenseId);
    const result = await this.#dialog.open({ activation: row, license });
    if (result === undefined) {
      const refusal = this.#dialog.refusal;
      if (refusal === undefined) return;
      this.#live.update((other) =>
        other.licenseId === row.licenseId ? refusedRow(other, refusal) : other,
      );
      return;
    }
    this.#live.replace(result);
    const updated = license && licenseAfterDeactivation(license, row, result);
    if (updated !== undefined) this.#setLicense(updated);
    if (result.deactivationsLeft === 0) {
      this.#live.update((other) =>
        other.licenseId === row.licenseId ? refusedRow(other, { reason: "limit_reached" }) : other,
      );
      // That used the window up: the license says when the next one is allowed.
      void this.#refreshLicense(row.licenseId);
    }
    this.#announce(row, updated);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-id="${row.id}"] .cell-name`)?.focus();
  }

  #setLicense(license: MyLicenseDetail) {
    this.#licenses = new Map([...this.#licenses, [license.id, license]]);
    this.requestUpdate();
  }

  async #refreshLicense(id: string): Promise<void> {
    try {
      this.#setLicense(await this.client.licenses.get(id));
    } catch {
      // The rows keep explaining the limit without the date.
    }
  }

  #announce(row: Activation, license: MyLicenseDetail | undefined) {
    const name = activationLabel(row);
    const kind = row.kind === "machine" ? "machines" : "domains";
    this.announcement =
      license === undefined
        ? this.#t("announce.plain", { name })
        : this.#t("announce", {
            name,
            seats: seatMeterText(kind, license[kind], this.portal),
          });
  }

  /** A license that is not the caller's (or gone) reads as such, not as a failure to retry. */
  protected override renderError(error: unknown): unknown {
    return this.licenseId !== "" && isNotFoundError(error)
      ? this.renderStateBlock("not-found", licenseNotFound(this.portal.locale))
      : super.renderError(error);
  }

  #t(key: ActivationManagerMessageKey, params?: MessageParams): string {
    return this.t(activationManagerMessages, key, params);
  }
}
