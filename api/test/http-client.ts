import { type IncomingHttpHeaders, request } from "node:http";
import { connect } from "node:net";

export interface SlowAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface SlowRequest {
  /** Sends the rest of the body and ends the request. */
  finish(): void;
  /** Settles once the first part has left for the server. */
  readonly sent: Promise<void>;
  /** The answer; rejects when the server cuts the connection. */
  readonly answer: Promise<SlowAnswer>;
}

/**
 * A JSON POST whose body arrives in two parts: the first half now, the rest on
 * `finish()`. Until then the request is in flight on the server, which is how
 * tests hold a request open across a shutdown without a test-only route. The
 * full Content-Length is announced, so the server's middleware runs at once and
 * only the handler waits for the body.
 */
export function startSlowPost(
  url: string,
  headers: Record<string, string>,
  body: string,
): SlowRequest {
  const bytes = Buffer.from(body, "utf8");
  const half = Math.floor(bytes.length / 2);
  const req = request(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "content-length": String(bytes.length),
      ...headers,
    },
  });
  const answer = new Promise<SlowAnswer>((resolve, reject) => {
    req.on("error", reject);
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
  });
  // Not awaited by every test; a rejection is still observed when the test awaits it.
  answer.catch(() => {});
  const sent = new Promise<void>((resolve, reject) => {
    req.write(bytes.subarray(0, half), (error) => (error ? reject(error) : resolve()));
  });
  sent.catch(() => {});
  return { finish: () => req.end(bytes.subarray(half)), sent, answer };
}

/** The error code of a fresh TCP connection attempt, or `null` when it connects. */
export function tryConnect(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(null);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Polls until `check` holds, failing after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
