import type { Me } from "@keyport/sdk";
import { ContextEvent } from "@lit/context";
import { type PortalSession, portalContext } from "./context.ts";

/** What an element may ask of the `<portal-provider>` around it. */
export interface PortalProviderLike extends HTMLElement {
  readonly me: Me | undefined;
  readonly session: PortalSession;
  token?: string | undefined;
  readonly updateComplete: Promise<boolean>;
  readonly sessionComplete: Promise<PortalSession>;
  updateMe(me: Me): void;
  refresh(): Promise<void>;
}

function isProvider(target: EventTarget | null): target is PortalProviderLike {
  const candidate = target as Partial<PortalProviderLike> | null;
  return typeof candidate?.updateMe === "function" && typeof candidate.refresh === "function";
}

/**
 * The `<portal-provider>` whose context `element` receives, whatever its tag
 * and whichever copy of the elements registered it: found by asking for the
 * context once. The provider answers from its own listener, so the request's
 * `currentTarget` is the provider then. The request crosses shadow roots the
 * way every context request does, and the nearest provider answers it, so
 * this is the provider the element's settings come from.
 *
 * @example
 * findPortalProvider(this)?.updateMe(await this.client.me.update({ locale: "de" }));
 */
export function findPortalProvider(element: Element): PortalProviderLike | undefined {
  let provider: EventTarget | null = null;
  const request: ContextEvent<typeof portalContext> = new ContextEvent(
    portalContext,
    element,
    () => {
      provider = request.currentTarget;
    },
    false,
  );
  element.dispatchEvent(request);
  return isProvider(provider) ? provider : undefined;
}
