import type { Activation } from "@keyport/sdk";
import { TaskStatus } from "@lit/task";
import type { ReactiveControllerHost } from "lit";
import { createActionTask } from "../internal/action-task.ts";
import type { ActivationPage } from "./activation-data.ts";

/**
 * Rows gathered page by page ("Load more"), with the fetch of the next page as
 * an action Task so its pending and error states can be shown. A `reset`
 * drops what a fetch still in flight would have added: the filters changed.
 */
export class ActivationPager {
  rows: readonly Activation[] = [];
  nextCursor: string | null = null;
  /** Whether a first page was asked for since the last `reset()`. */
  started = false;
  readonly task;
  readonly #host: ReactiveControllerHost;
  #generation = 0;
  #lastCursor: string | undefined;

  constructor(
    host: ReactiveControllerHost & EventTarget,
    fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<ActivationPage>,
  ) {
    this.#host = host;
    this.task = createActionTask(host, ([cursor]: [string | undefined], { signal }) =>
      fetchPage(cursor, signal),
    );
  }

  get pending(): boolean {
    return this.task.status === TaskStatus.PENDING;
  }

  get failed(): boolean {
    return this.task.status === TaskStatus.ERROR;
  }

  /** Starts over, from `page` when the first page is already there. */
  reset(page?: ActivationPage): void {
    this.#generation += 1;
    if (this.pending) this.task.abort();
    this.rows = page?.rows ?? [];
    this.nextCursor = page?.nextCursor ?? null;
    this.started = page !== undefined;
    this.#host.requestUpdate();
  }

  /** Fetches the first page. */
  start(): Promise<void> {
    this.reset();
    this.started = true;
    return this.#fetch(undefined);
  }

  /** Whether "Load more" has something to do: a next page, or a failed fetch to try again. */
  get hasMore(): boolean {
    return this.nextCursor !== null || this.failed;
  }

  /** Fetches the next page, or tries the failed fetch again. */
  more(): Promise<void> {
    if (this.failed) return this.#fetch(this.#lastCursor);
    return this.nextCursor === null ? Promise.resolve() : this.#fetch(this.nextCursor);
  }

  /** Swaps a row for a newer copy of it (same id). */
  replace(row: Activation): void {
    this.rows = this.rows.map((current) => (current.id === row.id ? row : current));
    this.#host.requestUpdate();
  }

  /** Changes every row that `change` maps to a new object. */
  update(change: (row: Activation) => Activation): void {
    this.rows = this.rows.map(change);
    this.#host.requestUpdate();
  }

  async #fetch(cursor: string | undefined): Promise<void> {
    const generation = this.#generation;
    this.#lastCursor = cursor;
    await this.task.run([cursor]);
    if (generation !== this.#generation || this.task.status !== TaskStatus.COMPLETE) return;
    const page = this.task.value!;
    this.rows = [...this.rows, ...page.rows];
    this.nextCursor = page.nextCursor;
    this.#host.requestUpdate();
  }
}
