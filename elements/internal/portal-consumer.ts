import { ContextEvent } from "@lit/context";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { type PortalContextValue, portalContext } from "./context.ts";

/**
 * What the nearest `<portal-provider>` shares, kept current while the element is connected:
 * `@lit/context`'s `ContextConsumer` with `subscribe: true`, written for the one context the
 * elements read, in a third of its bytes (every element bundle carries it). It asks when the
 * element connects, takes every later value (and the element updates), moves to another
 * provider when one answers for it, and unsubscribes when the element leaves the page.
 *
 * @example
 * readonly #provided = new PortalConsumer(this);
 * get portal() { return resolvePortal(this.#provided.value, { … }); }
 */
export class PortalConsumer implements ReactiveController {
  /** The provider's value; `undefined` without a provider. */
  value: PortalContextValue | undefined;
  readonly #host: ReactiveControllerHost & HTMLElement;
  #unsubscribe: (() => void) | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** One function for every request, as a provider tells its subscribers apart by it. */
  readonly #receive = (value: PortalContextValue | undefined, unsubscribe?: () => void) => {
    // Another unsubscribe means another provider answered: leave the one before.
    if (unsubscribe !== this.#unsubscribe) this.#unsubscribe?.();
    this.#unsubscribe = unsubscribe;
    this.value = value;
    this.#host.requestUpdate();
  };

  hostConnected(): void {
    this.#host.dispatchEvent(new ContextEvent(portalContext, this.#host, this.#receive, true));
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
