// `@keyport/elements/define`: registers every element under its default tag name.
// The single-file bundle (`keyport-elements.bundle.js`) is this module with Lit and the SDK inside.
export * from "./index.ts";

import "./portal-provider/define.ts";
