// The vendor site over real HTTP against the real Keyport (the browser side is in e2e/).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type KeyportProcess, startKeyport } from "../testing/keyport-process.ts";
import { ACME_PASSWORD } from "./acme-accounts.ts";
import { type RunningSite, startVendorSite } from "./server.ts";
import { loadSiteSettings } from "./site-settings.ts";

let keyport: KeyportProcess;
let site: RunningSite;
const minted: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  const siteUrl = `http://localhost:${port}`;
  keyport = await startKeyport({ allowedOrigins: [siteUrl] });
  site = await startVendorSite(
    loadSiteSettings({
      VENDOR_SITE_PORT: String(port),
      KEYPORT_URL: keyport.url,
      KEYPORT_VENDOR_URL: keyport.vendorUrl,
      DATA_DIR: keyport.dataDir, // the demo key, as `npm run example:vendor` finds it
    }),
    { onTokenMinted: (email) => minted.push(email) },
  );
});
afterAll(async () => {
  await site?.close();
  await keyport?.close();
});

/** Signs in to Acme like the form does; answers the session cookie. */
async function signIn(email: string, password = ACME_PASSWORD): Promise<Response> {
  return fetch(`${site.url}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: site.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, next: "/account/machines" }),
  });
}

async function sessionCookie(email: string): Promise<string> {
  const response = await signIn(email);
  expect(response.status).toBe(303);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

function mintToken(cookie: string, origin = site.url): Promise<Response> {
  return fetch(`${site.url}/account/keyport-token`, {
    method: "POST",
    headers: { cookie, origin },
  });
}

describe("examples/vendor-site", () => {
  it("serves every page and file under a strict CSP of its own", async () => {
    for (const path of ["/", "/sign-in", "/assets/acme.css", "/assets/account.js"]) {
      const response = await fetch(`${site.url}${path}`);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain(`connect-src 'self' ${keyport.url}`);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      // The page holds no inline script or style for the CSP to forbid.
      const body = await response.text();
      if (path === "/" || path === "/sign-in") {
        expect(body).not.toMatch(/<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=/i);
      }
      expect(body).not.toContain(keyport.demo.vendorKey);
    }
  });

  it("sends the signed-out to its own sign-in and keeps them to local paths", async () => {
    const account = await fetch(`${site.url}/account/downloads`, { redirect: "manual" });
    expect(account.status).toBe(303);
    expect(account.headers.get("location")).toBe("/sign-in?next=%2Faccount%2Fdownloads");

    const wrong = await signIn("olivia.owner@example.com", "demo-password");
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("do not match an Acme account");

    const right = await signIn("olivia.owner@example.com");
    expect(right.headers.get("location")).toBe("/account/machines");
    expect(right.headers.get("set-cookie")).toMatch(
      /^acme_session=[\w-]{43};.*HttpOnly.*SameSite=Lax/i,
    );

    const foreign = await fetch(`${site.url}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: {
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ email: "olivia.owner@example.com", password: ACME_PASSWORD }),
    });
    expect(foreign.status).toBe(403);
  });

  it("mints a widget token only for its own signed-in customer, from its own pages", async () => {
    expect((await mintToken("acme_session=forged")).status).toBe(401);
    const cookie = await sessionCookie("mia.member@example.com");
    expect((await mintToken(cookie, "https://evil.example")).status).toBe(403);

    const before = minted.length;
    const response = await mintToken(cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(minted.slice(before)).toEqual(["mia.member@example.com"]);

    // The token is Mia's customer session at Keyport, usable from the site's origin.
    const me = await fetch(`${keyport.url}/v1/me`, {
      headers: { authorization: `Bearer ${token}`, origin: site.url },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get("access-control-allow-origin")).toBe(site.url);
    expect(await me.json()).toMatchObject({ email: "mia.member@example.com", role: "member" });
  });

  it("relies on Keyport's allow-list: the site's origin may call the Customer API, others not", async () => {
    const preflight = (origin: string) =>
      fetch(`${keyport.url}/v1/licenses`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
    const allowed = await preflight(site.url);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(site.url);
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "authorization",
    );
    const other = await preflight("http://localhost:1");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("reads its settings from the environment, with the demo's key as the default", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "acme-settings-"));
    try {
      writeFileSync(join(dataDir, "demo.json"), JSON.stringify({ vendorKey: "kpv_demo" }));
      expect(loadSiteSettings({ DATA_DIR: dataDir })).toEqual({
        port: 8790,
        host: "127.0.0.1",
        siteUrl: "http://localhost:8790",
        keyportUrl: "http://localhost:8787",
        keyportVendorUrl: "http://localhost:8788",
        vendorKey: "kpv_demo",
      });
      expect(
        loadSiteSettings({ DATA_DIR: dataDir, KEYPORT_VENDOR_KEY: "kpv_mine" }).vendorKey,
      ).toBe("kpv_mine");
      expect(() => loadSiteSettings({ DATA_DIR: dataDir, VENDOR_SITE_PORT: "web" })).toThrow(
        /^VENDOR_SITE_PORT: /,
      );
      expect(() => loadSiteSettings({ DATA_DIR: dataDir, KEYPORT_URL: "localhost:8787" })).toThrow(
        /^KEYPORT_URL: /,
      );
      expect(() => loadSiteSettings({ DATA_DIR: dataDir, VENDOR_SITE_TOKEN_MINUTES: "0" })).toThrow(
        /^VENDOR_SITE_TOKEN_MINUTES: /,
      );
      expect(() => loadSiteSettings({ DATA_DIR: join(dataDir, "none") })).toThrow(
        /^KEYPORT_VENDOR_KEY: not set/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
