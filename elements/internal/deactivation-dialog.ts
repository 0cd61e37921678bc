import type { Activation, MyLicenseDetail, PortalClient } from "@keyport/sdk";
import { TaskStatus } from "@lit/task";
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from "lit";
import { createActionTask } from "./action-task.ts";
import type { PortalContextValue } from "./context.ts";
import { deactivationMessages } from "./deactivation-messages.ts";
import {
  type DeactivationRefusal,
  describeDeactivationError,
  readRefusal,
} from "./deactivation-refusal.ts";
import { emitKeyportEvent } from "./events.ts";

export { deactivationDialogStyles } from "./deactivation-dialog.styles.ts";
export { type DeactivationRefusal, readRefusal } from "./deactivation-refusal.ts";

/** What `POST /v1/activations/{id}/deactivate` answers: the ended activation and what is left. */
export type DeactivatedActivation = Activation & { readonly deactivationsLeft: number | null };

/** Detail of `activation-deactivated`. */
export interface ActivationDeactivatedDetail {
  readonly activation: DeactivatedActivation;
  /** Customer deactivations still allowed in the policy's window; `null`: no limit. */
  readonly deactivationsLeft: number | null;
}

declare module "./events.ts" {
  interface KeyportEventMap {
    "activation-deactivated": CustomEvent<ActivationDeactivatedDetail>;
  }
}

/** An element that can host the dialog: every `KeyportElement` is one. */
export interface DeactivationDialogHost extends ReactiveControllerHost, HTMLElement {
  readonly client: PortalClient;
  readonly portal: PortalContextValue;
  /** Where the host renders its template, and with it the dialog (a Lit element's `renderRoot`). */
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** What to confirm. */
export interface DeactivationRequest {
  readonly activation: Activation;
  /** The activation's license; its `deactivations` (`left` of `limit`) give the "4 of 5 left" sentence. Without it, or without a limit, the dialog says nothing about limits. */
  readonly license?: Pick<MyLicenseDetail, "deactivations"> | undefined;
  /** Gets the focus when the dialog closes; by default the element focused when `open` was called. */
  readonly returnFocus?: HTMLElement | undefined;
}

/** The name an activation goes by: its name, else its host name, else its identifier. */
export function activationLabel(
  activation: Pick<Activation, "name" | "hostname" | "identifier">,
): string {
  return activation.name || activation.hostname || activation.identifier;
}

/**
 * The confirmation before a machine or domain is deactivated, as a controller
 * any `KeyportElement` can host: a native modal `<dialog>` that says what
 * happens and how many deactivations are left, runs the deactivation through
 * `createActionTask`, explains a refusal in plain words, and on success emits
 * `activation-deactivated` from the host.
 *
 * The host places `${dialog.render()}` once in its template and adds
 * `deactivationDialogStyles` to its styles (a strict CSP allows no inline styles).
 *
 * @example
 * class LicenseDetail extends KeyportElement<MyLicenseDetail> {
 *   static override styles = [KeyportElement.styles, deactivationDialogStyles];
 *   readonly deactivation = new DeactivationDialog(this);
 *   protected override renderData(license: MyLicenseDetail) {
 *     return html`
 *       <button class="button" @click=${() => this.deactivation.open({ activation, license })}>
 *         Deactivate OLD-PC</button>
 *       ${this.deactivation.render()}`;
 *   }
 * }
 */
export class DeactivationDialog implements ReactiveController {
  readonly #host: DeactivationDialogHost;
  #request: DeactivationRequest | undefined;
  #opener: HTMLElement | undefined;
  #settle: ((result: DeactivatedActivation | undefined) => void) | undefined;
  /** The request the task's error belongs to; a new `open` starts without the old error. */
  #failed: DeactivationRequest | undefined;

  /** The deactivation itself; `status`, `value` and `error` tell where it stands. */
  readonly task;

  constructor(host: DeactivationDialogHost) {
    this.#host = host;
    host.addController(this);
    this.task = createActionTask(
      host,
      async ([id]: [string], { signal }): Promise<DeactivatedActivation> =>
        host.client.activations.deactivate(id, undefined, { signal }),
    );
  }

  /**
   * The rendered `<dialog>`, found in the host's render root (one dialog a host, as its ids
   * say) rather than through Lit's `ref` directive, which would add its code to every bundle.
   */
  get #dialog(): HTMLDialogElement | null {
    return this.#host.renderRoot.querySelector("dialog.deactivation-dialog");
  }

  /** Whether the dialog is showing. */
  get isOpen(): boolean {
    return this.#dialog?.open ?? false;
  }

  /**
   * Why the API refused the last attempt of the current request, if it did:
   * for a host that also explains it beside its own button after the dialog closed.
   */
  get refusal(): DeactivationRefusal | undefined {
    const failed = this.#failed !== undefined && this.#failed === this.#request;
    return failed && this.task.status === TaskStatus.ERROR
      ? readRefusal(this.task.error)
      : undefined;
  }

  /**
   * Shows the dialog for one activation. Resolves with the deactivated
   * activation once the customer confirmed and the API agreed, or with
   * `undefined` when they closed it without a deactivation.
   */
  async open(request: DeactivationRequest): Promise<DeactivatedActivation | undefined> {
    this.#settle?.(undefined);
    this.#request = request;
    this.#opener = request.returnFocus ?? deepActiveElement();
    const settled = new Promise<DeactivatedActivation | undefined>((resolve) => {
      this.#settle = resolve;
    });
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    const dialog = this.#dialog;
    if (dialog === null)
      throw new Error("The host renders no dialog: put dialog.render() in its template.");
    if (!dialog.open) dialog.showModal();
    return settled;
  }

  /** Closes the dialog; an unconfirmed open resolves with `undefined`. */
  close(): void {
    this.#dialog?.close();
  }

  hostDisconnected(): void {
    this.close();
  }

  /** The dialog; render it once in the host's template. */
  render() {
    const request = this.#request;
    const t = (
      key: Parameters<typeof deactivationMessages>[1],
      params?: Record<string, string | number>,
    ) => deactivationMessages(this.#host.portal.locale, key, params);
    const name = request === undefined ? "" : activationLabel(request.activation);
    const pending = this.task.status === TaskStatus.PENDING;
    const failed = this.task.status === TaskStatus.ERROR && this.#failed === request;
    const error = failed ? this.task.error : undefined;
    const refusal = error === undefined ? undefined : readRefusal(error);
    return html`
      <dialog
        part="dialog"
        class="deactivation-dialog"
        aria-labelledby="kp-deactivation-title"
        aria-describedby="kp-deactivation-text"
        @close=${this.#onClose}
        @keydown=${this.#keepTabInside}
      >
        <h2 part="dialog-title" class="deactivation-title" id="kp-deactivation-title">
          ${t("title", { name })}
        </h2>
        <p class="deactivation-text" id="kp-deactivation-text">
          ${t("consequence", { name })} ${this.#limitSentence(t)}
        </p>
        <div class="deactivation-error" role="alert">
          ${
            error === undefined
              ? nothing
              : html`<p part="dialog-error">
                ${describeDeactivationError(error, this.#host.portal, t)}
              </p>`
          }
        </div>
        <div class="deactivation-actions">
          <button
            part="cancel-button"
            class="button"
            type="button"
            autofocus
            @click=${() => this.close()}
          >
            ${t("cancel")}
          </button>
          <button
            part="confirm-button"
            class="button button--danger"
            type="button"
            aria-disabled=${pending || refusal !== undefined ? "true" : "false"}
            @click=${this.#confirm}
          >
            ${pending ? t("pending") : t("confirm")}
          </button>
        </div>
      </dialog>
    `;
  }

  #limitSentence(t: (key: "left", params: Record<string, number>) => string) {
    const deactivations = this.#request?.license?.deactivations;
    if (deactivations === undefined) return nothing;
    const { limit, left, windowDays } = deactivations;
    if (limit === null || left === null) return nothing;
    return t("left", { count: left, limit, days: windowDays });
  }

  #confirm = async () => {
    const request = this.#request;
    // aria-disabled keeps the button focusable while pending, so its click is ignored here.
    if (request === undefined || this.task.status === TaskStatus.PENDING) return;
    if (this.#failed === request && readRefusal(this.task.error) !== undefined) return;
    this.#failed = undefined;
    await this.task.run([request.activation.id]);
    if (this.task.status !== TaskStatus.COMPLETE) {
      this.#failed = request;
      this.#host.requestUpdate();
      // Closed while the call ran: nobody sees the error here, so the open ends now.
      if (!this.isOpen) this.#finish(undefined);
      return;
    }
    const activation = this.task.value!;
    // Before closing, so a host updating on the event already has the new row when focus returns.
    emitKeyportEvent(this.#host, "activation-deactivated", {
      activation,
      deactivationsLeft: activation.deactivationsLeft,
    });
    this.#finish(activation);
    this.close();
  };

  #finish(result: DeactivatedActivation | undefined) {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(result);
  }

  #onClose = () => {
    // Closed while the call runs: the confirmed deactivation goes on and settles the open.
    if (this.task.status !== TaskStatus.PENDING) this.#finish(undefined);
    const opener = this.#opener;
    this.#opener = undefined;
    if (opener?.isConnected) opener.focus();
  };

  /** A modal dialog already makes the page inert; this keeps Tab from leaving for the browser's UI. */
  #keepTabInside = (event: KeyboardEvent) => {
    if (event.key !== "Tab") return;
    const dialog = event.currentTarget as HTMLDialogElement;
    const focusable = [...dialog.querySelectorAll<HTMLElement>("button:not([disabled])")];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.#host.shadowRoot?.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  };
}

function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}
