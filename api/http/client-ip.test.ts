import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip.ts";

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
});
