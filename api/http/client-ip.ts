import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../core/deps.ts";

/**
 * The address of the client, for throttling and activity. Without trusted
 * proxies it is the socket's address, never a header a client could forge.
 * Behind `trustProxyHops` reverse proxies it is the address the outermost of
 * them saw: that many entries from the right of `X-Forwarded-For` (each proxy
 * appends the peer it saw, so entries further left are the client's own claims).
 * In-process requests (`app.request()` in tests) have no socket: `"local"`.
 */
export function resolveClientIp(c: Context, trustProxyHops = 0): string {
  if (trustProxyHops > 0) {
    const hops = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean);
    const seen = hops[hops.length - trustProxyHops];
    if (seen) return plainAddress(seen);
  }
  try {
    const address = getConnInfo(c).remote.address;
    return address ? plainAddress(address) : "local";
  } catch {
    return "local";
  }
}

/** Works out the client address once per request, honouring TRUST_PROXY_HOPS. */
export function clientIpMiddleware(trustProxyHops: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("clientIp", resolveClientIp(c, trustProxyHops));
    await next();
  };
}

/**
 * The client address of this request.
 *
 * @example
 * await recordThrottleHit(db, `login:ip:${clientIp(c)}`, rule);
 */
export function clientIp(c: Context): string {
  const known: unknown = c.get("clientIp");
  return typeof known === "string" ? known : resolveClientIp(c);
}

/** An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d; keep the plain form. */
function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}
