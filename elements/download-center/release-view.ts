import { html, nothing, type TemplateResult } from "lit";
import { type FormatSettings, formatBytes, formatDate } from "../internal/format.ts";
import type { AssetActions } from "./asset-actions.ts";
import { type DownloadMessageKey, downloadMessages } from "./download-center-messages.ts";
import type {
  DownloadAsset,
  DownloadProduct,
  DownloadReason,
  DownloadRelease,
} from "./download-types.ts";
import { matchesPlatform, type PlatformFilter } from "./platform.ts";

export interface ReleaseViewContext {
  readonly settings: FormatSettings;
  readonly filter: PlatformFilter;
  readonly actions: AssetActions;
  readonly onShowAll: () => void;
}

type Say = (key: DownloadMessageKey, params?: Record<string, string | number>) => string;

function sayer({ settings }: ReleaseViewContext): Say {
  return (key, params) => downloadMessages(settings.locale, key, params);
}

/** "Windows", "macOS", "Any platform", or the API's own word for a platform we do not name. */
export function platformWord(platform: string | null, say: Say): string {
  const value = platform?.toLowerCase() ?? "any";
  if (value === "windows" || value === "macos" || value === "linux" || value === "any") {
    return say(`platform.${value}`);
  }
  return platform ?? say("platform.any");
}

function archWord(arch: string | null, say: Say): string | undefined {
  if (arch === null) return undefined;
  return arch.toLowerCase() === "universal" ? say("arch.universal") : arch;
}

/** A hash is told apart by its ends; the whole of it is one click away. */
function shortHash(sha256: string): string {
  return sha256.length > 20 ? `${sha256.slice(0, 10)}…${sha256.slice(-8)}` : sha256;
}

function reasonId(scope: string, id: string): string {
  return `reason-${scope}-${id}`;
}

function renderReason(reason: DownloadReason, id: string, say: Say, part: string) {
  return html`<p part=${part} class="reason" id=${id}>
    <strong class="reason-title">${say(`reason.${reason.code}`)}</strong>
    <span>${reason.message}</span>
  </p>`;
}

function downloadError(actions: AssetActions, asset: DownloadAsset, say: Say) {
  const failure = actions.failure(asset.id);
  if (failure === undefined) return nothing;
  const key =
    failure.status === 404
      ? "download.gone"
      : failure.status === 429
        ? "download.throttled"
        : "download.failed";
  return html`<p class="row-message" role="alert">${say(key)}</p>`;
}

function renderHash(actions: AssetActions, asset: DownloadAsset, say: Say) {
  const state = actions.copyState(asset.id);
  return html`<div class="hash">
    <details part="sha256" class="hash-details">
      <summary><code class="mono">${shortHash(asset.sha256)}</code
        ><span class="visually-hidden">${say("hash.show", { file: asset.filename })}</span></summary>
      <code class="mono hash-full">${asset.sha256}</code>
    </details>
    <button part="copy-button" class="button button--small ${state === "copied" ? "button--done" : ""}"
      type="button" aria-label=${state === "copied" ? nothing : say("hash.copy.label", { file: asset.filename })}
      @click=${() => void actions.copyHash(asset)}>
      ${state === "copied" ? html`<span aria-hidden="true">✓</span> ${say("hash.copied")}` : say("hash.copy")}
    </button>
    ${state === "copy-failed" ? html`<p class="row-message" role="alert">${say("hash.copy.failed")}</p>` : nothing}
  </div>`;
}

function renderAsset(context: ReleaseViewContext, release: DownloadRelease, asset: DownloadAsset) {
  const say = sayer(context);
  const { actions } = context;
  const preparing = actions.isPreparing(asset.id);
  // A file's own reason is shown when it differs from its release's (a missing feature, say).
  const ownReason =
    !asset.downloadable && asset.reason !== null && asset.reason.code !== release.reason?.code
      ? asset.reason
      : null;
  const describedBy = asset.downloadable
    ? undefined
    : ownReason !== null
      ? reasonId("asset", asset.id)
      : release.reason !== null
        ? reasonId("release", release.id)
        : undefined;
  const arch = archWord(asset.arch, say);
  return html`<tr part="asset${asset.downloadable ? "" : " asset-unavailable"}"
    class="asset ${asset.downloadable ? "" : "asset--unavailable"}">
    <td class="cell-file-wrap">
      <div class="cell-file">
        <span class="file-name">${asset.filename}</span>
        <span class="muted file-kind">${say(`kind.${asset.kind}`)}</span>
        ${ownReason === null ? nothing : renderReason(ownReason, reasonId("asset", asset.id), say, "asset-reason")}
      </div>
    </td>
    <td class="cell-platform"><span class="cell-label">${say("column.platform")}</span>
      ${platformWord(asset.platform, say)}${arch === undefined ? nothing : html` · ${arch}`}</td>
    <td class="cell-size"><span class="cell-label">${say("column.size")}</span>
      ${formatBytes(asset.size, context.settings)}</td>
    <td class="cell-hash"><span class="cell-label">${say("column.sha256")}</span>${renderHash(actions, asset, say)}</td>
    <td class="cell-action">
      ${
        asset.downloadable
          ? html`<button part="download-button" class="button button--primary" type="button"
              aria-label=${preparing ? nothing : say("download.label", { file: asset.filename })}
              aria-disabled=${preparing ? "true" : nothing}
              @click=${() => void actions.download(asset)}>
              ${preparing ? say("download.preparing") : say("download")}
            </button>`
          : html`<button part="download-button" class="button" type="button" disabled
              aria-describedby=${describedBy ?? nothing}>${say("download.unavailable")}</button>`
      }
      ${downloadError(actions, asset, say)}
    </td>
  </tr>`;
}

function renderAssets(context: ReleaseViewContext, release: DownloadRelease) {
  const say = sayer(context);
  const assets = release.assets.filter((asset) => matchesPlatform(asset.platform, context.filter));
  if (assets.length === 0) {
    return html`<p class="muted none-for-platform">
      ${say("release.none-for-platform", { platform: platformWord(context.filter, say) })}
      <button class="link" type="button" @click=${context.onShowAll}>${say("release.show-all")}</button>
    </p>`;
  }
  return html`<table part="assets" class="assets">
    <colgroup>
      <col class="col-file" /><col class="col-platform" /><col class="col-size" /><col
        class="col-hash" /><col class="col-action" />
    </colgroup>
    <thead>
      <tr>
        <th scope="col">${say("column.file")}</th>
        <th scope="col">${say("column.platform")}</th>
        <th scope="col">${say("column.size")}</th>
        <th scope="col">${say("column.sha256")}</th>
        <th scope="col"><span class="visually-hidden">${say("column.action")}</span></th>
      </tr>
    </thead>
    <tbody>${assets.map((asset) => renderAsset(context, release, asset))}</tbody>
  </table>`;
}

/** One release: version, channel badge, date and notes, why it is not covered, and its files. */
export function renderRelease(
  context: ReleaseViewContext,
  product: DownloadProduct,
  release: DownloadRelease,
): TemplateResult {
  const say = sayer(context);
  const titleId = `release-${release.id}`;
  return html`<section part="release ${release.covered ? "release-covered" : "release-not-covered"}"
    class="release ${release.covered ? "" : "release--not-covered"}" aria-labelledby=${titleId}>
    <header class="release-header">
      <h3 id=${titleId} class="release-title">
        <span class="visually-hidden">${product.name}</span> ${release.version}
      </h3>
      ${release.channel === "beta" ? html`<span part="channel-badge" class="channel">${say("channel.beta")}</span>` : nothing}
      <span class="muted release-date">
        ${say("release.published", { date: formatDate(release.publishedAt, context.settings) })}
      </span>
    </header>
    ${release.notes ? html`<p class="release-notes">${release.notes}</p>` : nothing}
    ${release.reason === null ? nothing : renderReason(release.reason, reasonId("release", release.id), say, "release-reason")}
    ${renderAssets(context, release)}
  </section>`;
}
