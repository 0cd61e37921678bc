import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PORTAL_AREAS as SIDEBAR_AREAS } from "../../elements/license-portal/portal-routes.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { isPortalRoute, portalApp } from "./portal-app.ts";
import { loadPortalBundle } from "./portal-assets.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    PORTAL_TITLE: "Acme <Licensing> & Co",
    PORTAL_LOGO_URL: "https://cdn.acme.example/logo.svg",
    PORTAL_PRIMARY_COLOR: "#0F766E",
  });
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  t.publicApp.request(path, { headers });

/** The directives of a CSP header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? "")
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The `src`/`href` of every script and stylesheet the page links. */
function linked(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

describe("the portal page", () => {
  it("answers / with HTML under a strict CSP of its own, and nothing inline", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");

    const csp = res.headers.get("content-security-policy")!;
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|nonce-|sha256-|\*/);
    const policy = directives(csp);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    // The configured logo's host, and no other.
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "https://cdn.acme.example"]);

    const html = await res.text();
    // No inline script (every <script> has a src and no body), no <style>, no style attribute.
    expect([...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].length).toBe(2);
    for (const [, tag, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(tag).toMatch(/\bsrc="\/portal\//);
      expect(body).toBe("");
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('<main id="portal"');
  });

  it("shows the configured name (as text) and logo, and speaks the browser's language", async () => {
    const html = await (await get("/")).text();
    expect(html).toContain("<title>Acme &lt;Licensing&gt; &amp; Co</title>");
    expect(html).not.toContain("<Licensing>");
    expect(html).toContain('<img class="portal-logo" src="https://cdn.acme.example/logo.svg"');
    // The shell's sidebar takes both from the page it mounts on.
    expect(html).toContain(
      'data-product-name="Acme &lt;Licensing&gt; &amp; Co" data-logo-url="https://cdn.acme.example/logo.svg"',
    );
    expect(html).toContain('<html lang="en">');

    const german = await get("/", { "accept-language": "de-AT,de;q=0.9,en;q=0.5" });
    expect(german.headers.get("vary")).toContain("Accept-Language");
    expect(await german.text()).toContain('<html lang="de">');
  });

  it("links the bundle, the page script and both stylesheets under hashed names, cached for a year", async () => {
    const html = await (await get("/")).text();
    const assets = linked(html).filter((path) => path.startsWith("/portal/"));
    expect(assets).toHaveLength(4);
    for (const path of assets) {
      expect(path).toMatch(/^\/portal\/[a-z-]+\.[0-9a-f]{16}\.(js|css)$/);
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const type = path.endsWith(".js") ? "text/javascript" : "text/css";
      expect(res.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
    }
    const bundlePath = assets.find((path) => path.startsWith("/portal/keyport-elements."))!;
    const bundle = await (await get(bundlePath)).text();
    // The minified production build with every element the portal needs.
    expect(bundle.length).toBeGreaterThan(20_000);
    expect(bundle).toContain("portal-provider");
    expect(bundle).toContain("login-form");
    expect(bundle).not.toContain("Lit is in dev mode");
    // Minified: no indented source lines left (Lit's templates keep their own line breaks).
    expect(bundle).not.toMatch(/\n {4}(?:const|let|return|if) /);
  });

  it("gives the page the configured logo as its icon, else the mark in the primary colour", async () => {
    const html = await (await get("/")).text();
    expect(html).toContain('<link rel="icon" href="https://cdn.acme.example/logo.svg">');
    const favicon = await get("/favicon.ico");
    expect([favicon.status, favicon.headers.get("location")]).toEqual([
      302,
      "https://cdn.acme.example/logo.svg",
    ]);

    const bundle = loadPortalBundle();
    expect(bundle, "the server's build").not.toBeNull();
    const plain = portalApp(
      { portal: { title: "Keyport", logoUrl: undefined, primaryColor: undefined } },
      { bundle },
    );
    const page = await (await plain.request("/")).text();
    const icon = /<link rel="icon" href="(\/portal\/icon\.[0-9a-f]{16}\.svg)">/.exec(page)?.[1];
    expect(icon, page).toBeDefined();
    expect((await plain.request("/favicon.ico")).headers.get("location")).toBe(icon);
    const res = await plain.request(icon!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('fill="#4f46e5"');
    // A vendor's colour with dark text on it where white would not read.
    const pale = portalApp(
      { portal: { title: "K", logoUrl: undefined, primaryColor: "#fde047" } },
      { bundle },
    );
    const paleIcon = /href="(\/portal\/icon\.[^"]+)"/.exec(
      await (await pale.request("/")).text(),
    )![1]!;
    const paleSvg = await (await pale.request(paleIcon)).text();
    expect(paleSvg).toContain('<rect width="32" height="32" rx="7" fill="#fde047"/>');
    expect(paleSvg).toContain('fill="#111318"');
  });

  it("names the primary colour in theme.css, made readable in the dark scheme", async () => {
    const html = await (await get("/")).text();
    const theme = linked(html).find((path) => path.startsWith("/portal/theme."))!;
    const css = await (await get(theme)).text();
    expect(css).toMatch(/:root \{\n {2}--keyport-color-primary: #0f766e;/);
    expect(css).toContain("@media (prefers-color-scheme: dark)");
  });

  it("answers a hashed name that is not the current one with 404", async () => {
    const res = await get("/portal/keyport-elements.0000000000000000.js");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answers the paths Keyport's mails link to, and the portal's areas, with the page", async () => {
    const page = await (await get("/")).text();
    for (const path of [
      "/reset-password?token=abc",
      "/confirm-email?token=abc",
      "/accept-invitation?token=abc",
      "/downloads",
      "/licenses/lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA",
      "/profile/",
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-security-policy"), path).toContain("script-src 'self'");
      expect(await res.text(), path).toBe(page);
    }
  });

  it("answers every area of the portal's sidebar on a reload, Account Settings too", async () => {
    const page = await (await get("/")).text();
    const paths = SIDEBAR_AREAS.map((area) => `/${area}`);
    expect(paths).toContain("/settings");
    for (const path of [...paths, "/settings/", "/account"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(page);
    }
  });

  it("leaves every other path answering exactly as before", async () => {
    const health = await get("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await get("/readyz")).status).toBe(200);
    const openapi = await get("/openapi.json");
    expect(openapi.headers.get("content-type")).toContain("application/json");
    expect((await openapi.json()).openapi).toBe("3.1.0");
    const docs = await get("/docs");
    expect(await docs.text()).toContain("swagger");
    expect(docs.headers.get("content-security-policy")).toContain("'unsafe-inline'");

    const me = await get("/v1/me");
    expect(me.status).toBe(401);
    expect((await me.json()).code).toBe("UNAUTHENTICATED");
    for (const path of [
      "/v1/nothing-here",
      "/v1",
      "/dl/ast_x/file.zip",
      "/vendor/v1/licenses",
      "/index.html",
      "/licenses.json",
      "/unknown-area",
      "/portal/",
      "/.env",
    ]) {
      const res = await get(path);
      expect(res.status, path).not.toBe(200);
      expect(res.headers.get("content-type"), path).toContain("application/problem+json");
      expect(res.headers.get("content-security-policy"), path).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
    }
    // Only GET (and HEAD) answer the page.
    const post = await t.publicApp.request("/", { method: "POST" });
    expect(post.status).toBe(404);
  });

  it("tells routes the page answers from those it leaves alone", () => {
    for (const path of ["/", "/reset-password", "/licenses/lic_1", "/account/users/"]) {
      expect(isPortalRoute(path), path).toBe(true);
    }
    for (const path of ["/v1/me", "/dl/a/b", "/docs", "/healthz", "/licenses.json", "//x", "/x/"]) {
      expect(isPortalRoute(path), path).toBe(false);
    }
  });

  it("says the portal is not built when its files are missing, and still serves nothing else", async () => {
    const app = portalApp(t.deps.config, { bundle: null });
    const res = await app.request("/");
    expect(res.status).toBe(503);
    expect(loadPortalBundle("/nonexistent")).toBeNull();
  });
});
