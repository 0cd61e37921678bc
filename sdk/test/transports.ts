import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { TestContext } from "../../api/test/harness.ts";

/** Where the clients of one test run send their calls. */
export interface Transport {
  readonly name: string;
  readonly publicUrl: string;
  readonly vendorUrl: string;
  readonly fetch: typeof fetch;
  /** `METHOD /path` of every call that got a 2xx answer, in order. */
  readonly answered: string[];
}

/** Wraps a fetch so each call with a 2xx answer is noted in `answered`. */
function recording(fetchFn: typeof fetch, answered: string[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetchFn(request);
    if (response.ok) answered.push(`${request.method} ${new URL(request.url).pathname}`);
    return response;
  };
}

/** A listener on a free port of 127.0.0.1 for a fetch handler; `close()` ends it. */
export async function listenOnFreePort(
  handler: (request: Request) => Response | Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The two ways a test reaches the real apps of one test context: the apps'
 * `fetch` in process (routed by host name), and real HTTP on local ports.
 */
export async function createTransports(
  t: TestContext,
): Promise<{ transports: Transport[]; close(): Promise<void> }> {
  const publicListener = await listenOnFreePort((request) => t.publicApp.fetch(request));
  const vendorListener = await listenOnFreePort((request) => t.vendorApp.fetch(request));
  const inProcessAnswered: string[] = [];
  const inProcess: Transport = {
    name: "in-process fetch",
    publicUrl: "http://public.test",
    vendorUrl: "http://vendor.test",
    fetch: recording(async (input, init) => {
      const request = new Request(input, init);
      const app = new URL(request.url).host === "vendor.test" ? t.vendorApp : t.publicApp;
      return app.fetch(request);
    }, inProcessAnswered),
    answered: inProcessAnswered,
  };
  const overHttpAnswered: string[] = [];
  const overHttp: Transport = {
    name: "real HTTP",
    publicUrl: publicListener.url,
    vendorUrl: vendorListener.url,
    fetch: recording((input, init) => globalThis.fetch(input, init), overHttpAnswered),
    answered: overHttpAnswered,
  };
  return {
    transports: [inProcess, overHttp],
    async close() {
      await Promise.all([publicListener.close(), vendorListener.close()]);
    },
  };
}
