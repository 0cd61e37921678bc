import { consume } from "@lit/context";
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { createPortalClient, type PortalClient } from "../../sdk/index.ts";
import { type PortalContextValue, portalContext, resolvePortal } from "./context.ts";
import { isUnauthorizedError } from "./errors.ts";
import {
  type EmitOptions,
  emitKeyportEvent,
  type KeyportEventDetail,
  type KeyportEventMap,
  type KeyportEventName,
} from "./events.ts";
import { type MessageKey, msg } from "./i18n.ts";
import { keyportBaseStyles } from "./styles.ts";

/** Where an element's data stands. `empty` is a `complete` load the subclass calls empty. */
export type KeyportStatus = "loading" | "complete" | "empty" | "error" | "signed-out";

/** The state machine behind `KeyportStatus`, holding what each state needs to render. */
export type LoadState<T> =
  | { readonly status: "loading" }
  | { readonly status: "complete"; readonly data: T }
  | { readonly status: "error"; readonly error: unknown }
  | { readonly status: "signed-out"; readonly error: unknown };

/** The states the base class draws itself, as named in `part="state state-<kind>"`. */
export type StateKind = "loading" | "empty" | "error" | "signed-out";

export interface StateBlockContent {
  readonly message: string;
  readonly hint?: string;
  /** A button or link, e.g. the retry button or an empty state's primary action. */
  readonly action?: TemplateResult;
}

const sameArgs = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, index) => Object.is(value, b[index]));

/**
 * Base class of every Keyport element: resolves the portal settings (from a
 * `<portal-provider>` or the element's own attributes), loads the element's
 * data, and renders the loading, empty, error and signed-out states around the
 * subclass's own rendering. A subclass implements `load()` and `renderData()`,
 * and usually `isEmpty()` and `renderEmpty()`.
 *
 * Loads start on the first update and again whenever `loadArgs()` changes; a
 * superseded load is aborted through its `AbortSignal` and its result ignored.
 * Nothing thrown by `load()` or `renderData()` escapes: it becomes the error
 * state and a `keyport-error` event, or for a 401 the signed-out state and a
 * `keyport-signed-out` event.
 *
 * @example
 * class LicenseNames extends KeyportElement<MyLicense[]> {
 *   protected override async load(signal: AbortSignal) {
 *     return (await this.client.licenses.list({ limit: 20 }, { signal })).data;
 *   }
 *   protected override renderData(licenses: MyLicense[]) {
 *     return html`<ul>${licenses.map((license) => html`<li>${license.name}</li>`)}</ul>`;
 *   }
 * }
 *
 * @summary Base class: portal settings, data loading and the shared data states.
 *
 * @event keyport-error - The load failed for a reason other than a missing sign-in. `detail.error` holds the error.
 * @event keyport-signed-out - The API answered 401. `detail.error` holds the error.
 *
 * @csspart state - The block shown instead of data: loading, empty, error and signed-out.
 * @csspart state-loading - The loading block (also has `state`).
 * @csspart state-empty - The empty block (also has `state`).
 * @csspart state-error - The error block (also has `state`).
 * @csspart state-signed-out - The signed-out block (also has `state`).
 * @csspart spinner - The loading indicator.
 * @csspart retry-button - The error state's "Try again" button.
 *
 * @cssproperty --keyport-color-primary - Buttons, links and the focus ring.
 * @cssproperty --keyport-color-on-primary - Text on primary-coloured buttons.
 * @cssproperty --keyport-color-surface - Cards and tables; the element's background when `theme` is set.
 * @cssproperty --keyport-color-background - The page behind cards (standalone portal only).
 * @cssproperty --keyport-color-text - Body text; inherited from the page unless set or `theme` is set.
 * @cssproperty --keyport-color-muted - Secondary text.
 * @cssproperty --keyport-color-border - Hairlines.
 * @cssproperty --keyport-color-success - Active, valid.
 * @cssproperty --keyport-color-warning - Expiring, long unseen.
 * @cssproperty --keyport-color-danger - Expired, suspended, revoked, dead; errors.
 * @cssproperty --keyport-radius - Corner radius of cards, inputs and buttons.
 * @cssproperty --keyport-space - The spacing unit (paddings are 2, 3, 4 or 6 units).
 * @cssproperty --keyport-font-family - Text font; inherited from the page unless set or `theme` is set.
 * @cssproperty --keyport-font-family-mono - Keys and hashes.
 */
export abstract class KeyportElement<T = unknown> extends LitElement {
  static override styles = keyportBaseStyles;

  /** Base URL of the Keyport API when used without a provider (or to override it). */
  @property({ attribute: "api-base" }) apiBase?: string;

  /** Bearer token when used without a provider (or to override it). */
  @property() token?: string;

  /** Asked for a fresh token; a property only, since attributes cannot hold functions. */
  @property({ attribute: false }) fetchToken?: () => Promise<string>;

  /** `en` or `de` (any `de-*` tag counts as German); defaults to the provider's, then the page's `lang`. */
  @property() locale?: string;

  /** IANA time zone for dates; defaults to the provider's, then the browser's. */
  @property() timezone?: string;

  /** `light`, `dark` or `auto` (follows the OS); unset, the element blends into the page. */
  @property({ reflect: true }) theme?: "light" | "dark" | "auto";

  /** What the nearest `<portal-provider>` shares; `undefined` standalone. */
  @consume({ context: portalContext, subscribe: true })
  protected providedPortal?: PortalContextValue;

  @state() protected loadState: LoadState<T> = { status: "loading" };

  #client: { readonly settings: readonly unknown[]; readonly client: PortalClient } | undefined;
  #controller: AbortController | undefined;
  #running: Promise<void> | undefined;
  #lastArgs: readonly unknown[] | undefined;

  /** The settings in effect: the element's own attributes over the provider's. */
  get portal(): PortalContextValue {
    return resolvePortal(this.providedPortal, {
      apiBase: this.apiBase,
      token: this.token,
      fetchToken: this.fetchToken,
      locale: this.locale,
      timezone: this.timezone,
    });
  }

  /**
   * The SDK client for the settings in effect. Kept while `apiBase`, `token` and
   * `fetchToken` stay the same, so its token (and a renewal in flight) is shared
   * by every call of this element.
   */
  get client(): PortalClient {
    const { apiBase, token, fetchToken } = this.portal;
    const settings = [apiBase, token, fetchToken];
    if (this.#client === undefined || !sameArgs(this.#client.settings, settings)) {
      this.#client = {
        settings,
        client: createPortalClient({ baseUrl: apiBase, token, fetchToken }),
      };
    }
    return this.#client.client;
  }

  /** The current state, for a page that wants to react to it. */
  get status(): KeyportStatus {
    const current = this.loadState;
    if (current.status === "complete" && this.isEmpty(current.data)) return "empty";
    return current.status;
  }

  /**
   * Resolves once no load is in flight and the result is rendered. Unlike
   * `updateComplete` it waits for data, which can take as long as the network.
   */
  get loadComplete(): Promise<boolean> {
    return (async () => {
      await this.updateComplete;
      // A load can be superseded while we wait; follow it to the newest one.
      while (this.#running !== undefined) await this.#running;
      return this.updateComplete;
    })();
  }

  /** Loads the data again, aborting a load in flight. Resolves when it has settled. */
  reload(): Promise<void> {
    this.#controller?.abort(new DOMException("Superseded by a newer load.", "AbortError"));
    const controller = new AbortController();
    this.#controller = controller;
    this.loadState = { status: "loading" };
    const running = this.#run(controller);
    this.#running = running;
    return running;
  }

  /** Fetches the element's data through `this.client`. Pass `signal` on so a superseded load stops. */
  protected abstract load(signal: AbortSignal): Promise<T>;

  /** Renders loaded, non-empty data. */
  protected abstract renderData(data: T): unknown;

  /**
   * The values a load depends on; a change starts a new load. Subclasses add
   * theirs: `return [...super.loadArgs(), this.licenseId];`. Locale and time
   * zone are left out as they only change how data is shown.
   */
  protected loadArgs(): readonly unknown[] {
    const { apiBase, token, fetchToken } = this.portal;
    return [apiBase, token, fetchToken];
  }

  /** Whether loaded data counts as empty, shown with `renderEmpty()`. */
  protected isEmpty(_data: T): boolean {
    return false;
  }

  /** Override to teach what belongs here: "No activations yet. When you install…". */
  protected renderEmpty(): unknown {
    return this.renderStateBlock("empty", { message: this.msg("state.empty") });
  }

  protected renderLoading(): unknown {
    return html`
      <div part="state state-loading" class="state state--loading" role="status" aria-busy="true">
        <div part="spinner" class="spinner" aria-hidden="true"></div>
        <p class="state-message">${this.msg("state.loading")}</p>
      </div>
    `;
  }

  protected renderError(_error: unknown): unknown {
    return this.renderStateBlock("error", {
      message: this.msg("state.error"),
      hint: this.msg("state.error.hint"),
      action: html`
        <button part="retry-button" class="button retry-button" type="button" @click=${this.#retry}>
          ${this.msg("state.retry")}
        </button>
      `,
    });
  }

  protected renderSignedOut(): unknown {
    return this.renderStateBlock("signed-out", { message: this.msg("state.signed-out") });
  }

  /**
   * The common block of the non-data states, also for subclasses' own empty
   * states. Errors are an alert so screen readers announce them at once; the
   * others are a polite status.
   */
  protected renderStateBlock(kind: StateKind, { message, hint, action }: StateBlockContent) {
    return html`
      <div
        part="state state-${kind}"
        class="state state--${kind}"
        role=${kind === "error" ? "alert" : "status"}
      >
        <p class="state-message">${message}</p>
        ${hint === undefined ? nothing : html`<p class="state-hint">${hint}</p>`}
        ${action ?? nothing}
      </div>
    `;
  }

  /** A string of the catalogue in the element's locale. */
  protected msg(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
    return msg(this.portal.locale, key, params);
  }

  /** Dispatches a typed, bubbling, composed event from this element. */
  protected emit<K extends KeyportEventName>(
    name: K,
    detail: KeyportEventDetail<K>,
    options?: EmitOptions,
  ): KeyportEventMap[K] {
    return emitKeyportEvent(this, name, detail, options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A load cut short by disconnecting starts over when the element returns.
    if (this.hasUpdated && this.#lastArgs === undefined) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#controller !== undefined) {
      this.#controller.abort(new DOMException("The element was removed.", "AbortError"));
      this.#controller = undefined;
      this.#running = undefined;
      this.#lastArgs = undefined;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // An update can still run just after removal; a load started then would never be aborted.
    if (!this.isConnected) return;
    const args = this.loadArgs();
    if (this.#lastArgs !== undefined && sameArgs(args, this.#lastArgs)) return;
    this.#lastArgs = args;
    // Changing state here joins the update in progress instead of scheduling another.
    void this.reload();
  }

  protected override render(): unknown {
    const current = this.loadState;
    switch (current.status) {
      case "loading":
        return this.renderLoading();
      case "error":
        return this.renderError(current.error);
      case "signed-out":
        return this.renderSignedOut();
      case "complete":
        return this.isEmpty(current.data) ? this.renderEmpty() : this.#renderDataSafely(current);
    }
  }

  async #run(controller: AbortController): Promise<void> {
    // Start after the update that asked for the load, so load() never runs inside
    // one and even a synchronous throw reaches listeners as a later event.
    await Promise.resolve();
    try {
      if (controller !== this.#controller) return;
      const data = await this.load(controller.signal);
      if (controller === this.#controller) this.loadState = { status: "complete", data };
    } catch (error) {
      if (controller === this.#controller) this.#fail(error);
    } finally {
      if (controller === this.#controller) {
        this.#controller = undefined;
        this.#running = undefined;
      }
    }
  }

  #fail(error: unknown): void {
    if (isUnauthorizedError(error)) {
      this.loadState = { status: "signed-out", error };
      this.emit("keyport-signed-out", { error });
    } else {
      this.loadState = { status: "error", error };
      this.emit("keyport-error", { error });
    }
  }

  #renderDataSafely(loaded: LoadState<T> & { status: "complete" }): unknown {
    try {
      return this.renderData(loaded.data);
    } catch (error) {
      // State changes made during render are dropped by Lit, so fail just after it.
      queueMicrotask(() => {
        if (this.loadState === loaded) this.#fail(error);
      });
      return this.renderError(error);
    }
  }

  async #retry(event: Event): Promise<void> {
    const button = event.currentTarget as HTMLElement;
    const hadFocus = this.shadowRoot?.activeElement === button;
    await this.reload();
    await this.updateComplete;
    // The button is re-created; keep a keyboard user's place if the retry failed again.
    if (hadFocus && this.loadState.status === "error") {
      this.renderRoot.querySelector<HTMLElement>('[part~="retry-button"]')?.focus();
    }
  }
}
