import type { Me, PortalClient } from "@keyport/sdk";
import { createContext } from "@lit/context";
import { type KeyportLocale, resolveLocale } from "./i18n.ts";

/** What `<portal-provider>` shares with every element below it. */
export interface PortalContextValue {
  /** Origin (and optional path prefix) of the Keyport API, e.g. `https://licensing.example.com`. */
  readonly apiBase: string;
  /** A bearer token for embedded use; absent when the portal relies on its session cookie. */
  readonly token?: string;
  /** Asked for a fresh token when the current one is missing or expired. */
  readonly fetchToken?: () => Promise<string>;
  readonly locale: KeyportLocale;
  /** IANA time zone used for every date shown, e.g. `Europe/Berlin`. */
  readonly timezone: string;
  /**
   * The provider's one SDK client, shared so that every element on the page
   * renews the token through the same `fetchToken` call.
   */
  readonly client?: PortalClient;
  /** Where the provider's `/v1/me` stands; absent without a provider. */
  readonly session?: PortalSession;
  /** The signed-in user, once `/v1/me` answered. */
  readonly me?: Me;
}

/** `loading` until `/v1/me` answers, then `signed-in`, `signed-out` (a 401) or `error` (any other failure). */
export type PortalSession = "loading" | "signed-in" | "signed-out" | "error";

/**
 * The portal context. The key is a registered symbol so that two copies of the
 * elements (say the script-tag bundle and the npm build) still find each other.
 */
export const portalContext = createContext<PortalContextValue | undefined>(
  Symbol.for("keyport.portal-context"),
);

/** Settings given on an element itself (attributes or properties); unset fields are `undefined`. */
export interface StandalonePortalSettings {
  readonly apiBase?: string | undefined;
  readonly token?: string | undefined;
  readonly fetchToken?: (() => Promise<string>) | undefined;
  readonly locale?: string | undefined;
  readonly timezone?: string | undefined;
}

/** The browser's own time zone, the default when nobody names one. */
export function browserTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether `Intl` knows the zone; a typo must not break every date on the page. */
export function isValidTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Merges an element's own settings over the provider's: each field set on the
 * element wins. Credentials belong to the API they were issued by, so when the
 * element names a different `apiBase` the provider's token and `fetchToken` are
 * not carried over to it. The shared client, session and user are carried only
 * when the element uses the provider's API and credentials unchanged.
 *
 * @example
 * resolvePortal(fromProvider, { apiBase: element.apiBase, locale: element.locale });
 */
export function resolvePortal(
  provided: PortalContextValue | undefined,
  own: StandalonePortalSettings,
  { defaultApiBase = globalThis.location?.origin ?? "" }: { defaultApiBase?: string } = {},
): PortalContextValue {
  const apiBase = own.apiBase ?? provided?.apiBase ?? defaultApiBase;
  const sameApi = provided !== undefined && provided.apiBase === apiBase;
  const token = own.token ?? (sameApi ? provided.token : undefined);
  const fetchToken = own.fetchToken ?? (sameApi ? provided.fetchToken : undefined);
  const shared = sameApi && own.token === undefined && own.fetchToken === undefined;
  const requestedZone = own.timezone ?? provided?.timezone;
  const timezone =
    requestedZone !== undefined && isValidTimeZone(requestedZone)
      ? requestedZone
      : browserTimeZone();
  return {
    apiBase,
    locale: resolveLocale(
      own.locale ?? provided?.locale ?? globalThis.document?.documentElement.lang,
    ),
    timezone,
    ...(token === undefined ? {} : { token }),
    ...(fetchToken === undefined ? {} : { fetchToken }),
    ...(shared ? sharedSession(provided) : {}),
  };
}

function sharedSession({ client, session, me }: PortalContextValue) {
  return {
    ...(client === undefined ? {} : { client }),
    ...(session === undefined ? {} : { session }),
    ...(me === undefined ? {} : { me }),
  };
}
