import { callHelpers, pathId as id } from "./call-helpers.ts";
import type { components, paths } from "./generated/public-api.ts";
import { type CallOptions, createHttpClient, type HttpClientOptions } from "./http-client.ts";
import type { BodyOf, QueryOf, ResultOf } from "./operation-types.ts";

type Schemas = components["schemas"];
type Op<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method];

export type Me = Schemas["Me"];
export type MyLicense = Schemas["MyLicense"];
export type MyLicenseDetail = Schemas["MyLicenseDetail"];
export type MyLicenseValidation = Schemas["MyLicenseValidation"];
export type Activation = Schemas["Activation"];
export type ActivityEntry = Schemas["ActivityEntry"];
export type Session = Schemas["Session"];
export type NotificationPreferences = Schemas["NotificationPreferences"];
export type SignedIn = Schemas["SignedIn"];
export type LoginRequest = Schemas["LoginRequest"];
export type Dashboard = Schemas["Dashboard"];
export type LicenseDiagnosis = Schemas["LicenseDiagnosis"];
export type Downloads = Schemas["Downloads"];
export type AssetLink = Schemas["AssetLink"];

/** Settings of `createPortalClient`. */
export type PortalClientOptions = HttpClientOptions;

/** The Customer API client, as `createPortalClient` returns it. */
export type PortalClient = ReturnType<typeof createPortalClient>;

/**
 * A client of the Customer API for a signed-in customer: in the browser with
 * the session cookie or a bearer token, in a script with a token from
 * `auth.login`. Every route is a method, grouped by resource.
 *
 * @example
 * const client = createPortalClient({ baseUrl: "https://licensing.example.com", fetchToken });
 * for await (const license of client.licenses.list({ status: "expiring" })) console.log(license.name);
 */
export function createPortalClient(options: PortalClientOptions) {
  const http = createHttpClient(options);
  const { get, send, list } = callHelpers(http);

  return {
    auth: {
      /**
       * Signs in. With `tokenType: "bearer"` the answer holds a token, which this
       * client then sends on every call (a script's way to sign in).
       */
      async login(body: LoginRequest, options?: CallOptions): Promise<SignedIn> {
        const signedIn = await send<SignedIn>("POST", "/v1/auth/login", body, options);
        if (signedIn.token !== undefined) http.setToken(signedIn.token, signedIn.expiresAt);
        return signedIn;
      },
      /** Ends the current session and forgets its token. */
      async logout(options?: CallOptions): Promise<void> {
        await send("POST", "/v1/auth/logout", undefined, options);
        http.setToken(undefined);
      },
      /** Mails a reset link if the address is known; answers the same either way. */
      requestPasswordReset: (
        body: BodyOf<Op<"/v1/auth/password-reset", "post">>,
        options?: CallOptions,
      ) =>
        send<ResultOf<Op<"/v1/auth/password-reset", "post">>>(
          "POST",
          "/v1/auth/password-reset",
          body,
          options,
        ),
      /** Sets a new password with the token of a reset or invitation mail. */
      confirmPasswordReset: (
        body: BodyOf<Op<"/v1/auth/password-reset/confirm", "post">>,
        options?: CallOptions,
      ) => send<void>("POST", "/v1/auth/password-reset/confirm", body, options),
    },
    me: {
      /** The signed-in user and their account. */
      get: (options?: CallOptions) => get<Me>("/v1/me", undefined, options),
      /** Changes name, time zone or language. */
      update: (body: BodyOf<Op<"/v1/me", "patch">>, options?: CallOptions) =>
        send<Me>("PATCH", "/v1/me", body, options),
      /** Changes the password; other sessions end. */
      changePassword: (body: BodyOf<Op<"/v1/me/password", "post">>, options?: CallOptions) =>
        send<void>("POST", "/v1/me/password", body, options),
      /** Starts a change of email address: a confirmation mail goes to the new address. */
      changeEmail: (body: BodyOf<Op<"/v1/me/email", "post">>, options?: CallOptions) =>
        send<ResultOf<Op<"/v1/me/email", "post">>>("POST", "/v1/me/email", body, options),
      /** Confirms the change with the mailed token. */
      confirmEmail: (body: BodyOf<Op<"/v1/me/email/confirm", "post">>, options?: CallOptions) =>
        send<ResultOf<Op<"/v1/me/email/confirm", "post">>>(
          "POST",
          "/v1/me/email/confirm",
          body,
          options,
        ),
      sessions: {
        /** The user's live sessions, newest first. */
        list: list<Op<"/v1/me/sessions", "get">>("/v1/me/sessions"),
        /** Ends one session. */
        revoke: (sessionId: string, options?: CallOptions) =>
          send<void>("DELETE", `/v1/me/sessions/${id(sessionId)}`, undefined, options),
      },
      totp: {
        /** Starts two-factor setup with the current password: the secret and its `otpauth:` URI. */
        beginSetup: (body: BodyOf<Op<"/v1/me/totp", "post">>, options?: CallOptions) =>
          send<ResultOf<Op<"/v1/me/totp", "post">>>("POST", "/v1/me/totp", body, options),
        /** Turns two-factor sign-in on with a first code; answers the recovery codes. */
        enable: (body: BodyOf<Op<"/v1/me/totp/enable", "post">>, options?: CallOptions) =>
          send<ResultOf<Op<"/v1/me/totp/enable", "post">>>(
            "POST",
            "/v1/me/totp/enable",
            body,
            options,
          ),
        /** Turns two-factor sign-in off. */
        disable: (body: BodyOf<Op<"/v1/me/totp", "delete">>, options?: CallOptions) =>
          send<void>("DELETE", "/v1/me/totp", body, options),
        /** Replaces the recovery codes (password and a code); answers the new ones once. */
        replaceRecoveryCodes: (
          body: BodyOf<Op<"/v1/me/totp/recovery-codes", "post">>,
          options?: CallOptions,
        ) =>
          send<ResultOf<Op<"/v1/me/totp/recovery-codes", "post">>>(
            "POST",
            "/v1/me/totp/recovery-codes",
            body,
            options,
          ),
      },
      notifications: {
        /** The user's mail preferences. */
        get: (options?: CallOptions) =>
          get<NotificationPreferences>("/v1/me/notifications", undefined, options),
        /** Replaces the mail preferences. */
        update: (body: BodyOf<Op<"/v1/me/notifications", "put">>, options?: CallOptions) =>
          send<NotificationPreferences>("PUT", "/v1/me/notifications", body, options),
      },
    },
    dashboard: {
      /** Counts by status, seats, licenses expiring soon, account health and recent activity. */
      get: (options?: CallOptions) => get<Dashboard>("/v1/dashboard", undefined, options),
    },
    licenses: {
      /** The caller's licenses, newest first (a member's: those assigned to them). */
      list: list<Op<"/v1/licenses", "get">>("/v1/licenses"),
      /** One license, with its rules in plain words. */
      get: (licenseId: string, options?: CallOptions) =>
        get<MyLicenseDetail>(`/v1/licenses/${id(licenseId)}`, undefined, options),
      /** The full license key; an audited action. */
      revealKey: (licenseId: string, options?: CallOptions) =>
        send<ResultOf<Op<"/v1/licenses/{id}/key", "post">>>(
          "POST",
          `/v1/licenses/${id(licenseId)}/key`,
          undefined,
          options,
        ),
      /** Recent checks of the license by the vendor's software, newest first. */
      listValidations: (
        licenseId: string,
        query: QueryOf<Op<"/v1/licenses/{id}/validations", "get">> = {},
        options?: CallOptions,
      ) =>
        list<Op<"/v1/licenses/{id}/validations", "get">>(
          `/v1/licenses/${id(licenseId)}/validations`,
        )(query, options),
      /** Runs every check for an optional machine, domain, version and entitlements, each explained with its fix. */
      diagnose: (
        licenseId: string,
        body?: BodyOf<Op<"/v1/licenses/{id}/diagnose", "post">>,
        options?: CallOptions,
      ) => send<LicenseDiagnosis>("POST", `/v1/licenses/${id(licenseId)}/diagnose`, body, options),
    },
    activations: {
      /** The activations of the caller's licenses, newest first. */
      list: list<Op<"/v1/activations", "get">>("/v1/activations"),
      /** One activation. */
      get: (activationId: string, options?: CallOptions) =>
        get<Activation>(`/v1/activations/${id(activationId)}`, undefined, options),
      /** Ends an activation, freeing its slot at once. */
      deactivate: (
        activationId: string,
        body?: BodyOf<Op<"/v1/activations/{id}/deactivate", "post">>,
        options?: CallOptions,
      ) =>
        send<ResultOf<Op<"/v1/activations/{id}/deactivate", "post">>>(
          "POST",
          `/v1/activations/${id(activationId)}/deactivate`,
          body,
          options,
        ),
    },
    downloads: {
      /** What the caller may download: entitled products, their releases and assets. */
      list: (query?: QueryOf<Op<"/v1/downloads", "get">>, options?: CallOptions) =>
        get<Downloads>("/v1/downloads", query, options),
    },
    assets: {
      /** A signed, short-lived download link for an entitled asset: a plain URL, no session needed. */
      createLink: (assetId: string, options?: CallOptions) =>
        send<AssetLink>("POST", `/v1/assets/${id(assetId)}/link`, undefined, options),
    },
    activity: {
      /** The account's activity the caller may see, newest first. */
      list: list<Op<"/v1/activity", "get">>("/v1/activity"),
    },
  };
}
