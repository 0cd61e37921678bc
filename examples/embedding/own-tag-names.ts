// Keyport's classes under tag names of your own, e.g. beside another version of the elements.
// `@keyport/elements` exports every class and registers nothing.
// #region own-tags
import { LicenseDetail, LicenseList, PortalProvider } from "@keyport/elements";

// One class can back one tag per page, so each tag gets a subclass of its own: the default
// tags (`@keyport/elements/define`) can then be registered on the same page too.
// The provider first: a widget looks for its provider when it upgrades.
customElements.define("acme-keyport", class extends PortalProvider {});
customElements.define("acme-licenses", class extends LicenseList {});
customElements.define("acme-license", class extends LicenseDetail {});
// #endregion own-tags
