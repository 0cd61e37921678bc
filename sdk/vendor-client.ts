import { callHelpers, pathId as id } from "./call-helpers.ts";
import type { components, paths } from "./generated/vendor-api.ts";
import { type CallOptions, createHttpClient, type HttpClientOptions } from "./http-client.ts";
import type { BodyOf, QueryOf, ResultOf } from "./operation-types.ts";

type Schemas = components["schemas"];
/** The operation `method` of `path`, or `never` when there is none. */
type At<Path extends string, Method extends string> = Path extends keyof paths
  ? Method extends keyof paths[Path]
    ? paths[Path][Method]
    : never
  : never;

export type VendorProduct = Schemas["Product"];
export type VendorPolicy = Schemas["Policy"];
export type VendorLicense = Schemas["License"];
export type VendorAccount = Schemas["Account"];
export type VendorUser = Schemas["User"];
export type VendorEntitlement = Schemas["Entitlement"];
export type VendorRelease = Schemas["Release"];
export type VendorAsset = Schemas["Asset"];
export type PortalSession = Schemas["PortalSession"];

/** Settings of `createVendorClient`. */
export interface VendorClientOptions
  extends Omit<HttpClientOptions, "token" | "fetchToken" | "credentials"> {
  /** A vendor API key (`kpv_…`). Server side only: it can provision everything. */
  readonly apiKey: string;
}

/** The Vendor API client, as `createVendorClient` returns it. */
export type VendorClient = ReturnType<typeof createVendorClient>;

/** What an asset upload's body can be: a stream is sent without buffering it. */
export type UploadBody = Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array> | string;

/**
 * A client of the Vendor API for the vendor's backend: provisioning of the
 * catalogue, customers and licenses, and portal sessions for embedded widgets.
 *
 * @example
 * const vendor = createVendorClient({ baseUrl: "http://127.0.0.1:8788", apiKey: process.env.KEYPORT_API_KEY! });
 * const { token, expiresAt } = await vendor.portalSessions.create({ userId });
 */
export function createVendorClient({ apiKey, ...options }: VendorClientOptions) {
  const http = createHttpClient({ ...options, token: apiKey });
  const { get, send, list } = callHelpers(http);

  /** Create, list, read and update of one collection, typed from its two paths. */
  const collection = <Base extends keyof paths>(base: Base) => ({
    create: (body: BodyOf<At<Base, "post">>, options?: CallOptions) =>
      send<ResultOf<At<Base, "post">>>("POST", base, body, options),
    list: list<At<Base, "get">>(base),
    get: (itemId: string, options?: CallOptions) =>
      get<ResultOf<At<`${Base}/{id}`, "get">>>(`${base}/${id(itemId)}`, undefined, options),
    update: (itemId: string, body: BodyOf<At<`${Base}/{id}`, "patch">>, options?: CallOptions) =>
      send<ResultOf<At<`${Base}/{id}`, "patch">>>("PATCH", `${base}/${id(itemId)}`, body, options),
  });

  /** A license action without a body (`suspend`, `reinstate`, `revoke`). */
  const licenseAction =
    <Action extends "suspend" | "reinstate" | "revoke">(action: Action) =>
    (licenseId: string, options?: CallOptions) =>
      send<VendorLicense>("POST", `/vendor/v1/licenses/${id(licenseId)}/${action}`, {}, options);

  return {
    products: collection("/vendor/v1/products"),
    entitlements: collection("/vendor/v1/entitlements"),
    policies: collection("/vendor/v1/policies"),
    accounts: collection("/vendor/v1/accounts"),
    users: {
      ...collection("/vendor/v1/users"),
      /** Sends (again) the invitation mail with a link to set a password. */
      invite: (userId: string, options?: CallOptions) =>
        send<ResultOf<At<"/vendor/v1/users/{id}/invitation", "post">>>(
          "POST",
          `/vendor/v1/users/${id(userId)}/invitation`,
          undefined,
          options,
        ),
      /** Resets the user's two-factor sign-in (lost app and codes); ends their sessions. */
      resetTotp: (userId: string, options?: CallOptions) =>
        send<ResultOf<At<"/vendor/v1/users/{id}/totp", "delete">>>(
          "DELETE",
          `/vendor/v1/users/${id(userId)}/totp`,
          undefined,
          options,
        ),
    },
    licenses: {
      ...collection("/vendor/v1/licenses"),
      suspend: licenseAction("suspend"),
      reinstate: licenseAction("reinstate"),
      revoke: licenseAction("revoke"),
      /** Extends the license (and its maintenance) by the policy's duration or to a date. */
      renew: (
        licenseId: string,
        body: BodyOf<At<"/vendor/v1/licenses/{id}/renew", "post">>,
        options?: CallOptions,
      ) => send<VendorLicense>("POST", `/vendor/v1/licenses/${id(licenseId)}/renew`, body, options),
      /** Replaces the users the license is assigned to. */
      setUsers: (
        licenseId: string,
        body: BodyOf<At<"/vendor/v1/licenses/{id}/users", "put">>,
        options?: CallOptions,
      ) =>
        send<ResultOf<At<"/vendor/v1/licenses/{id}/users", "put">>>(
          "PUT",
          `/vendor/v1/licenses/${id(licenseId)}/users`,
          body,
          options,
        ),
    },
    releases: collection("/vendor/v1/releases"),
    assets: {
      /** Uploads a file into a release; the server computes its size and sha256. */
      upload: (
        releaseId: string,
        query: QueryOf<At<"/vendor/v1/releases/{id}/assets", "post">>,
        body: UploadBody,
        {
          signal,
          contentType = "application/octet-stream",
        }: CallOptions & {
          contentType?: string;
        } = {},
      ) =>
        http.request<VendorAsset>({
          method: "POST",
          path: `/vendor/v1/releases/${id(releaseId)}/assets`,
          query,
          rawBody: body as BodyInit,
          contentType,
          signal,
        }),
      /** The assets of a release. */
      list: (
        releaseId: string,
        query?: QueryOf<At<"/vendor/v1/releases/{id}/assets", "get">>,
        options?: CallOptions,
      ) =>
        list<At<"/vendor/v1/releases/{id}/assets", "get">>(
          `/vendor/v1/releases/${id(releaseId)}/assets`,
        )(query, options),
      get: (assetId: string, options?: CallOptions) =>
        get<VendorAsset>(`/vendor/v1/assets/${id(assetId)}`, undefined, options),
      update: (
        assetId: string,
        body: BodyOf<At<"/vendor/v1/assets/{id}", "patch">>,
        options?: CallOptions,
      ) => send<VendorAsset>("PATCH", `/vendor/v1/assets/${id(assetId)}`, body, options),
      /** Deletes the asset and its stored file. */
      delete: (assetId: string, options?: CallOptions) =>
        send<void>("DELETE", `/vendor/v1/assets/${id(assetId)}`, undefined, options),
    },
    portalSessions: {
      /** A short-lived customer session for an embedded widget: hand `token` to the page. */
      create: (body: BodyOf<At<"/vendor/v1/portal-sessions", "post">>, options?: CallOptions) =>
        send<PortalSession>("POST", "/vendor/v1/portal-sessions", body, options),
    },
  };
}
