// `@keyport/elements/license-list`: registers <license-list> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { LicenseList } from "./license-list.ts";

export type { LicenseListPage, LicenseSelectDetail } from "./license-list.ts";
export { LicenseList };

defineElement("license-list", LicenseList);

declare global {
  interface HTMLElementTagNameMap {
    "license-list": LicenseList;
  }
}
