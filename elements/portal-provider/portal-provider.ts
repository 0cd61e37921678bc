import type { Me, PortalClient } from "@keyport/sdk";
import { ContextProvider } from "@lit/context";
import { Task, TaskStatus } from "@lit/task";
import { css, html, LitElement, type PropertyDeclarations, type PropertyValues } from "lit";
import { reportFailure } from "../internal/action-task.ts";
import { createClientCache } from "../internal/client-cache.ts";
import {
  isValidTimeZone,
  type PortalContextValue,
  type PortalSession,
  portalContext,
  resolvePortal,
} from "../internal/context.ts";
import { isUnauthorizedError } from "../internal/errors.ts";

/**
 * Shares one API client, the signed-in user, the language and the time zone
 * with every Keyport element inside it, so ten widgets on a page make one
 * `/v1/me` call and ask `fetchToken` once. It renders nothing of its own.
 *
 * The language is the `locale` attribute, else the user's saved language, else
 * the page's `<html lang>`; the time zone likewise falls back from `timezone`
 * to the user's saved zone to the browser's.
 *
 * @example
 * <portal-provider api-base="https://licensing.example.com">
 *   <license-list></license-list>
 * </portal-provider>
 * <script type="module">
 *   document.querySelector("portal-provider").fetchToken = () =>
 *     fetch("/keyport-token").then((response) => response.text());
 * </script>
 *
 * @tagname portal-provider
 * @summary Shares the API client, session, language and time zone with the elements inside.
 *
 * @slot - The page content holding Keyport elements.
 *
 * @event keyport-signed-out - `/v1/me` answered 401; the elements inside show their signed-out state. `detail.error` holds the error.
 * @event keyport-error - `/v1/me` failed for another reason. `detail.error` holds the error.
 */
export class PortalProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override properties: PropertyDeclarations = {
    apiBase: { attribute: "api-base" },
    token: {},
    fetchToken: { attribute: false },
    locale: {},
    timezone: {},
    updatedMe: { state: true, attribute: false },
  };

  /** Base URL of the Keyport API; defaults to this page's origin. */
  apiBase?: string;

  /** Bearer token for embedded use; without one (and without `fetchToken`) the session cookie counts. */
  token?: string;

  /** Asked for a fresh token; a property only, since attributes cannot hold functions. */
  fetchToken?: () => Promise<string>;

  /** `en` or `de`; wins over the user's saved language. */
  locale?: string;

  /** IANA time zone; wins over the user's saved zone. */
  timezone?: string;

  /** The user as `updateMe` last set it, until `/v1/me` is loaded again. */
  private updatedMe: Me | undefined;

  readonly #context = new ContextProvider(this, { context: portalContext });
  readonly #clients = createClientCache(() => this.#context.value?.locale);

  readonly #meTask = new Task(this, {
    args: () => [this.client],
    task: ([client], { signal }) => client.me.get({ signal }),
    onComplete: () => {
      this.updatedMe = undefined;
    },
    onError: (error) => reportFailure(this, error),
  });

  /**
   * The one SDK client of the elements inside, new only when `apiBase`, `token`
   * or `fetchToken` change.
   */
  get client(): PortalClient {
    const { apiBase } = resolvePortal(undefined, { apiBase: this.apiBase });
    return this.#clients({ apiBase, token: this.token, fetchToken: this.fetchToken });
  }

  /** The signed-in user; `undefined` while loading and when signed out. */
  get me(): Me | undefined {
    if (this.#meTask.status !== TaskStatus.COMPLETE) return undefined;
    return this.updatedMe ?? this.#meTask.value;
  }

  /** Where `/v1/me` stands. */
  get session(): PortalSession {
    return this.#meTask.render({
      initial: () => "loading" as const,
      pending: () => "loading" as const,
      complete: () => "signed-in" as const,
      error: (error) => (isUnauthorizedError(error) ? "signed-out" : "error"),
    });
  }

  /** Resolves once `/v1/me` has answered and the elements inside were told, with the session then. */
  get sessionComplete(): Promise<PortalSession> {
    return (async () => {
      await this.updateComplete;
      await this.#meTask.taskComplete.catch(() => undefined);
      await this.updateComplete;
      return this.session;
    })();
  }

  /** What the elements inside receive, with the language and zone resolved. */
  get portalValue(): PortalContextValue {
    const me = this.me;
    const timezone = [this.timezone, me?.timezone].find(
      (zone) => zone !== undefined && isValidTimeZone(zone),
    );
    const resolved = resolvePortal(undefined, {
      apiBase: this.apiBase,
      token: this.token,
      fetchToken: this.fetchToken,
      locale: this.locale ?? me?.locale,
      timezone,
    });
    return {
      ...resolved,
      client: this.client,
      session: this.session,
      ...(me === undefined ? {} : { me }),
    };
  }

  /** Loads `/v1/me` again, e.g. after the user signed in with the same client. */
  refresh(): Promise<void> {
    return this.#meTask.run();
  }

  /**
   * Shares a changed user, as `PATCH /v1/me` answers it, with every element at
   * once: a new language or zone shows without reloading anything.
   *
   * @example
   * provider.updateMe(await provider.client.me.update({ locale: "de" }));
   */
  updateMe(me: Me): void {
    this.updatedMe = me;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Before the children connect and ask, so none starts a load with settings of its own.
    this.#provide();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#provide();
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  #provide(): void {
    const next = this.portalValue;
    // A new object on every update would re-render every element below for nothing.
    if (!sameFields(this.#context.value, next)) this.#context.setValue(next);
  }
}

function sameFields(a: object | undefined, b: object): boolean {
  if (a === undefined) return false;
  const entries = Object.entries(a);
  return (
    entries.length === Object.keys(b).length &&
    entries.every(([key, value]) => (b as Record<string, unknown>)[key] === value)
  );
}
