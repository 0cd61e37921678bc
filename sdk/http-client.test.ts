import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../api/test/harness.ts";
import { type SignedInUser, signedInUser } from "../api/test/signed-in-user.ts";
import { createHttpClient, retryAfterMs } from "./http-client.ts";
import { createLicensingClient, createPortalClient, KeyportError } from "./index.ts";
import { listenOnFreePort } from "./test/transports.ts";

let t: TestContext;
let ada: SignedInUser;
/** The public app in process, counting the requests that reach it. */
let apiCalls = 0;
const apiFetch: typeof fetch = async (input, init) => {
  apiCalls++;
  return t.publicApp.fetch(new Request(input, init));
};
const BASE = "http://keyport.test";

beforeAll(async () => {
  t = await createTestContext();
  ada = await signedInUser(t);
});
afterAll(() => t.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (reason: unknown) => reason,
  );
}

/** A fetchToken that hands out fresh sessions of Ada, slowly, counting its calls. */
function sessionSource(expiresInMs?: number) {
  const source = {
    calls: 0,
    async fetchToken() {
      source.calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { token } = await ada.newSession();
      if (expiresInMs === undefined) return token;
      return { token, expiresAt: new Date(Date.now() + expiresInMs).toISOString() };
    },
  };
  return source;
}

describe("tokens: fetchToken against the real API", () => {
  it("concurrent first calls share one fetchToken call", async () => {
    const source = sessionSource();
    const client = createPortalClient({ baseUrl: BASE, fetch: apiFetch, ...source });
    const answers = await Promise.all([
      client.me.get(),
      client.licenses.list(),
      client.activations.list(),
      client.me.notifications.get(),
    ]);
    expect(answers[0].id).toBe(ada.userId);
    expect(source.calls).toBe(1);
  });

  it("a 401 asks once for a new token and repeats the call; concurrent 401s share it", async () => {
    const source = sessionSource();
    const client = createPortalClient({
      baseUrl: BASE,
      fetch: apiFetch,
      token: "kps_revoked-or-never-issued",
      fetchToken: source.fetchToken,
    });
    const answers = await Promise.all([client.me.get(), client.me.get(), client.me.get()]);
    expect(answers.map((me) => me.id)).toEqual([ada.userId, ada.userId, ada.userId]);
    expect(source.calls).toBe(1);
  });

  it("gives up after one refresh when the new token is refused too", async () => {
    let calls = 0;
    const client = createPortalClient({
      baseUrl: BASE,
      fetch: apiFetch,
      fetchToken: () => {
        calls++;
        return "kps_refused";
      },
    });
    apiCalls = 0;
    const error = await rejection(client.me.get());
    expect(error).toBeInstanceOf(KeyportError);
    expect((error as KeyportError).status).toBe(401);
    expect(calls).toBe(2);
    expect(apiCalls).toBe(2);
  });

  it("without fetchToken a 401 is the answer at once", async () => {
    const client = createPortalClient({ baseUrl: BASE, fetch: apiFetch, token: "kps_nope" });
    apiCalls = 0;
    const error = (await rejection(client.me.get())) as KeyportError;
    expect(error.status).toBe(401);
    expect(error.requestId).toMatch(/.+/);
    expect(apiCalls).toBe(1);
  });

  it("renews a token shortly before its expiresAt, not on every call", async () => {
    const shortLived = sessionSource(10_000);
    const client = createPortalClient({ baseUrl: BASE, fetch: apiFetch, ...shortLived });
    await client.me.get();
    await client.me.get();
    // Inside the renewal margin: each call gets a fresh token before it goes out.
    expect(shortLived.calls).toBe(2);

    const longLived = sessionSource(3_600_000);
    const other = createPortalClient({ baseUrl: BASE, fetch: apiFetch, ...longLived });
    await other.me.get();
    await other.me.get();
    expect(longLived.calls).toBe(1);
  });
});

describe("retries, against a proxy that answers 429 and 503", () => {
  let proxy: { url: string; close(): Promise<void> };
  let script: Array<() => Response | Promise<Response>> = [];
  const seen: Request[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    proxy = await listenOnFreePort(async (request) => {
      seen.push(request);
      bodies.push(await request.text());
      const next = script.shift();
      return next ? next() : Response.json({ ok: true });
    });
  });
  afterEach(() => {
    script = [];
    seen.length = 0;
    bodies.length = 0;
  });
  afterAll(() => proxy.close());

  const busy = (status: 429 | 503, retryAfter?: string) => () =>
    Response.json(
      {
        type: "about:blank",
        title: "Busy",
        status,
        code: status === 429 ? "RATE_LIMITED" : "BUSY",
      },
      {
        status,
        headers: {
          "content-type": "application/problem+json",
          ...(retryAfter === undefined ? {} : { "retry-after": retryAfter }),
        },
      },
    );
  const client = (options: { maxRetries?: number; maxRetryDelayMs?: number } = {}) =>
    createHttpClient({ baseUrl: `${proxy.url}/api/`, retryDelayMs: 20, ...options });

  it("repeats a GET after 503 with Retry-After in seconds", async () => {
    script = [busy(503, "0")];
    const answer = await client().request<{ ok: boolean }>({ method: "GET", path: "/v1/me" });
    expect(answer).toEqual({ ok: true });
    expect(seen.map((request) => new URL(request.url).pathname)).toEqual([
      "/api/v1/me",
      "/api/v1/me",
    ]);
  });

  it("waits until a Retry-After HTTP date before repeating a PUT after 429", async () => {
    const at = new Date(Date.now() + 2000);
    script = [busy(429, at.toUTCString())];
    const started = Date.now();
    await client().request({ method: "PUT", path: "/v1/me/notifications", body: { a: 1 } });
    // The date has whole seconds, so the wait is at least the part after the truncation.
    expect(Date.now()).toBeGreaterThanOrEqual(Math.floor(at.getTime() / 1000) * 1000 - 50);
    expect(Date.now() - started).toBeGreaterThan(900);
    expect(seen).toHaveLength(2);
    expect(bodies.map((body) => JSON.parse(body))).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it("backs off without Retry-After, and gives up after maxRetries with the last answer", async () => {
    script = [busy(503), busy(503), busy(503), busy(503)];
    const error = (await rejection(
      client().request({ method: "DELETE", path: "/v1/me/sessions/ses_1" }),
    )) as KeyportError;
    expect(error).toBeInstanceOf(KeyportError);
    expect(error).toMatchObject({ status: 503, code: "BUSY" });
    expect(seen).toHaveLength(3);
  });

  it("never repeats a POST or a PATCH", async () => {
    for (const method of ["POST", "PATCH"] as const) {
      script = [busy(503, "0")];
      seen.length = 0;
      const error = await rejection(client().request({ method, path: "/v1/auth/login", body: {} }));
      expect((error as KeyportError).status).toBe(503);
      expect(seen).toHaveLength(1);
    }
  });

  it("fails at once when Retry-After is longer than the client will wait", async () => {
    script = [busy(429, "3600")];
    const started = Date.now();
    const error = (await rejection(
      client({ maxRetryDelayMs: 5000 }).request({ method: "GET", path: "/v1/licenses" }),
    )) as KeyportError;
    expect(error.code).toBe("RATE_LIMITED");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen).toHaveLength(1);
  });

  it("reads a proxy's HTML error page into a KeyportError with the request id header", async () => {
    script = [
      () =>
        new Response("<html>Bad gateway</html>", {
          status: 502,
          statusText: "Bad Gateway",
          headers: { "content-type": "text/html", "x-request-id": "proxy-42" },
        }),
    ];
    const error = (await rejection(
      client().request({ method: "GET", path: "/v1/me" }),
    )) as KeyportError;
    expect(error).toMatchObject({ status: 502, code: "HTTP_502", requestId: "proxy-42" });
  });

  it("takes a licensing refusal as an answer, but a proxy's 404 page as an error", async () => {
    const licensing = createLicensingClient({ baseUrl: proxy.url });
    const refusal = { valid: false, code: "NOT_FOUND", detail: "No license has this key." };
    script = [
      () => Response.json(refusal, { status: 404 }),
      () =>
        new Response("<html>Not here</html>", {
          status: 404,
          headers: { "content-type": "text/html" },
        }),
    ];
    expect(await licensing.validate({ key: "AAAAA" })).toEqual(refusal);
    const error = (await rejection(licensing.validate({ key: "AAAAA" }))) as KeyportError;
    expect(error).toMatchObject({ status: 404, code: "HTTP_404" });
  });

  it("pages lazily: for await follows nextCursor with the same query, and break stops it", async () => {
    const pages: Record<string, object> = {
      "": { data: [{ id: "a" }, { id: "b" }], nextCursor: "c2" },
      c2: { data: [{ id: "c" }], nextCursor: "c3" },
      c3: { data: [{ id: "d" }], nextCursor: null },
    };
    const answerPage = () => {
      const url = new URL(seen.at(-1)!.url);
      return Response.json(pages[url.searchParams.get("cursor") ?? ""]);
    };
    const client = createPortalClient({ baseUrl: proxy.url, token: "t" });
    script = [answerPage, answerPage, answerPage];
    const ids: string[] = [];
    for await (const activation of client.activations.list({ kind: "machine", limit: 2 })) {
      ids.push(activation.id);
    }
    expect(ids).toEqual(["a", "b", "c", "d"]);
    expect(seen.map((request) => new URL(request.url).search)).toEqual([
      "?kind=machine&limit=2",
      "?kind=machine&limit=2&cursor=c2",
      "?kind=machine&limit=2&cursor=c3",
    ]);

    seen.length = 0;
    script = [answerPage, answerPage];
    for await (const activation of client.activations.list()) {
      if (activation.id === "a") break;
    }
    expect(seen).toHaveLength(1);
  });

  it("joins the base URL and writes the query: arrays repeat, undefined is left out", async () => {
    await client().request({
      method: "GET",
      path: "/v1/things",
      query: { status: "active", limit: 5, cursor: undefined, ids: ["a", "b c"] },
    });
    expect(seen[0]!.url).toBe(`${proxy.url}/api/v1/things?status=active&limit=5&ids=a&ids=b+c`);
  });

  it("aborts a wait between retries at once", async () => {
    script = [busy(503, "30")];
    const controller = new AbortController();
    const call = client().request({ method: "GET", path: "/v1/me", signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user went away")), 100);
    const started = Date.now();
    await expect(call).rejects.toThrow("user went away");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen).toHaveLength(1);
  });

  it("aborts a call in flight, and sends nothing with an aborted signal", async () => {
    script = [() => new Promise<Response>(() => {})];
    const call = client().request({
      method: "GET",
      path: "/v1/slow",
      signal: AbortSignal.timeout(100),
    });
    await expect(call).rejects.toMatchObject({ name: "TimeoutError" });

    seen.length = 0;
    const aborted = AbortSignal.abort();
    await expect(
      client().request({ method: "GET", path: "/v1/me", signal: aborted }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toHaveLength(0);
  });

  it("repeats an idempotent call after a network failure, then reports NETWORK_ERROR", async () => {
    const closed = await listenOnFreePort(() => new Response());
    await closed.close();
    const error = (await rejection(
      createHttpClient({ baseUrl: closed.url, retryDelayMs: 5 }).request({
        method: "GET",
        path: "/v1/me",
      }),
    )) as KeyportError;
    expect(error).toBeInstanceOf(KeyportError);
    expect(error).toMatchObject({ status: 0, code: "NETWORK_ERROR" });
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe("the rest of the core", () => {
  it("passes credentials through to fetch, for the cookie session across origins", async () => {
    const inits: RequestInit[] = [];
    const client = createPortalClient({
      baseUrl: BASE,
      credentials: "include",
      fetch: async (input, init) => {
        inits.push(init ?? {});
        return apiFetch(input, init);
      },
    });
    await rejection(client.me.get());
    expect(inits[0]?.credentials).toBe("include");
    expect(new Headers(inits[0]?.headers).has("authorization")).toBe(false);
  });

  it("sends the locale as Accept-Language, asking a locale function on every request", async () => {
    const languages: (string | null)[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      languages.push(new Headers(init?.headers).get("accept-language"));
      return apiFetch(input, init);
    };
    let current: string | undefined = "de";
    const client = createPortalClient({
      baseUrl: BASE,
      token: ada.token,
      fetch: recordingFetch,
      locale: () => current,
    });
    await client.me.get();
    current = "en";
    await client.me.get();
    current = undefined;
    await client.me.get();
    const fixed = createPortalClient({ baseUrl: BASE, fetch: recordingFetch, locale: "de-AT" });
    await rejection(fixed.me.get());
    await rejection(createPortalClient({ baseUrl: BASE, fetch: recordingFetch }).me.get());
    expect(languages).toEqual(["de", "en", null, "de-AT", null]);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-30T12:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Mon, 30 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Mon, 30 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
