// What the reliability tests send to a running Keyport: the setup a vendor does over the Vendor
// API (a product, a policy, a customer with licenses), customer sign-ins and reads, Licensing API
// validations, and a load loop that records every request's outcome.

export interface CallOptions {
  readonly body?: unknown;
  /** A bearer token: a vendor key on the Vendor API, a session token on the Customer API. */
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends a JSON request and answers the parsed body; throws with the answer when it is not 2xx. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  { body, token, headers = {} }: CallOptions = {},
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export interface Customer {
  readonly accountId: string;
  readonly productId: string;
  readonly email: string;
  readonly password: string;
  /** License keys of the account, each allowed 60 Licensing API calls a minute. */
  readonly keys: readonly string[];
}

/**
 * A customer account of its own with an owner and `licenses` licenses on a new product, made
 * through the Vendor API as a vendor's backend would.
 *
 * @example
 * const customer = await createCustomer(instance.vendorUrl, demo.vendorKey, { licenses: 20 });
 */
export async function createCustomer(
  vendorUrl: string,
  vendorKey: string,
  {
    licenses = 1,
    name = "reliability",
  }: { readonly licenses?: number; readonly name?: string } = {},
): Promise<Customer> {
  const unique = `${name}-${Math.random().toString(36).slice(2, 8)}`;
  const vendor = (method: string, path: string, body?: unknown) =>
    call<{ id: string; key?: string }>(vendorUrl, method, `/vendor/v1${path}`, {
      body,
      token: vendorKey,
    });
  const product = await vendor("POST", "/products", { name: unique, slug: unique });
  const policy = await vendor("POST", "/policies", {
    productId: product.id,
    name: `${unique} seats`,
    maxMachines: 100,
    maxDomains: 0,
    expirationStrategy: "revoke",
  });
  const account = await vendor("POST", "/accounts", { name: unique, kind: "organization" });
  const email = `${unique}@example.com`;
  const password = "correct horse battery staple";
  await vendor("POST", "/users", {
    accountId: account.id,
    email,
    name: "Reliability Owner",
    role: "owner",
    password,
  });
  const keys: string[] = [];
  for (let i = 0; i < licenses; i++) {
    const license = await vendor("POST", "/licenses", {
      accountId: account.id,
      policyId: policy.id,
    });
    if (!license.key) throw new Error("A new license came without its key.");
    keys.push(license.key);
  }
  return { accountId: account.id, productId: product.id, email, password, keys };
}

/** Signs in with a password; the bearer session token. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const { token } = await call<{ token: string }>(url, "POST", "/v1/auth/login", {
    body: { email, password, tokenType: "bearer" },
  });
  return token;
}

/** One request of a load run and how it ended. */
export interface Outcome {
  readonly kind: string;
  /** `performance.now()` when it was sent and when it ended. */
  readonly sentAt: number;
  readonly endedAt: number;
  /** The answer's status; undefined when no answer came. */
  readonly status?: number;
  /** The answer's `code` (problem+json or Licensing API answer). */
  readonly code?: string;
  readonly retryAfter?: string | null;
  readonly contentType?: string | null;
  /** Why no answer came (the socket error's code or message). */
  readonly error?: string;
}

export interface LoadTask {
  readonly kind: string;
  readonly url: string;
  readonly init?: RequestInit;
}

/**
 * Runs `workers` request loops until `signal` aborts: each takes the next task from `next`,
 * sends it, reads the whole answer and records the outcome. Requests in flight when `signal`
 * aborts are let finish (that is what a shutdown test watches). `pauseMs` between requests
 * keeps the load from saturating two cores shared with the server.
 *
 * @example
 * const stop = new AbortController();
 * const running = runLoad(4, () => ({ kind: "readyz", url: `${url}/readyz` }), stop.signal);
 * stop.abort();
 * const outcomes = await running;
 */
export async function runLoad(
  workers: number,
  next: (worker: number, index: number) => LoadTask,
  signal: AbortSignal,
  { pauseMs = 0, requestTimeoutMs = 30_000 }: { pauseMs?: number; requestTimeoutMs?: number } = {},
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let index = 0;
  const loop = async (worker: number) => {
    while (!signal.aborted) {
      const task = next(worker, index++);
      const outcome = await send(task, requestTimeoutMs);
      outcomes.push(outcome);
      // A refused connection comes back at once: do not spin on a server that is gone.
      const pause = outcome.status === undefined ? Math.max(pauseMs, 20) : pauseMs;
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, worker) => loop(worker)));
  return outcomes;
}

/** Sends one task; never throws (a missing answer is an outcome too). */
export async function send(task: LoadTask, timeoutMs = 30_000): Promise<Outcome> {
  const sentAt = performance.now();
  try {
    const response = await fetch(task.url, {
      ...task.init,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch {
      code = undefined;
    }
    return {
      kind: task.kind,
      sentAt,
      endedAt: performance.now(),
      status: response.status,
      ...(code === undefined ? {} : { code }),
      retryAfter: response.headers.get("retry-after"),
      contentType: response.headers.get("content-type"),
    };
  } catch (error) {
    return { kind: task.kind, sentAt, endedAt: performance.now(), error: errorCode(error) };
  }
}

/** The innermost code or message of a fetch failure (`ECONNREFUSED`, `UND_ERR_SOCKET`…). */
export function errorCode(error: unknown): string {
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  let found = String((current as Error | undefined)?.message ?? error);
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string") found = current.code;
    else if (typeof current.message === "string" && depth > 0) found = current.message;
    current = current.cause as typeof current;
  }
  return found;
}

/** A Licensing API validation of `key`. */
export function validation(url: string, key: string): LoadTask {
  return {
    kind: "validate",
    url: `${url}/v1/licensing/validate`,
    init: {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key }),
    },
  };
}

/** A customer read of `path` (`/v1/licenses`, `/v1/dashboard`…) with a session token. */
export function customerRead(url: string, path: string, token: string): LoadTask {
  return {
    kind: `GET ${path}`,
    url: `${url}${path}`,
    init: { headers: { authorization: `Bearer ${token}` } },
  };
}

/** Counts outcomes by `status`/`error`, for failure messages. */
export function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = `${outcome.kind} ${outcome.status ?? outcome.error}${outcome.code ? ` ${outcome.code}` : ""}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** A new release `version` of the product with one uploaded file; the asset's id. */
export async function publishAsset(
  vendorUrl: string,
  vendorKey: string,
  {
    productId,
    version,
    filename,
    bytes,
  }: {
    readonly productId: string;
    readonly version: string;
    readonly filename: string;
    readonly bytes: Uint8Array;
  },
): Promise<string> {
  const release = await call<{ id: string }>(vendorUrl, "POST", "/vendor/v1/releases", {
    body: { productId, version },
    token: vendorKey,
  });
  const response = await fetch(
    `${vendorUrl}/vendor/v1/releases/${release.id}/assets?kind=installer&filename=${encodeURIComponent(filename)}`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${vendorKey}`,
        "content-type": "application/octet-stream",
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    },
  );
  const text = await response.text();
  if (!response.ok) throw new Error(`The upload answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { id: string }).id;
}

/** A signed download link for the asset, as the portal's download button gets it. */
export async function assetLink(url: string, token: string, assetId: string): Promise<string> {
  const link = await call<{ url: string }>(url, "POST", `/v1/assets/${assetId}/link`, { token });
  return link.url;
}
