import type { PortalClient } from "@keyport/sdk";
import { Task, TaskStatus } from "@lit/task";
import {
  type CSSResultGroup,
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type TemplateResult,
} from "lit";
import { reportFailure } from "./action-task.ts";
import { createClientCache } from "./client-cache.ts";
import { type PortalContextValue, resolvePortal } from "./context.ts";
import { isNotFoundError, isUnauthorizedError } from "./errors.ts";
import {
  type EmitOptions,
  emitKeyportEvent,
  type KeyportEventDetail,
  type KeyportEventMap,
  type KeyportEventName,
} from "./events.ts";
import {
  afterLocaleLoaded,
  type MessageKey,
  type MessageLookup,
  type MessageParams,
  msg,
} from "./i18n.ts";
import { PortalConsumer } from "./portal-consumer.ts";
import { keyportBaseStyles } from "./styles.ts";

/** Where an element's data stands. `empty` is a `complete` load the subclass calls empty. */
export type KeyportStatus = "loading" | "complete" | "empty" | "error" | "signed-out";

/** The load Task's state as the base class reads it, holding what each state needs to render. */
export type LoadState<T> =
  | { readonly status: "loading" }
  | { readonly status: "complete"; readonly data: T }
  | { readonly status: "error"; readonly error: unknown }
  | { readonly status: "signed-out"; readonly error: unknown };

/** The states the base class draws itself, as named in `part="state state-<kind>"`. */
export type StateKind = "loading" | "empty" | "error" | "not-found" | "signed-out";

export interface StateBlockContent {
  readonly message: string;
  readonly hint?: string;
  /** A button or link, e.g. the retry button or an empty state's primary action. */
  readonly action?: TemplateResult;
}

const LOADING = { status: "loading" } as const;

/** The error of a load cut short by removal; the element shows loading and starts over on return. */
const abortedLoad = Symbol("aborted load");

/** Thrown instead of loading when the provider already knows the user is signed out. */
const providerSignedOut = Object.freeze({ status: 401, code: "SIGNED_OUT" });

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
  /** A group, so subclasses can write `[KeyportElement.styles, ownStyles]`. */
  static override styles: CSSResultGroup = keyportBaseStyles;

  /**
   * The reactive properties, declared here rather than with decorators: each decorator costs
   * a call in the bundle and every file using them a copy of the compiler's decorator helper.
   * Subclasses do the same; their internal state says `{ state: true, attribute: false }`,
   * as the manifest analyzer lists a static property without `attribute: false` as an attribute.
   */
  static override properties: PropertyDeclarations = {
    apiBase: { attribute: "api-base" },
    token: {},
    fetchToken: { attribute: false },
    locale: {},
    timezone: {},
    theme: { reflect: true },
  };

  /** Base URL of the Keyport API when used without a provider (or to override it). */
  apiBase?: string;

  /** Bearer token when used without a provider (or to override it). */
  token?: string;

  /** Asked for a fresh token; a property only, since attributes cannot hold functions. */
  fetchToken?: () => Promise<string>;

  /** `en` or `de` (any `de-*` tag counts as German); defaults to the provider's, then the page's `lang`. */
  locale?: string;

  /** IANA time zone for dates; defaults to the provider's, then the browser's. */
  timezone?: string;

  /** `light`, `dark` or `auto` (follows the OS); unset, the element blends into the page. */
  theme?: "light" | "dark" | "auto";

  /** What the nearest `<portal-provider>` shares, kept current; the element updates as it changes. */
  readonly #portalConsumer = new PortalConsumer(this);

  /**
   * The data load: runs on the first update and whenever `loadArgs()` changes;
   * `run()` aborts a load in flight, whose result the Task then ignores.
   */
  protected readonly loadTask = new Task(this, {
    args: () => this.loadArgs(),
    task: (_args, { signal }) => this.#load(signal),
    onError: (error) => {
      if (error !== abortedLoad && error !== providerSignedOut) reportFailure(this, error);
    },
  });

  readonly #clients = createClientCache(() => this.portal.locale);
  /** `renderData` threw for this data; kept outside the Task, which only knows the load. */
  #renderFailure: { readonly data: unknown; readonly error: unknown } | undefined;

  /** What the nearest `<portal-provider>` shares; `undefined` standalone. */
  protected get providedPortal(): PortalContextValue | undefined {
    return this.#portalConsumer.value;
  }

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
   * The SDK client for the settings in effect: the provider's shared one when
   * the element uses the provider's API and credentials, otherwise its own,
   * kept while `apiBase`, `token` and `fetchToken` stay the same so its token
   * (and a renewal in flight) is shared by every call of this element.
   */
  get client(): PortalClient {
    const portal = this.portal;
    return portal.client ?? this.#clients(portal);
  }

  /** The load's state, with a failed `renderData` counted as an error. */
  protected get loadState(): LoadState<T> {
    return this.loadTask.render({
      initial: () => LOADING,
      pending: () => LOADING,
      complete: (value): LoadState<T> => {
        const data = value as T;
        const failure = this.#renderFailure;
        if (failure !== undefined && failure.data === data) {
          return { status: "error", error: failure.error };
        }
        return { status: "complete", data };
      },
      error: (error): LoadState<T> => {
        if (error === abortedLoad) return LOADING;
        if (isUnauthorizedError(error)) return { status: "signed-out", error };
        return { status: "error", error };
      },
    });
  }

  /** The current state, for a page that wants to react to it. */
  get status(): KeyportStatus {
    const current = this.loadState;
    if (current.status === "complete" && this.isEmpty(current.data)) return "empty";
    return current.status;
  }

  /**
   * Whether the last load ended in the API's 404: what the element shows (a
   * license, say) does not exist or is not the caller's to see.
   */
  get notFound(): boolean {
    const current = this.loadState;
    return current.status === "error" && isNotFoundError(current.error);
  }

  /**
   * Resolves once no load is in flight and the result is rendered. Unlike
   * `updateComplete` it waits for data, which can take as long as the network.
   */
  get loadComplete(): Promise<boolean> {
    return (async () => {
      await this.updateComplete;
      // `taskComplete` follows a superseded load to the newest one; a failure is a state here.
      while (this.loadTask.status === TaskStatus.PENDING) {
        await this.loadTask.taskComplete.catch(() => undefined);
      }
      return this.updateComplete;
    })();
  }

  /** Loads the data again, aborting a load in flight. Resolves when it has settled. */
  reload(): Promise<void> {
    return this.loadTask.run();
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
    const { apiBase, token, fetchToken, client, session } = this.portal;
    return [apiBase, token, fetchToken, client, session === "signed-out"];
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

  /** A string of the base catalogue (`state.*`) in the element's locale. */
  protected msg(key: MessageKey, params?: MessageParams): string {
    return msg(this.portal.locale, key, params);
  }

  /**
   * A string of the subclass's own catalogue, made with `defineMessages`, in
   * the element's locale.
   *
   * @example
   * const messages = defineMessages({
   *   en: { empty: "No activations yet.", seats: { one: "{count} machine", other: "{count} machines" } },
   *   de: { empty: "Noch keine Aktivierungen.", seats: { one: "{count} Gerät", other: "{count} Geräte" } },
   * });
   * // in the element:
   * this.t(messages, "seats", { count: 3 }); // "3 machines"
   */
  protected t<K extends string>(messages: MessageLookup<K>, key: K, params?: MessageParams) {
    return messages(this.portal.locale, key, params);
  }

  /** Dispatches a typed, bubbling, composed event from this element. */
  protected emit<K extends KeyportEventName>(
    name: K,
    detail: KeyportEventDetail<K>,
    options?: EmitOptions,
  ): KeyportEventMap[K] {
    return emitKeyportEvent(this, name, detail, options);
  }

  /** Holds an update until German strings loaded on demand are there: no English meanwhile. */
  protected override scheduleUpdate() {
    return afterLocaleLoaded(this.portal.locale, () => super.scheduleUpdate());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const { status, error } = this.loadTask;
    // A load cut short by removal starts over when the element returns.
    if (this.hasUpdated && (status === TaskStatus.PENDING || error === abortedLoad)) {
      void this.reload();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loadTask.abort(new DOMException("The element was removed.", "AbortError"));
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
        return this.isEmpty(current.data)
          ? this.renderEmpty()
          : this.#renderDataSafely(current.data);
    }
  }

  async #load(signal: AbortSignal): Promise<T> {
    this.#renderFailure = undefined;
    // The Task starts inside an update; load() waits for it to end, so it never
    // runs inside one and even a synchronous throw reaches listeners as a later event.
    await Promise.resolve();
    // An update can still run just after removal; its load would never be aborted.
    if (signal.aborted || !this.isConnected) throw abortedLoad;
    if (this.portal.session === "signed-out") throw providerSignedOut;
    try {
      return await this.load(signal);
    } catch (error) {
      throw signal.aborted ? abortedLoad : error;
    }
  }

  #renderDataSafely(data: T): unknown {
    try {
      return this.renderData(data);
    } catch (error) {
      // Not a reactive change: this render already shows the error, and status reads it.
      this.#renderFailure = { data, error };
      reportFailure(this, error);
      return this.renderError(error);
    }
  }

  async #retry(event: Event): Promise<void> {
    const button = event.currentTarget as HTMLElement;
    const hadFocus = this.shadowRoot?.activeElement === button;
    await this.reload();
    await this.updateComplete;
    // The button is re-created; keep a keyboard user's place if the retry failed again.
    if (hadFocus && this.status === "error") {
      this.renderRoot.querySelector<HTMLElement>('[part~="retry-button"]')?.focus();
    }
  }
}
