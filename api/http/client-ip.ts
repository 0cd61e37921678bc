import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * The address of the peer that sent the request, for throttling and activity.
 * It is the socket's address, never a header a client could forge; behind a
 * reverse proxy that is the proxy. In-process requests (`app.request()` in
 * tests) have no socket and answer `"local"`.
 *
 * @example
 * await recordThrottleHit(db, `login:ip:${clientIp(c)}`, rule);
 */
export function clientIp(c: Context): string {
  try {
    const address = getConnInfo(c).remote.address;
    if (!address) return "local";
    // An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d; store the plain form.
    return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
  } catch {
    return "local";
  }
}
