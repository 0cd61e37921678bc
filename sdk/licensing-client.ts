import type { components } from "./generated/public-api.ts";
import { type CallOptions, createHttpClient, type HttpClientOptions } from "./http-client.ts";

type Schemas = components["schemas"];

/** The Licensing API's answer: `valid` and `code` are separate (an expired license can be valid for old versions). */
export type LicensingAnswer = Schemas["LicensingAnswer"];
/** Every code a validation can answer, `VALID` included. */
export type ValidationCode = LicensingAnswer["code"];
export type ActivateRequest = Schemas["LicensingActivate"];
export type ValidateRequest = Schemas["LicensingValidate"];
/** A license key with the machine's fingerprint or the site's domain. */
export type BindingRequest = Schemas["LicensingBinding"];

/** Settings of `createLicensingClient`. */
export type LicensingClientOptions = Omit<
  HttpClientOptions,
  "token" | "fetchToken" | "credentials"
>;

/** The Licensing API client, as `createLicensingClient` returns it. */
export type LicensingClient = ReturnType<typeof createLicensingClient>;

/** A refusal (unknown key, limit reached…) is an answer to act on, not an error. */
const ANSWER_STATUSES = [404, 409] as const;

/**
 * A client of the Licensing API for the installed software. The key travels in
 * each body. A refusal resolves with `valid: false` and its `code`; only bad
 * input (422), throttling (429) and outages reject, with a `KeyportError`.
 *
 * @example
 * const licensing = createLicensingClient({ baseUrl: "https://licensing.example.com" });
 * const answer = await licensing.validate({ key, fingerprint, version: "2.3.1" });
 * if (!answer.valid) showLicenseProblem(answer.code);
 */
export function createLicensingClient(options: LicensingClientOptions) {
  const http = createHttpClient(options);
  const call =
    <Body>(action: "activate" | "validate" | "heartbeat" | "deactivate") =>
    (body: Body, { signal }: CallOptions = {}) =>
      http.request<LicensingAnswer>({
        method: "POST",
        path: `/v1/licensing/${action}`,
        body,
        signal,
        answerStatuses: ANSWER_STATUSES,
      });
  return {
    /** Binds the license to this machine or domain; repeating it for an active one is harmless. */
    activate: call<ActivateRequest>("activate"),
    /** Checks the license, optionally for this machine or domain, a version and entitlements. */
    validate: call<ValidateRequest>("validate"),
    /** Reports this activation alive, for policies with a heartbeat. */
    sendHeartbeat: call<BindingRequest>("heartbeat"),
    /** Ends this machine's or domain's activation, freeing its slot. */
    deactivate: call<BindingRequest>("deactivate"),
  };
}
