import { initialState, Task, type TaskFunction } from "@lit/task";
import type { ReactiveControllerHost } from "lit";
import { isUnauthorizedError } from "./errors.ts";
import { emitKeyportEvent } from "./events.ts";

/**
 * Reports a failure the element now shows: `keyport-signed-out` for a 401,
 * `keyport-error` otherwise. Call it from a Task's `onError`, which runs just
 * before the Task takes its error status; the event waits a microtask so a
 * listener reading the element's state already sees the failure.
 */
export function reportFailure(target: EventTarget, error: unknown): void {
  queueMicrotask(() => {
    if (isUnauthorizedError(error)) emitKeyportEvent(target, "keyport-signed-out", { error });
    else emitKeyportEvent(target, "keyport-error", { error });
  });
}

/**
 * An element's one-off action (reveal a key, deactivate a machine) as a
 * `@lit/task` Task that runs only when asked (`autoRun: false`). Its status,
 * value and error drive the rendering through `task.render()`; a failure also
 * bubbles as `keyport-error` (or `keyport-signed-out` for a 401), and nothing
 * is thrown. Running it again while it runs aborts the first run; an aborted
 * run returns the Task to its initial state instead of showing an error.
 *
 * It is not aborted when the element is removed: a deactivation the customer
 * confirmed should reach the server.
 *
 * @example
 * class LicenseKey extends KeyportElement<MyLicense> {
 *   readonly reveal = createActionTask(this, ([id]: [string], { signal }) =>
 *     this.client.licenses.revealKey(id, { signal }),
 *   );
 *   protected override renderData(license: MyLicense) {
 *     return html`
 *       <button ?disabled=${this.reveal.status === TaskStatus.PENDING}
 *         @click=${() => this.reveal.run([license.id])}>Reveal</button>
 *       ${this.reveal.render({
 *         complete: ({ key }) => html`<code>${key}</code>`,
 *         error: () => html`<p role="alert">${this.msg("state.error")}</p>`,
 *       })}`;
 *   }
 * }
 */
export function createActionTask<const A extends readonly unknown[], R>(
  host: ReactiveControllerHost & EventTarget,
  action: TaskFunction<A, R>,
): Task<A, R> {
  return new Task<A, R>(host, {
    autoRun: false,
    // `async` so that even a synchronous throw becomes the error state.
    task: async (args, options) => {
      try {
        return await action(args, options);
      } catch (error) {
        if (options.signal.aborted) return initialState;
        throw error;
      }
    },
    onError: (error) => reportFailure(host, error),
  });
}
