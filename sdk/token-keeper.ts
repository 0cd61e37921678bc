/** A session token with its expiry, as `POST /vendor/v1/portal-sessions` and a bearer sign-in answer. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: string | Date;
}

/** Where a client gets a fresh token: the page's call to its own backend, for instance. */
export type TokenSource = () => Promise<string | IssuedToken> | string | IssuedToken;

/** A token is renewed this long before its expiry, so no call races the deadline. */
export const REFRESH_BEFORE_EXPIRY_MS = 30_000;

/** Holds the bearer token and renews it through `fetchToken`, one renewal at a time. */
export interface TokenKeeper {
  /** Whether a `fetchToken` exists, so a 401 is worth one retry. */
  readonly canRefresh: boolean;
  /** The token to send now, renewed first when missing or about to expire. */
  current(signal?: AbortSignal): Promise<string | undefined>;
  /** Forgets `stale` after a 401, unless a concurrent call already replaced it. */
  invalidate(stale: string): void;
  set(token: string | undefined, expiresAt?: string | Date): void;
}

/**
 * The token state of one client. Concurrent calls that find the token missing
 * or stale share one `fetchToken` call instead of each asking the page.
 */
export function createTokenKeeper(
  initial: string | undefined,
  fetchToken: TokenSource | undefined,
): TokenKeeper {
  let token = initial;
  let expiresAt: number | undefined;
  let renewal: Promise<string | undefined> | undefined;

  const set = (next: string | undefined, expiry?: string | Date) => {
    token = next;
    expiresAt = expiry === undefined ? undefined : new Date(expiry).getTime();
  };

  const renew = () => {
    renewal ??= (async () => {
      try {
        const issued = await fetchToken!();
        if (typeof issued === "string") set(issued);
        else set(issued.token, issued.expiresAt);
        return token;
      } finally {
        renewal = undefined;
      }
    })();
    return renewal;
  };

  return {
    canRefresh: fetchToken !== undefined,
    async current(signal) {
      const fresh =
        token !== undefined &&
        (expiresAt === undefined || expiresAt - REFRESH_BEFORE_EXPIRY_MS > Date.now());
      if (fresh || fetchToken === undefined) return token;
      return untilAborted(renew(), signal);
    },
    invalidate(stale) {
      if (token === stale) set(undefined);
    },
    set,
  };
}

/** The shared renewal goes on for the other callers; only this caller stops waiting. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
