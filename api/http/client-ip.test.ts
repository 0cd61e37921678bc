import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientIp, clientIpMiddleware } from "./client-ip.ts";

const app = new Hono().get("/", (c) => c.text(clientIp(c)));
const ipFor = async (remoteAddress?: string, headers: Record<string, string> = {}) =>
  (
    await app.request(
      "/",
      { headers },
      remoteAddress === undefined ? undefined : { incoming: { socket: { remoteAddress } } },
    )
  ).text();

describe("clientIp", () => {
  it("is the socket's address, with IPv4-mapped IPv6 written as plain IPv4", async () => {
    expect(await ipFor("203.0.113.9")).toBe("203.0.113.9");
    expect(await ipFor("2001:db8::1")).toBe("2001:db8::1");
    expect(await ipFor("::ffff:198.51.100.4")).toBe("198.51.100.4");
  });

  it("ignores forwarding headers a client could forge", async () => {
    expect(await ipFor("203.0.113.9", { "x-forwarded-for": "192.0.2.1" })).toBe("203.0.113.9");
  });

  it("answers local for an in-process request without a socket", async () => {
    expect(await ipFor()).toBe("local");
    expect(await ipFor("")).toBe("local");
  });

  it("behind trusted proxies takes the address the outermost one saw, not the client's claims", async () => {
    const proxied = new Hono().use(clientIpMiddleware(2)).get("/", (c) => c.text(clientIp(c)));
    const ip = async (forwardedFor?: string) =>
      (
        await proxied.request(
          "/",
          { headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } },
          { incoming: { socket: { remoteAddress: "10.0.0.2" } } },
        )
      ).text();
    // The client claims 1.1.1.1; the outer proxy saw 198.51.100.7; the inner one saw the outer.
    expect(await ip("1.1.1.1, 198.51.100.7, 10.0.0.1")).toBe("198.51.100.7");
    expect(await ip("198.51.100.7, 10.0.0.1")).toBe("198.51.100.7");
    expect(await ip("::ffff:198.51.100.7, 10.0.0.1")).toBe("198.51.100.7");
    // Fewer hops than proxies: the header is not to be trusted; fall back to the socket.
    expect(await ip("10.0.0.1")).toBe("10.0.0.2");
    expect(await ip()).toBe("10.0.0.2");
  });
});
