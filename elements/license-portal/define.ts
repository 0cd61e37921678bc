// `@keyport/elements/license-portal`: registers <license-portal> and every element it shows
// (each under its default tag, unless that tag is taken), and exports its class.
import "../account-dashboard/define.ts";
import "../account-settings/define.ts";
import "../activation-manager/define.ts";
import "../download-center/define.ts";
import "../license-detail/define.ts";
import "../license-list/define.ts";
import "../login-form/define.ts";
import "../portal-provider/define.ts";
import "../profile-settings/define.ts";
import { defineElement } from "../internal/define-element.ts";
import { LicensePortal } from "./license-portal.ts";

export { LicensePortal };

defineElement("license-portal", LicensePortal);

declare global {
  interface HTMLElementTagNameMap {
    "license-portal": LicensePortal;
  }
}
