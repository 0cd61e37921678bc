import { createPortalClient, type PortalClient } from "@keyport/sdk";

/** The settings a portal client is made from; a new client only when one of them changes. */
export interface ClientSettings {
  readonly apiBase: string;
  readonly token?: string | undefined;
  readonly fetchToken?: (() => Promise<string>) | undefined;
}

/**
 * Keeps one SDK client while its settings stay the same, so its token (and a
 * renewal in flight) is shared by every call. The language is asked on every
 * request, since a new client for a new language would lose the token.
 *
 * @example
 * readonly #clients = createClientCache(() => this.portal.locale);
 * get client() { return this.#clients(this.portal); }
 */
export function createClientCache(
  locale: () => string | undefined,
): (settings: ClientSettings) => PortalClient {
  let cached: { readonly key: readonly unknown[]; readonly client: PortalClient } | undefined;
  return ({ apiBase, token, fetchToken }) => {
    const key = [apiBase, token, fetchToken];
    if (cached === undefined || key.some((value, index) => value !== cached!.key[index])) {
      cached = { key, client: createPortalClient({ baseUrl: apiBase, token, fetchToken, locale }) };
    }
    return cached.client;
  };
}
