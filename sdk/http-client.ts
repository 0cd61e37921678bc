import { KeyportError, keyportErrorFromResponse } from "./keyport-error.ts";
import { createTokenKeeper, type TokenSource } from "./token-keeper.ts";

/** Options every call takes. */
export interface CallOptions {
  /** Aborts the call, including a wait between retries; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** Settings shared by the three clients. */
export interface HttpClientOptions {
  /** Origin and optional path prefix of the API, e.g. `https://licensing.example.com`. */
  readonly baseUrl: string;
  /** A bearer token to start with. */
  readonly token?: string | undefined;
  /** Asked for a token when there is none, shortly before it expires, and once after a 401. */
  readonly fetchToken?: TokenSource | undefined;
  /** The `fetch` to use: a test's in-process app, or a wrapper that adds tracing. */
  readonly fetch?: typeof fetch | undefined;
  /**
   * Sent as `Accept-Language`, so the API's explanatory sentences (diagnosis findings, policy
   * rules, download reasons) match the page. A function is asked on every request: the language
   * can then change without a new client, which would lose the token.
   */
  readonly locale?: string | (() => string | undefined) | undefined;
  /** `include` sends the session cookie cross-origin (standalone portal on another host). */
  readonly credentials?: RequestCredentials | undefined;
  /** How often an idempotent call is retried after 429 or 503 or a network failure. */
  readonly maxRetries?: number | undefined;
  /** First backoff delay; doubled per attempt, with full jitter, when the server names no `Retry-After`. */
  readonly retryDelayMs?: number | undefined;
  /** Longest wait the client accepts; a longer `Retry-After` fails the call at once. */
  readonly maxRetryDelayMs?: number | undefined;
}

/** One call, after a client method has put it together. */
export interface HttpCall extends CallOptions {
  readonly method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path below `baseUrl`, path parameters already encoded. */
  readonly path: string;
  readonly query?: object | undefined;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is (uploads), with `contentType`. */
  readonly rawBody?: BodyInit | undefined;
  readonly contentType?: string | undefined;
  /** Error statuses whose JSON body is an answer, not a problem (the Licensing API's refusals). */
  readonly answerStatuses?: readonly number[] | undefined;
}

/** The fetch core the clients are made of. */
export interface HttpClient {
  /** Sends a call and reads its JSON answer (`undefined` for 204). Throws `KeyportError`. */
  request<T>(call: HttpCall): Promise<T>;
  /** Replaces the bearer token, e.g. with the one a sign-in returned; `undefined` forgets it. */
  setToken(token: string | undefined, expiresAt?: string | Date): void;
}

/** Retried only where repeating cannot do a thing twice. */
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([429, 503]);

/**
 * The thin fetch core: joins the base URL, sends JSON, reads problem+json into a
 * `KeyportError`, keeps the bearer token fresh, and retries idempotent calls.
 *
 * @example
 * const http = createHttpClient({ baseUrl: "https://licensing.example.com", token });
 * const me = await http.request<Me>({ method: "GET", path: "/v1/me" });
 */
export function createHttpClient({
  baseUrl,
  token,
  fetchToken,
  fetch: fetchFn = (input, init) => globalThis.fetch(input, init),
  credentials,
  locale,
  maxRetries = 2,
  retryDelayMs = 300,
  maxRetryDelayMs = 60_000,
}: HttpClientOptions): HttpClient {
  const base = baseUrl.replace(/\/+$/, "");
  const tokens = createTokenKeeper(token, fetchToken);

  async function send(call: HttpCall, bearer: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
    const language = typeof locale === "function" ? locale() : locale;
    if (language) headers["accept-language"] = language;
    let body: BodyInit | undefined = call.rawBody;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers["content-type"] = "application/json";
    } else if (call.contentType !== undefined) {
      headers["content-type"] = call.contentType;
    }
    const init: RequestInit & { duplex?: "half" } = { method: call.method, headers, body };
    if (call.signal) init.signal = call.signal;
    if (credentials) init.credentials = credentials;
    // A stream body needs half duplex in fetch implementations that support streaming uploads.
    if (isStream(body)) init.duplex = "half";
    try {
      return await fetchFn(base + call.path + queryString(call.query), init);
    } catch (cause) {
      call.signal?.throwIfAborted();
      throw new KeyportError(
        0,
        { code: "NETWORK_ERROR", title: "Network error", detail: String(cause) },
        { cause },
      );
    }
  }

  async function sendWithRetries(call: HttpCall, bearer: string | undefined): Promise<Response> {
    const retries = IDEMPOTENT.has(call.method) && !isStream(call.rawBody) ? maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      try {
        response = await send(call, bearer);
      } catch (error) {
        if (attempt >= retries || !(error instanceof KeyportError)) throw error;
      }
      if (response && (attempt >= retries || !RETRY_STATUSES.has(response.status))) {
        return response;
      }
      // Full jitter: clients that failed together do not come back together.
      const backoff = Math.random() * retryDelayMs * 2 ** attempt;
      const delay = retryAfterMs(response?.headers.get("retry-after") ?? null) ?? backoff;
      if (response && delay > maxRetryDelayMs) return response;
      // The answer is dropped; free its connection.
      await response?.body?.cancel();
      await sleep(delay, call.signal);
    }
  }

  return {
    async request<T>(call: HttpCall): Promise<T> {
      const bearer = await tokens.current(call.signal);
      let response = await sendWithRetries(call, bearer);
      // A stream is spent after the first try, so its call cannot be repeated.
      const repeatable = !isStream(call.rawBody);
      if (response.status === 401 && bearer !== undefined && tokens.canRefresh && repeatable) {
        // One fresh token and one more try; a second 401 is the answer.
        await response.body?.cancel();
        tokens.invalidate(bearer);
        response = await sendWithRetries(call, await tokens.current(call.signal));
      }
      const type = response.headers.get("content-type") ?? "";
      // An answer status counts only with an answer body: a proxy's 404 page is still an error.
      const isAnswer =
        call.answerStatuses?.includes(response.status) &&
        type.includes("json") &&
        !type.includes("problem");
      if (!response.ok && !isAnswer) throw await keyportErrorFromResponse(response);
      if (response.status === 204 || call.method === "HEAD") return undefined as T;
      const text = await response.text();
      return (text === "" ? undefined : JSON.parse(text)) as T;
    },
    setToken: tokens.set,
  };
}

const isStream = (body: unknown): body is ReadableStream =>
  typeof ReadableStream !== "undefined" && body instanceof ReadableStream;

/** `?a=1&b=x` from the defined entries of an object; arrays repeat the name. */
function queryString(query: object | undefined): string {
  if (query === undefined) return "";
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) params.append(name, String(item));
    }
  }
  const encoded = params.toString();
  return encoded === "" ? "" : `?${encoded}`;
}

/** `Retry-After` in milliseconds: delta seconds or an HTTP date; `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
