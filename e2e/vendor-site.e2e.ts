// examples/vendor-site in Chromium: Acme's own origin embeds Keyport's widgets, which call the
// real `keyport start` on another site with bearer tokens from Acme's backend. The widget tokens
// live one minute here, so the journey outlives one and goes on through fetchToken.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createPortalClient, type PortalClient } from "@keyport/sdk";
import type { Browser, Request, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import {
  freePort,
  type KeyportProcess,
  startKeyport,
} from "../examples/testing/keyport-process.ts";
import { ACME_PASSWORD } from "../examples/vendor-site/acme-accounts.ts";
import { type RunningSite, startVendorSite } from "../examples/vendor-site/server.ts";
import { loadSiteSettings } from "../examples/vendor-site/site-settings.ts";
import { launchChromium, squash, startJourney } from "./journey.ts";

const OWNER = "olivia.owner@example.com";

let keyport: KeyportProcess;
let site: RunningSite;
let browser: Browser;
const minted: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  // Keyport on 127.0.0.1 and Acme on localhost: two sites, as in production.
  const siteUrl = `http://localhost:${port}`;
  [keyport, browser] = await Promise.all([
    startKeyport({ allowedOrigins: [siteUrl] }),
    launchChromium(),
  ]);
  site = await startVendorSite(
    loadSiteSettings({
      VENDOR_SITE_PORT: String(port),
      KEYPORT_URL: keyport.url,
      KEYPORT_VENDOR_URL: keyport.vendorUrl,
      KEYPORT_VENDOR_KEY: keyport.demo.vendorKey,
      VENDOR_SITE_TOKEN_MINUTES: "1",
    }),
    { onTokenMinted: (email) => minted.push(email) },
  );
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await keyport?.close();
});

async function apiAs(email: string): Promise<PortalClient> {
  const client = createPortalClient({ baseUrl: keyport.url });
  await client.auth.login({ email, password: keyport.demo.password, tokenType: "bearer" });
  return client;
}

describe("the vendor site", () => {
  it("embeds the widgets across origins, through a token expiry, to a deactivation and a download", async () => {
    const journey = await startJourney(browser, "vendor-site");
    onTestFailed(() => journey.markFailed());
    const { page, context } = journey;
    const api = await apiAs(OWNER);
    const keyportOrigin = new URL(keyport.url).origin;
    const toKeyport: Request[] = [];
    const fromKeyport: Response[] = [];
    const tokens: { token: string; expiresAt: string }[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).origin === keyportOrigin) toKeyport.push(request);
    });
    page.on("response", async (response) => {
      const url = new URL(response.url());
      if (url.origin === keyportOrigin) fromKeyport.push(response);
      if (url.pathname === "/account/keyport-token" && response.ok())
        tokens.push(await response.json());
    });

    try {
      await journey.step("Acme's home page", async () => {
        await page.goto(site.url);
        await page.getByRole("heading", { level: 1 }).waitFor();
        expect(await page.title()).toContain("Acme Software");
      });

      await journey.step("sign in with Acme's own account", async () => {
        await page.getByRole("link", { name: "Sign in" }).click();
        await page.getByLabel("Email").fill(OWNER);
        await page.getByLabel("Password").fill(ACME_PASSWORD);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(`${site.url}/account/licenses`);
      });

      await journey.step("the widgets load across origins", async () => {
        await page.locator('[part~="license-name"]:visible').first().waitFor();
        const shown = (await page.locator('[part~="license-name"]:visible').allInnerTexts()).map(
          squash,
        );
        const listed = (await api.licenses.list({ limit: 100 })).data.map(
          (license) => license.name,
        );
        expect(shown.sort()).toEqual(listed.sort());
        expect(minted).toEqual([OWNER]);
      });

      await journey.step("bearer tokens in memory, no cookie of Keyport's", async () => {
        expect(toKeyport.length).toBeGreaterThan(0);
        for (const request of toKeyport) {
          const headers = await request.allHeaders();
          if (request.method() === "OPTIONS") continue;
          expect(headers.authorization, request.url()).toMatch(/^Bearer kps_/);
          expect(headers.origin).toBe(site.url);
          expect(headers.cookie).toBeUndefined();
        }
        for (const response of fromKeyport) {
          const headers = await response.allHeaders();
          expect(headers["access-control-allow-origin"], response.url()).toBe(site.url);
          expect(headers["set-cookie"]).toBeUndefined();
        }
        expect(await context.cookies(keyport.url)).toEqual([]);
        const own = await context.cookies(site.url);
        expect(own.map(({ name, httpOnly }) => ({ name, httpOnly }))).toEqual([
          { name: "acme_session", httpOnly: true },
        ]);
        const stored = await page.evaluate(() => localStorage.length + sessionStorage.length);
        expect(stored).toBe(0);
        const markup = await page.content();
        for (const { token } of tokens) expect(markup).not.toContain(token);
        expect(markup).not.toContain(keyport.demo.vendorKey);
      });

      const startedAt = await journey.step("Computers & sites", async () => {
        await page.getByRole("link", { name: "Computers & sites" }).click();
        await page.locator('[part~="deactivate-button"]:not([disabled])').first().waitFor();
        return Date.now();
      });
      const pageToken = tokens.at(-1)!;

      await journey.step("the widget token expires", async () => {
        const expiry = Date.parse(pageToken.expiresAt);
        expect(expiry - startedAt).toBeLessThanOrEqual(61_000);
        await page.waitForTimeout(Math.max(0, expiry - Date.now()) + 1500);
        const stale = await fetch(`${keyport.url}/v1/me`, {
          headers: { authorization: `Bearer ${pageToken.token}` },
        });
        expect(stale.status).toBe(401);
      });

      await journey.step("deactivate an activation with a fresh token", async () => {
        const { data } = await api.activations.list({
          status: "active",
          kind: "machine",
          limit: 100,
        });
        const candidate = data.find((activation) => activation.canDeactivate)!;
        const before = { minted: minted.length, tokens: tokens.length };
        const row = page.locator('[part~="row"]', { hasText: candidate.name! });
        await row.locator('[part~="deactivate-button"]').click();
        const dialog = page.locator("dialog[open]");
        await dialog.waitFor();
        await dialog.locator('[part~="confirm-button"]').click();
        await page
          .locator("#acme-notice", { hasText: `${candidate.name} is deactivated` })
          .waitFor();
        expect(await api.activations.get(candidate.id)).toMatchObject({
          status: "deactivated",
          deactivatedBy: "customer",
        });
        // The expired token got a 401, the page's fetchToken a new one, and the call went through.
        expect(minted.length).toBe(before.minted + 1);
        expect(tokens.length).toBe(before.tokens + 1);
        expect(fromKeyport.some((response) => response.status() === 401)).toBe(true);
        const fresh = tokens.at(-1)!;
        expect(fresh.token).not.toBe(pageToken.token);
        const deactivation = toKeyport.find(
          (request) =>
            request.url().endsWith(`/v1/activations/${candidate.id}/deactivate`) &&
            request.headers().authorization === `Bearer ${fresh.token}`,
        );
        expect(deactivation).toBeDefined();
      });

      await journey.step("start a download", async () => {
        await page.getByRole("link", { name: "Downloads" }).click();
        const { data } = await api.downloads.list();
        const installer = data
          .flatMap((product) => product.releases)
          .flatMap((release) => release.assets)
          .find(
            (asset) =>
              asset.kind === "installer" && asset.platform === "linux" && asset.downloadable,
          )!;
        const row = page.locator('[part~="asset"]', { hasText: installer.filename });
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          row.locator('[part~="download-button"]').click(),
        ]);
        const link = new URL(download.url());
        expect(link.origin).toBe(new URL(keyport.url).origin);
        expect(link.pathname).toBe(`/dl/${installer.id}/${installer.filename}`);
        const bytes = readFileSync((await download.path())!);
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(installer.sha256);
        await page
          .locator("#acme-notice", { hasText: `Downloading ${installer.filename}` })
          .waitFor();
      });

      await journey.step("sign out of Acme", async () => {
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.waitForURL(`${site.url}/`);
        await page.goto(`${site.url}/account/machines`);
        await page.waitForURL(/\/sign-in\?next=/);
      });

      expect(journey.pageProblems).toEqual([]);
    } finally {
      await journey.close();
    }
  });
});
