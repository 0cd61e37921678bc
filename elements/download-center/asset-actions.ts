import type { AssetLink, PortalClient } from "@keyport/sdk";
import { type Task, TaskStatus } from "@lit/task";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { createActionTask } from "../internal/action-task.ts";
import type { DownloadAsset } from "./download-types.ts";

/** The element the actions live in: a `KeyportElement` is one as it is. */
export interface AssetActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly client: PortalClient;
}

export interface AssetActionsOptions {
  /** Called with each fresh link, to start the download. */
  readonly onLink: (asset: DownloadAsset, link: AssetLink) => void;
  /** How long "Copied" shows, in milliseconds. */
  readonly confirmationMs?: number;
}

type CopyFeedback = { readonly assetId: string; readonly kind: "copied" | "copy-failed" };

/**
 * Download and Copy for every file an element lists. Each Download click asks
 * the API for a fresh signed link (links expire within minutes, so none is
 * kept) through its own action Task, so preparing one file never aborts
 * another; Copy writes a file's SHA-256 to the clipboard and says "Copied".
 */
export class AssetActions implements ReactiveController {
  readonly #host: AssetActionsHost;
  readonly #onLink: AssetActionsOptions["onLink"];
  readonly #confirmationMs: number;
  readonly #links = new Map<string, Task<[DownloadAsset], AssetLink>>();
  #copy: CopyFeedback | undefined;
  #copyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: AssetActionsHost, { onLink, confirmationMs = 2000 }: AssetActionsOptions) {
    this.#host = host;
    this.#onLink = onLink;
    this.#confirmationMs = confirmationMs;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#copyTimer);
    this.#copy = undefined;
  }

  /** Asks for a link and starts the download; a click while it is being prepared does nothing. */
  async download(asset: DownloadAsset): Promise<void> {
    const task = this.#linkTask(asset.id);
    if (task.status === TaskStatus.PENDING) return;
    await task.run([asset]);
  }

  isPreparing(assetId: string): boolean {
    return this.#links.get(assetId)?.status === TaskStatus.PENDING;
  }

  /** The HTTP status of the last failed link request (`undefined` when it did not fail). */
  failure(assetId: string): { readonly status: unknown } | undefined {
    const task = this.#links.get(assetId);
    if (task?.status !== TaskStatus.ERROR) return undefined;
    return { status: (task.error as { status?: unknown } | null)?.status };
  }

  /** Copies a file's SHA-256. Resolves with whether it worked. */
  async copyHash(asset: DownloadAsset): Promise<boolean> {
    // Emptied first, so a second "Copied" in a row is announced again.
    this.#setCopy(undefined);
    await this.#host.updateComplete;
    try {
      await navigator.clipboard.writeText(asset.sha256);
      this.#setCopy({ assetId: asset.id, kind: "copied" });
      return true;
    } catch {
      this.#setCopy({ assetId: asset.id, kind: "copy-failed" });
      return false;
    }
  }

  /** "copied" or "copy-failed" for the file copied last, while it shows. */
  copyState(assetId: string): CopyFeedback["kind"] | undefined {
    return this.#copy?.assetId === assetId ? this.#copy.kind : undefined;
  }

  /** The file whose hash was just copied, for the live region. */
  get copiedAssetId(): string | undefined {
    return this.#copy?.kind === "copied" ? this.#copy.assetId : undefined;
  }

  #linkTask(assetId: string) {
    let task = this.#links.get(assetId);
    if (task === undefined) {
      task = createActionTask(this.#host, async ([asset]: [DownloadAsset], { signal }) => {
        const link = await this.#host.client.assets.createLink(asset.id, { signal });
        this.#onLink(asset, link);
        return link;
      });
      this.#links.set(assetId, task);
    }
    return task;
  }

  #setCopy(feedback: CopyFeedback | undefined): void {
    clearTimeout(this.#copyTimer);
    this.#copy = feedback;
    if (feedback?.kind === "copied") {
      this.#copyTimer = setTimeout(() => this.#setCopy(undefined), this.#confirmationMs);
    }
    this.#host.requestUpdate();
  }
}
