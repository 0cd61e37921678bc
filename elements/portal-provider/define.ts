// `@keyport/elements/portal-provider`: registers <portal-provider> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { PortalProvider } from "./portal-provider.ts";

export { PortalProvider };

defineElement("portal-provider", PortalProvider);

declare global {
  interface HTMLElementTagNameMap {
    "portal-provider": PortalProvider;
  }
}
