// `@keyport/elements/define`: registers every element under its default tag name.
// The single-file bundle (`keyport-elements.bundle.js`) is this module with Lit and the SDK inside.
export * from "./index.ts";

// The provider first: a widget already in the page upgrades as soon as its tag is defined and
// asks for the provider's context at once; a provider defined after it would not hear that.
import "./portal-provider/define.ts";
import "./account-dashboard/define.ts";
import "./account-settings/define.ts";
import "./activation-manager/define.ts";
import "./download-center/define.ts";
import "./license-detail/define.ts";
import "./license-list/define.ts";
import "./license-portal/define.ts";
import "./login-form/define.ts";
import "./profile-settings/define.ts";
