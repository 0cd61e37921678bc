// `@keyport/elements`: every class, registering no custom element. A site chooses its own
// tag names, or imports `@keyport/elements/define` (all) or `@keyport/elements/<tag>` (one).

export { AccountDashboard } from "./account-dashboard/account-dashboard.ts";
export { AccountSettings } from "./account-settings/account-settings.ts";
export { ActivationManager } from "./activation-manager/activation-manager.ts";
export { DownloadCenter } from "./download-center/download-center.ts";
export { createActionTask, reportFailure } from "./internal/action-task.ts";
export type {
  PortalContextValue,
  PortalSession,
  StandalonePortalSettings,
} from "./internal/context.ts";
export { portalContext, resolvePortal } from "./internal/context.ts";
export type {
  ActivationDeactivatedDetail,
  DeactivatedActivation,
} from "./internal/deactivation-dialog.ts";
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
export type {
  KeyportLocale,
  MessageKey,
  MessageLookup,
  MessageTemplate,
  PluralMessage,
  Translation,
  TranslationLoader,
} from "./internal/i18n.ts";
export {
  afterLocaleLoaded,
  defineMessages,
  keyportLocales,
  msg,
  resolveLocale,
  whenLocaleLoaded,
} from "./internal/i18n.ts";
export type {
  KeyportStatus,
  LoadState,
  StateBlockContent,
  StateKind,
} from "./internal/keyport-element.ts";
export { KeyportElement } from "./internal/keyport-element.ts";
export * from "./internal/license-key.ts";
export { licenseMessages } from "./internal/license-messages.ts";
export type {
  KeyportArea,
  KeyportNavigateDetail,
  LicenseSection,
} from "./internal/navigate-event.ts";
export * from "./internal/seat-meter.ts";
export * from "./internal/status-badge.ts";
export { type StatusMessageKey, statusMessages } from "./internal/status-messages.ts";
export type { ColorTokenName, KeyportTheme } from "./internal/styles.ts";
export { colorTokens, keyportBaseStyles } from "./internal/styles.ts";
export type {
  DiagnosisCompleteDetail,
  LicenseDetailData,
} from "./license-detail/license-detail.ts";
export { LicenseDetail } from "./license-detail/license-detail.ts";
export type { LicenseListPage, LicenseSelectDetail } from "./license-list/license-list.ts";
export { LicenseList } from "./license-list/license-list.ts";
export type {
  PortalArea,
  PortalNavigateDetail,
  PortalRoute,
} from "./license-portal/license-portal.ts";
export { LicensePortal } from "./license-portal/license-portal.ts";
export type {
  LoginFormMode,
  LoginTokenType,
  PasswordResetDetail,
  SignedInDetail,
} from "./login-form/login-form.ts";
export { LoginForm } from "./login-form/login-form.ts";
export { PortalProvider } from "./portal-provider/portal-provider.ts";
export type {
  PasswordChangedDetail,
  ProfileUpdatedDetail,
  SessionRevokedDetail,
  TwoFactorChangedDetail,
} from "./profile-settings/profile-settings.ts";
export { ProfileSettings } from "./profile-settings/profile-settings.ts";
