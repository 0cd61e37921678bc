// `@keyport/elements/license-detail`: registers <license-detail> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { LicenseDetail } from "./license-detail.ts";

export { LicenseDetail };

defineElement("license-detail", LicenseDetail);

declare global {
  interface HTMLElementTagNameMap {
    "license-detail": LicenseDetail;
  }
}
