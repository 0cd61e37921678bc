// Public entry of the SDK. Every module is free of side effects and of Node
// built-ins, so a bundler keeps only the clients a page uses.
export type {
  components as PublicApiComponents,
  paths as PublicApiPaths,
} from "./generated/public-api.ts";
export type {
  components as VendorApiComponents,
  paths as VendorApiPaths,
} from "./generated/vendor-api.ts";
export type { CallOptions, HttpClientOptions } from "./http-client.ts";
export {
  type FieldError,
  KeyportError,
  keyportErrorFromResponse,
  type ProblemBody,
} from "./keyport-error.ts";
export {
  type ActivateRequest,
  type BindingRequest,
  createLicensingClient,
  type LicensingAnswer,
  type LicensingClient,
  type LicensingClientOptions,
  type ValidateRequest,
  type ValidationCode,
} from "./licensing-client.ts";
export type { Page } from "./operation-types.ts";
export type { PageQuery, PageRequest } from "./pagination.ts";
export {
  type Activation,
  type ActivityEntry,
  type AssetLink,
  createPortalClient,
  type Dashboard,
  type Downloads,
  type LicenseDiagnosis,
  type LoginRequest,
  type Me,
  type MyLicense,
  type MyLicenseDetail,
  type MyLicenseValidation,
  type NotificationPreferences,
  type PortalClient,
  type PortalClientOptions,
  type Session,
  type SignedIn,
} from "./portal-client.ts";
export type { IssuedToken, TokenSource } from "./token-keeper.ts";
export {
  createVendorClient,
  type PortalSession,
  type UploadBody,
  type VendorAccount,
  type VendorAsset,
  type VendorClient,
  type VendorClientOptions,
  type VendorEntitlement,
  type VendorLicense,
  type VendorPolicy,
  type VendorProduct,
  type VendorRelease,
  type VendorUser,
} from "./vendor-client.ts";
