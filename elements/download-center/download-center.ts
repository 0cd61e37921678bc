import type { AssetLink } from "@keyport/sdk";
import { type Task, TaskStatus } from "@lit/task";
import { html, nothing, type PropertyDeclarations } from "lit";
import { createActionTask } from "../internal/action-task.ts";
import { KeyportElement } from "../internal/keyport-element.ts";
import { AssetActions } from "./asset-actions.ts";
import { downloadCenterStyles } from "./download-center.styles.ts";
import { downloadMessages } from "./download-center-messages.ts";
import type { DownloadAsset, DownloadProduct, DownloadRelease } from "./download-types.ts";
import { detectPlatform, type PlatformFilter, platformFilters } from "./platform.ts";
import { platformWord, renderRelease } from "./release-view.ts";

export type {
  DownloadAsset,
  DownloadProduct,
  DownloadReason,
  DownloadRelease,
} from "./download-types.ts";
export type { PlatformFilter } from "./platform.ts";

/** Detail of `download-start`: a fresh signed link for one file, about to be followed. */
export interface DownloadStartDetail {
  readonly asset: DownloadAsset;
  readonly url: string;
  readonly expiresAt: string;
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "download-start": CustomEvent<DownloadStartDetail>;
  }
}

interface OlderReleases {
  readonly releases: readonly DownloadRelease[];
  readonly nextCursor: string | null;
}

/**
 * The files the customer's licenses cover: each product's releases, newest
 * first (betas marked), with their installers and manuals — platform,
 * architecture, size and a copyable SHA-256 — and a Download button that asks
 * for a fresh signed link and starts the download. Releases a license does not
 * cover are shown greyed with the reason and what to do, never hidden. The
 * platform filter starts on the visitor's own. A table on wide screens,
 * stacked when the element is narrower than 720 px. Products are second-level
 * headings and their releases third-level, under the page's own `<h1>`.
 *
 * @example
 * <portal-provider api-base="https://licensing.example.com">
 *   <download-center></download-center>
 * </portal-provider>
 * <script type="module">
 *   document.querySelector("download-center").addEventListener("download-start", (event) => {
 *     analytics.track("download", { file: event.detail.asset.filename });
 *   });
 * </script>
 *
 * @tagname download-center
 * @summary Releases and files the customer's licenses cover, with signed downloads and checksums.
 *
 * @event download-start - A signed link was issued and the download is starting. `detail.asset`, `detail.url` and `detail.expiresAt`; cancelable: `preventDefault()` keeps the element from following the link, so the page can.
 * @event keyport-error - Loading, loading older releases or asking for a link failed. `detail.error` holds the error.
 * @event keyport-signed-out - The API answered 401. `detail.error` holds the error.
 *
 * @csspart toolbar - The bar with the platform filter.
 * @csspart platform-select - The platform filter.
 * @csspart product - One product with its releases.
 * @csspart release - One release (also `release-covered` or `release-not-covered`).
 * @csspart channel-badge - The "Beta" badge of a prerelease channel.
 * @csspart release-reason - Why a release is not covered, and what to do.
 * @csspart assets - The table of a release's files.
 * @csspart asset - One file's row (also `asset-unavailable`).
 * @csspart asset-reason - Why one file is not available when its release is.
 * @csspart sha256 - A file's SHA-256, shortened, opening to the whole value.
 * @csspart copy-button - Copies a file's SHA-256.
 * @csspart download-button - Downloads a file.
 * @csspart more-button - Loads a product's older releases.
 * @csspart state - The block shown instead of data: loading, empty, error and signed-out.
 * @csspart state-loading - The loading block (also has `state`).
 * @csspart state-empty - The empty block (also has `state`).
 * @csspart state-error - The error block (also has `state`).
 * @csspart state-signed-out - The signed-out block (also has `state`).
 * @csspart spinner - The loading indicator.
 * @csspart retry-button - The error state's "Try again" button.
 *
 * @cssproperty --keyport-color-primary - Download buttons, links and the focus ring.
 * @cssproperty --keyport-color-on-primary - Text on the Download buttons.
 * @cssproperty --keyport-color-surface - Release cards; the element's background when `theme` is set.
 * @cssproperty --keyport-color-text - Body text; inherited from the page unless set or `theme` is set.
 * @cssproperty --keyport-color-muted - Secondary text and releases your licenses do not cover.
 * @cssproperty --keyport-color-border - Hairlines.
 * @cssproperty --keyport-color-success - The "Copied" confirmation.
 * @cssproperty --keyport-color-warning - The Beta badge and the reason a release is not covered.
 * @cssproperty --keyport-color-danger - Failed downloads.
 * @cssproperty --keyport-radius - Corner radius of cards and buttons.
 * @cssproperty --keyport-space - The spacing unit.
 * @cssproperty --keyport-font-family - Text font.
 * @cssproperty --keyport-font-family-mono - Checksums and filenames.
 */
export class DownloadCenter extends KeyportElement<readonly DownloadProduct[]> {
  static override styles = downloadCenterStyles;

  static override properties: PropertyDeclarations = {
    platform: { reflect: true },
  };

  /** `windows`, `macos`, `linux` or `all`; unset, the visitor's own platform is preselected. */
  platform?: PlatformFilter;

  readonly #actions = new AssetActions(this, {
    onLink: (asset, link) => this.#startDownload(asset, link),
  });

  /** Older releases per product, loaded through "Show older releases". */
  readonly #older = new Map<string, OlderReleases>();
  readonly #olderTasks = new Map<string, Task<[string, string], OlderReleases>>();

  protected override async load(signal: AbortSignal) {
    const answer = await this.client.downloads.list(undefined, { signal });
    this.#older.clear();
    this.#olderTasks.clear();
    return answer.data;
  }

  protected override isEmpty(products: readonly DownloadProduct[]): boolean {
    return products.length === 0;
  }

  protected override renderEmpty() {
    return this.renderStateBlock("empty", {
      message: this.t(downloadMessages, "empty.title"),
      hint: this.t(downloadMessages, "empty.hint"),
    });
  }

  protected override renderData(products: readonly DownloadProduct[]) {
    const filter = this.#filterFor(products);
    const { locale, timezone } = this.portal;
    const context = {
      settings: { locale, timezone },
      filter,
      actions: this.#actions,
      onShowAll: () => this.#choose("all"),
    };
    const copied = this.#actions.copiedAssetId;
    const copiedFile = products
      .flatMap((product) => this.#releasesOf(product))
      .flatMap((release) => release.assets)
      .find((asset) => asset.id === copied)?.filename;
    return html`
      ${this.#renderToolbar(products, filter)}
      ${products.map(
        (
          product,
        ) => html`<section part="product" class="product" aria-labelledby="product-${product.id}">
          <h2 id="product-${product.id}" class="product-title">${product.name}</h2>
          ${this.#releasesOf(product).map((release) => renderRelease(context, product, release))}
          ${this.#renderMore(product)}
        </section>`,
      )}
      <span class="visually-hidden" role="status"
        >${copiedFile === undefined ? "" : this.t(downloadMessages, "hash.copied.announce", { file: copiedFile })}</span
      >
    `;
  }

  #renderToolbar(products: readonly DownloadProduct[], filter: PlatformFilter) {
    const present = new Set(
      products.flatMap((product) =>
        this.#releasesOf(product).flatMap((release) =>
          release.assets.map((asset) => asset.platform),
        ),
      ),
    );
    const options = platformFilters.filter(
      (option) => option === "all" || option === filter || present.has(option),
    );
    const say = (option: PlatformFilter) =>
      option === "all"
        ? this.t(downloadMessages, "filter.all")
        : platformWord(option, (key) => this.t(downloadMessages, key));
    return html`<div part="toolbar" class="toolbar">
      <label class="field">
        <span class="field-label">${this.t(downloadMessages, "filter.platform")}</span>
        <select part="platform-select" class="input"
          @change=${(event: Event) => this.#choose((event.target as HTMLSelectElement).value as PlatformFilter)}>
          ${options.map((option) => html`<option value=${option} ?selected=${option === filter}>${say(option)}</option>`)}
        </select>
      </label>
    </div>`;
  }

  #renderMore(product: DownloadProduct) {
    const cursor =
      this.#older.get(product.id)?.nextCursor ??
      (this.#older.has(product.id) ? null : product.nextCursor);
    if (cursor === null) return nothing;
    const task = this.#olderTasks.get(product.id);
    const pending = task?.status === TaskStatus.PENDING;
    return html`<div class="more">
      <button part="more-button" class="button" type="button" aria-disabled=${pending ? "true" : nothing}
        @click=${() => void this.#loadOlder(product.id, cursor)}>
        ${this.t(downloadMessages, pending ? "more.loading" : "more.releases")}
      </button>
      ${task?.status === TaskStatus.ERROR ? html`<p class="row-message" role="alert">${this.t(downloadMessages, "more.failed")}</p>` : nothing}
    </div>`;
  }

  #releasesOf(product: DownloadProduct): readonly DownloadRelease[] {
    const older = this.#older.get(product.id);
    return older === undefined ? product.releases : [...product.releases, ...older.releases];
  }

  /** The chosen platform, else the visitor's when any file is for it, else every platform. */
  #filterFor(products: readonly DownloadProduct[]): PlatformFilter {
    if (this.platform !== undefined && platformFilters.includes(this.platform))
      return this.platform;
    const detected = detectPlatform();
    const hasFiles = products.some((product) =>
      product.releases.some((release) =>
        release.assets.some((asset) => asset.platform?.toLowerCase() === detected),
      ),
    );
    return hasFiles && products.length > 0 ? detected : "all";
  }

  #choose(filter: PlatformFilter): void {
    this.platform = filter;
  }

  async #loadOlder(productId: string, cursor: string): Promise<void> {
    let task = this.#olderTasks.get(productId);
    if (task === undefined) {
      task = createActionTask(this, async ([id, after]: [string, string], { signal }) => {
        const page = await this.client.downloads.list({ productId: id, cursor: after }, { signal });
        const more = page.data.find((product) => product.id === id);
        const before = this.#older.get(id)?.releases ?? [];
        const older = {
          releases: [...before, ...(more?.releases ?? [])],
          nextCursor: more?.nextCursor ?? null,
        };
        this.#older.set(id, older);
        return older;
      });
      this.#olderTasks.set(productId, task);
    }
    if (task.status === TaskStatus.PENDING) return;
    await task.run([productId, cursor]);
  }

  #startDownload(asset: DownloadAsset, { url, expiresAt }: AssetLink): void {
    const event = this.emit("download-start", { asset, url, expiresAt }, { cancelable: true });
    if (event.defaultPrevented) return;
    // A hidden link followed once: the answer is an attachment, so the page stays where it is.
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = asset.filename;
    anchor.hidden = true;
    this.renderRoot.append(anchor);
    anchor.click();
    anchor.remove();
  }
}
