import type { Me } from "@keyport/sdk";
import type { PortalSession } from "../internal/context.ts";

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

function isProvider(node: Node): node is PortalProviderLike {
  const candidate = node as Partial<PortalProviderLike>;
  return typeof candidate.updateMe === "function" && typeof candidate.refresh === "function";
}

/**
 * The nearest `<portal-provider>` around `element`, across shadow roots: the
 * one whose context the element receives, since the nearest provider answers a
 * context request. Found by what it can do rather than by class or tag, so a
 * provider registered under another tag, or from another copy of the
 * elements (the bundle beside an npm build), counts too.
 *
 * @example
 * closestPortalProvider(this)?.updateMe(await this.client.me.update({ locale: "de" }));
 */
export function closestPortalProvider(element: Element): PortalProviderLike | undefined {
  let node: Node | null = element.parentNode;
  while (node !== null) {
    if (node instanceof ShadowRoot) {
      node = node.host;
      continue;
    }
    if (isProvider(node)) return node;
    node = node.parentNode;
  }
  return undefined;
}
