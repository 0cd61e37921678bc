// Public entry of the elements. Importing it registers no custom element: a site
// (or a later `define` entry) chooses the tag names.
export type { PortalContextValue, StandalonePortalSettings } from "./internal/context.ts";
export { portalContext, resolvePortal } from "./internal/context.ts";
export { isUnauthorizedError } from "./internal/errors.ts";
export type {
  EmitOptions,
  KeyportErrorDetail,
  KeyportEventDetail,
  KeyportEventMap,
  KeyportEventName,
  KeyportSignedOutDetail,
} from "./internal/events.ts";
export { emitKeyportEvent } from "./internal/events.ts";
export type { DateInput, FormatSettings } from "./internal/format.ts";
export { formatBytes, formatDate, formatDateTime, formatRelativeTime } from "./internal/format.ts";
export type { KeyportLocale, MessageKey } from "./internal/i18n.ts";
export { keyportLocales, msg, resolveLocale } from "./internal/i18n.ts";
export type {
  KeyportStatus,
  LoadState,
  StateBlockContent,
  StateKind,
} from "./internal/keyport-element.ts";
export { KeyportElement } from "./internal/keyport-element.ts";
export type { ColorTokenName, KeyportTheme } from "./internal/styles.ts";
export { colorTokens, keyportBaseStyles } from "./internal/styles.ts";
