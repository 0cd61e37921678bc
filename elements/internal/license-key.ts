import type { MyLicense, PortalClient } from "@keyport/sdk";
import { type Task, TaskStatus } from "@lit/task";
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from "lit";
import { createActionTask } from "./action-task.ts";
import type { KeyportLocale } from "./i18n.ts";
import { licenseMessages } from "./license-messages.ts";

/** The element a key lives in: a `KeyportElement` is one as it is. */
export interface LicenseKeyHost extends ReactiveControllerHost, HTMLElement {
  readonly client: PortalClient;
  readonly portal: { readonly locale: KeyportLocale };
}

/** What the key needs of a license. */
export type LicenseKeyFields = Pick<MyLicense, "id" | "name" | "keyMasked">;

export interface LicenseKeyOptions {
  /** How long "Copied" shows before Copy returns, in milliseconds. */
  readonly confirmationMs?: number;
}

type Feedback = { readonly licenseId: string; readonly kind: "copied" | "copy-failed" };

/**
 * Reveal and Copy of license keys for every license an element shows. Keys
 * are masked until Reveal, which asks the API for the full key (a recorded
 * action, asking nothing more) once per license and element; Copy reveals
 * first when needed, then writes the full key to the clipboard and announces
 * "Copied" through a live region. Each license gets its own reveal Task, so
 * revealing one key never aborts another.
 *
 * @example
 * class LicenseList extends KeyportElement<MyLicense[]> {
 *   static override styles = css`${KeyportElement.styles}${licenseKeyStyles}`;
 *   readonly keys = new LicenseKeyController(this);
 *   protected override renderData(licenses: MyLicense[]) {
 *     return html`${licenses.map((license) => this.keys.render(license))}`;
 *   }
 * }
 */
export class LicenseKeyController implements ReactiveController {
  readonly #host: LicenseKeyHost;
  readonly #confirmationMs: number;
  readonly #reveals = new Map<string, Task<[string], { readonly key: string }>>();
  /** Revealed keys the customer hid again: kept, so showing them again asks nothing. */
  readonly #hidden = new Set<string>();
  #feedback: Feedback | undefined;
  #feedbackTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: LicenseKeyHost, { confirmationMs = 2000 }: LicenseKeyOptions = {}) {
    this.#host = host;
    this.#confirmationMs = confirmationMs;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#feedbackTimer);
    this.#feedback = undefined;
  }

  /** The full key once revealed, else `undefined`. */
  revealedKey(licenseId: string): string | undefined {
    const task = this.#reveals.get(licenseId);
    return task?.status === TaskStatus.COMPLETE ? task.value?.key : undefined;
  }

  /** Whether the full key is on screen. */
  isShown(licenseId: string): boolean {
    return this.revealedKey(licenseId) !== undefined && !this.#hidden.has(licenseId);
  }

  /** Whether the API is being asked for the key. */
  isRevealing(licenseId: string): boolean {
    return this.#reveals.get(licenseId)?.status === TaskStatus.PENDING;
  }

  /** Shows the full key, asking the API only the first time. Resolves with it, or `undefined` on failure. */
  async reveal(licenseId: string): Promise<string | undefined> {
    this.#hidden.delete(licenseId);
    const known = this.revealedKey(licenseId);
    if (known !== undefined) {
      this.#host.requestUpdate();
      return known;
    }
    const task = this.#revealTask(licenseId);
    if (task.status !== TaskStatus.PENDING) await task.run([licenseId]);
    else await task.taskComplete.catch(() => undefined);
    return this.revealedKey(licenseId);
  }

  /** Masks a revealed key again. */
  hide(licenseId: string): void {
    this.#hidden.add(licenseId);
    this.#host.requestUpdate();
  }

  /** Copies the full key (revealing it first when needed). Resolves with whether it worked. */
  async copy(licenseId: string): Promise<boolean> {
    const key = this.revealedKey(licenseId) ?? (await this.reveal(licenseId));
    if (key === undefined) return false;
    // Emptied first, so a second "Copied" in a row is announced again.
    this.#setFeedback(undefined);
    await this.#host.updateComplete;
    try {
      await navigator.clipboard.writeText(key);
      this.#setFeedback({ licenseId, kind: "copied" });
      return true;
    } catch {
      this.#setFeedback({ licenseId, kind: "copy-failed" });
      return false;
    }
  }

  /** The key with its buttons; see `renderLicenseKey`. */
  render(license: LicenseKeyFields) {
    return renderLicenseKey(this, license);
  }

  /** For `renderLicenseKey`: the state one license's key is drawn from. */
  viewOf(licenseId: string) {
    const task = this.#reveals.get(licenseId);
    const feedback = this.#feedback?.licenseId === licenseId ? this.#feedback.kind : undefined;
    return {
      locale: this.#host.portal.locale,
      shownKey: this.isShown(licenseId) ? this.revealedKey(licenseId) : undefined,
      revealing: this.isRevealing(licenseId),
      revealFailed: task?.status === TaskStatus.ERROR,
      feedback,
    };
  }

  #revealTask(licenseId: string) {
    let task = this.#reveals.get(licenseId);
    if (task === undefined) {
      task = createActionTask(this.#host, ([id]: [string], { signal }) =>
        this.#host.client.licenses.revealKey(id, { signal }),
      );
      this.#reveals.set(licenseId, task);
    }
    return task;
  }

  #setFeedback(feedback: Feedback | undefined): void {
    clearTimeout(this.#feedbackTimer);
    this.#feedback = feedback;
    if (feedback?.kind === "copied") {
      this.#feedbackTimer = setTimeout(() => this.#setFeedback(undefined), this.#confirmationMs);
    }
    this.#host.requestUpdate();
  }
}

/** "•••••-…-4TJG9" read aloud is a string of bullets; the last group is what tells keys apart. */
function lastGroup(masked: string): string {
  return masked.split("-").pop() ?? masked;
}

/**
 * A license key: monospace, masked until Reveal, with Reveal/Hide and Copy
 * buttons and a live region that announces "Copied". Parts: `key`,
 * `reveal-button`, `copy-button`. Add `licenseKeyStyles` to the element's styles.
 *
 * @example
 * html`${renderLicenseKey(this.keys, license)}`
 */
export function renderLicenseKey(keys: LicenseKeyController, license: LicenseKeyFields) {
  const { locale, shownKey, revealing, revealFailed, feedback } = keys.viewOf(license.id);
  const say = (key: Parameters<typeof licenseMessages>[1]) =>
    licenseMessages(locale, key, { name: license.name });
  const copied = feedback === "copied";
  const onToggle = () => {
    if (revealing) return;
    if (shownKey === undefined) void keys.reveal(license.id);
    else keys.hide(license.id);
  };
  return html`
    <div class="license-key">
      <code part="key" class="key ${shownKey === undefined ? "key--masked" : "key--shown"}">
        ${
          shownKey ??
          html`<span aria-hidden="true">${license.keyMasked}</span
            ><span class="visually-hidden"
              >${licenseMessages(locale, "key.masked", { last: lastGroup(license.keyMasked) })}</span
            >`
        }
      </code>
      <span class="key-buttons">
        <button
          part="reveal-button"
          class="button button--small"
          type="button"
          aria-label=${revealing ? nothing : say(shownKey === undefined ? "key.reveal.label" : "key.hide.label")}
          aria-disabled=${revealing ? "true" : nothing}
          @click=${onToggle}
        >
          ${say(revealing ? "key.revealing" : shownKey === undefined ? "key.reveal" : "key.hide")}
        </button>
        <button
          part="copy-button"
          class="button button--small ${copied ? "button--done" : ""}"
          type="button"
          aria-label=${copied ? nothing : say("key.copy.label")}
          @click=${() => void keys.copy(license.id)}
        >
          ${copied ? html`<span aria-hidden="true">✓</span> ${say("key.copied")}` : say("key.copy")}
        </button>
      </span>
      <span class="visually-hidden" role="status">${copied ? say("key.copied") : ""}</span>
      ${
        revealFailed || feedback === "copy-failed"
          ? html`<p class="key-message" role="alert">
              ${say(revealFailed ? "key.reveal.failed" : "key.copy.failed")}
            </p>`
          : nothing
      }
    </div>
  `;
}

/** Styles of the key and its buttons. */
export const licenseKeyStyles = css`
  .license-key {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_kp-space) * 2);
    min-inline-size: 0;
  }

  .key {
    font-family: var(--_kp-font-mono);
    font-size: 0.875rem;
    letter-spacing: 0.02em;
    overflow-wrap: anywhere;
  }

  .key--shown {
    user-select: all;
  }

  .key-buttons {
    display: inline-flex;
    gap: calc(var(--_kp-space) * 2);
  }

  .button--small {
    min-height: 2rem;
    padding: 0 calc(var(--_kp-space) * 3);
    font-size: 0.875rem;
  }

  .button[aria-disabled="true"] {
    cursor: progress;
    opacity: 0.6;
  }

  .button--done {
    border-color: var(--_kp-color-success);
    color: var(--_kp-color-success);
  }

  .key-message {
    flex-basis: 100%;
    margin: 0;
    color: var(--_kp-color-danger);
    font-size: 0.875rem;
  }
`;
