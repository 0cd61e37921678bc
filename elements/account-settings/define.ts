// `@keyport/elements/account-settings`: registers <account-settings> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { AccountSettings } from "./account-settings.ts";

export { AccountSettings };

defineElement("account-settings", AccountSettings);

declare global {
  interface HTMLElementTagNameMap {
    "account-settings": AccountSettings;
  }
}
