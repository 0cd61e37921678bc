import type { Me } from "@keyport/sdk";
import { ContextEvent } from "@lit/context";
import { portalContext } from "../internal/context.ts";

/** What this element needs of `<portal-provider>`: to share a changed user. */
export interface MeSharer {
  updateMe(me: Me): void;
}

/**
 * The element providing the portal context above `element` — a `<portal-provider>`,
 * whatever its tag — found by asking for the context once: the provider answers
 * from its own listener, so the event's `currentTarget` is the provider then.
 * This crosses shadow roots the way the context does, where `closest()` cannot.
 */
export function findPortalProvider(element: Element): MeSharer | undefined {
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
  const found = provider as Partial<MeSharer> | null;
  return typeof found?.updateMe === "function" ? (found as MeSharer) : undefined;
}
