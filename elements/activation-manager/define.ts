// `@keyport/elements/activation-manager`: registers <activation-manager> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { ActivationManager } from "./activation-manager.ts";

export { ActivationManager };

defineElement("activation-manager", ActivationManager);

declare global {
  interface HTMLElementTagNameMap {
    "activation-manager": ActivationManager;
  }
}
