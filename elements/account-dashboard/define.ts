// `@keyport/elements/account-dashboard`: registers <account-dashboard> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { AccountDashboard } from "./account-dashboard.ts";

export { AccountDashboard };

defineElement("account-dashboard", AccountDashboard);

declare global {
  interface HTMLElementTagNameMap {
    "account-dashboard": AccountDashboard;
  }
}
