// Type tests of the SDK's public surface. `npm run typecheck` (tsc) checks this
// file, and sdk/docs-examples.test.ts compiles it too so `vitest run` fails on a
// regression. Nothing here runs.
import { expectTypeOf } from "vitest";
import {
  type CallOptions,
  createLicensingClient,
  createPortalClient,
  createVendorClient,
  type FieldError,
  type KeyportError,
  type LicensingAnswer,
  type MyLicense,
  type MyLicenseDetail,
  type Page,
  type PageRequest,
  type PortalSession,
  type PublicApiComponents as PublicSchemas,
  type TokenSource,
  type ValidationCode,
  type VendorProduct,
  type VendorApiComponents as VendorSchemas,
} from "./index.ts";

const portal = createPortalClient({ baseUrl: "https://keyport.example" });
const vendor = createVendorClient({ baseUrl: "http://127.0.0.1:8788", apiKey: "kpv_x" });
const licensing = createLicensingClient({ baseUrl: "https://keyport.example" });

// Lists: a page when awaited, the items with `for await`.
expectTypeOf(portal.licenses.list()).toEqualTypeOf<PageRequest<MyLicense>>();
expectTypeOf(portal.licenses.list()).resolves.toEqualTypeOf<Page<MyLicense>>();
expectTypeOf(portal.licenses.list()).toExtend<AsyncIterable<MyLicense>>();
expectTypeOf<Page<MyLicense>["nextCursor"]>().toEqualTypeOf<string | null>();
expectTypeOf(portal.activity.list)
  .parameter(0)
  .toEqualTypeOf<{ readonly cursor?: string; readonly limit?: number } | undefined>();

// Results and inputs come from the generated schema.
expectTypeOf(portal.licenses.get).returns.resolves.toEqualTypeOf<MyLicenseDetail>();
expectTypeOf(portal.me.get).returns.resolves.toEqualTypeOf<PublicSchemas["schemas"]["Me"]>();
expectTypeOf(portal.me.update)
  .parameter(0)
  .toEqualTypeOf<PublicSchemas["schemas"]["ProfileUpdate"]>();
expectTypeOf(portal.me.changePassword).returns.resolves.toBeVoid();
expectTypeOf(portal.activations.deactivate).parameter(2).toEqualTypeOf<CallOptions | undefined>();
expectTypeOf(portal.licenses.diagnose)
  .returns.resolves.toHaveProperty("code")
  .toEqualTypeOf<ValidationCode>();
expectTypeOf(portal.assets.createLink).returns.resolves.toEqualTypeOf<
  PublicSchemas["schemas"]["AssetLink"]
>();
// @ts-expect-error: not a license status
portal.licenses.list({ status: "lost" });
// @ts-expect-error: the API refuses unknown profile fields, so the type does too
portal.me.update({ nickname: "Ada" });

expectTypeOf(vendor.products.create)
  .parameter(0)
  .toEqualTypeOf<VendorSchemas["schemas"]["ProductCreate"]>();
expectTypeOf(vendor.products.get).returns.resolves.toEqualTypeOf<VendorProduct>();
expectTypeOf(vendor.policies.list()).toEqualTypeOf<
  PageRequest<VendorSchemas["schemas"]["Policy"]>
>();
expectTypeOf(vendor.portalSessions.create).returns.resolves.toEqualTypeOf<PortalSession>();
expectTypeOf(vendor.assets.delete).returns.resolves.toBeVoid();
// @ts-expect-error: a vendor client needs its API key
createVendorClient({ baseUrl: "http://127.0.0.1:8788" });

// The Licensing API's codes as a closed union.
expectTypeOf<ValidationCode>().toEqualTypeOf<
  | "VALID"
  | "NOT_FOUND"
  | "SUSPENDED"
  | "REVOKED"
  | "EXPIRED"
  | "NOT_ACTIVATED"
  | "DEACTIVATED"
  | "HEARTBEAT_DEAD"
  | "MACHINE_LIMIT_REACHED"
  | "DOMAIN_LIMIT_REACHED"
  | "DOMAIN_MISMATCH"
  | "ENTITLEMENT_MISSING"
  | "VERSION_NOT_COVERED"
  | "PRODUCT_MISMATCH"
>();
expectTypeOf(licensing.validate).returns.resolves.toEqualTypeOf<LicensingAnswer>();
expectTypeOf<LicensingAnswer["code"]>().toEqualTypeOf<ValidationCode>();
// @ts-expect-error: the key is required
licensing.activate({ fingerprint: "abc" });

// fetchToken: a string or a token with its expiry, sync or async.
expectTypeOf<() => Promise<string>>().toExtend<TokenSource>();
expectTypeOf<() => Promise<PortalSession>>().toExtend<TokenSource>();
expectTypeOf<() => Promise<number>>().not.toExtend<TokenSource>();

// One error class.
expectTypeOf<KeyportError>().toExtend<Error>();
expectTypeOf<KeyportError["status"]>().toEqualTypeOf<number>();
expectTypeOf<KeyportError["code"]>().toEqualTypeOf<string>();
expectTypeOf<KeyportError["fieldErrors"]>().toEqualTypeOf<readonly FieldError[]>();
expectTypeOf<KeyportError["requestId"]>().toEqualTypeOf<string | undefined>();
