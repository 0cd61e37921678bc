// `@keyport/elements/profile-settings`: registers <profile-settings> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { ProfileSettings } from "./profile-settings.ts";

export { ProfileSettings };

defineElement("profile-settings", ProfileSettings);

declare global {
  interface HTMLElementTagNameMap {
    "profile-settings": ProfileSettings;
  }
}
