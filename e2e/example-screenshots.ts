// `npm run screenshots:examples [-- --out DIR]`: the standalone portal as `keyport start` serves
// it and the vendor-site example embedding the widgets, against the real server with the demo
// data, in light and dark at 1280 and 360 px, as PNGs (default folder `screenshots/`). The
// guides show a few of them from docs/screenshots/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, Page } from "playwright-core";
import { freePort, startKeyport } from "../examples/testing/keyport-process.ts";
import { ACME_PASSWORD } from "../examples/vendor-site/acme-accounts.ts";
import { startVendorSite } from "../examples/vendor-site/server.ts";
import { loadSiteSettings } from "../examples/vendor-site/site-settings.ts";
import { launchChromium } from "./journey.ts";

const OWNER = "olivia.owner@example.com";
const THEMES = ["light", "dark"] as const;
const WIDTHS = [1280, 360] as const;

interface Shot {
  readonly name: string;
  /** Only what the visitor sees (a dialog over the page), not the whole page. */
  readonly viewportOnly?: boolean;
  /** Gets the page ready: navigate, act, wait for the data. */
  readonly prepare: (page: Page) => Promise<void>;
}

const { values } = parseArgs({ options: { out: { type: "string", default: "screenshots" } } });
mkdirSync(values.out, { recursive: true });

const sitePort = await freePort();
const siteUrl = `http://localhost:${sitePort}`;
const keyport = await startKeyport({ allowedOrigins: [siteUrl] });
const site = await startVendorSite(
  loadSiteSettings({
    VENDOR_SITE_PORT: String(sitePort),
    KEYPORT_URL: keyport.url,
    KEYPORT_VENDOR_URL: keyport.vendorUrl,
    KEYPORT_VENDOR_KEY: keyport.demo.vendorKey,
  }),
);
const visible = (page: Page, selector: string) =>
  page.locator(`${selector}:visible`).first().waitFor();

const vendorShots: Shot[] = [
  { name: "home", prepare: (page) => page.goto(`${site.url}/`).then(() => undefined) },
  {
    name: "licenses",
    prepare: async (page) => {
      await page.goto(`${site.url}/account/licenses`);
      await visible(page, '[part~="license-name"]');
    },
  },
  {
    name: "machines",
    prepare: async (page) => {
      await page.goto(`${site.url}/account/machines`);
      await visible(page, '[part~="deactivate-button"]');
    },
  },
  {
    name: "machines-dialog",
    viewportOnly: true,
    prepare: async (page) => {
      await page.goto(`${site.url}/account/machines`);
      await page
        .locator('[part~="row"]', { hasText: "OLD-PC" })
        .locator('[part~="deactivate-button"]')
        .click();
      await page.locator("dialog[open]").waitFor();
    },
  },
  {
    name: "downloads",
    prepare: async (page) => {
      await page.goto(`${site.url}/account/downloads`);
      await visible(page, '[part~="download-button"]');
    },
  },
];

// The portal's sidebar is as tall as the window, so a whole-page picture would cut it off.
const portalShots: Shot[] = [
  {
    name: "dashboard",
    viewportOnly: true,
    prepare: async (page) => {
      await page.goto(`${keyport.url}/`);
      await visible(page, '[part~="cards"]');
    },
  },
  {
    name: "diagnosis",
    viewportOnly: true,
    prepare: async (page) => {
      await page.goto(`${keyport.url}/licenses`);
      await page.locator('[part~="license-name"]:visible', { hasText: "Design team" }).click();
      await page.getByLabel("Machine fingerprint (optional)").fill("new-pc");
      await page.locator('[part~="diagnose-button"]').click();
      await visible(page, '[part~="fix-button"]');
      // The result under the window's top (and under the top bar at 360 px).
      await page.locator('[part~="diagnosis-result"]').evaluate((result) => {
        window.scrollBy(0, result.getBoundingClientRect().top - 72);
      });
    },
  },
];

async function signInToSite(page: Page): Promise<void> {
  await page.goto(`${site.url}/sign-in`);
  await page.getByLabel("Email").fill(OWNER);
  await page.getByLabel("Password").fill(ACME_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/account\//);
}

async function signInToPortal(page: Page): Promise<void> {
  await page.goto(`${keyport.url}/`);
  await page.getByLabel("Email").fill(OWNER);
  await page.getByLabel("Password").fill(keyport.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await visible(page, '[part~="page-title"]'); // the sidebar is a menu at 360 px
}

async function shoot(
  browser: Browser,
  prefix: string,
  signIn: (page: Page) => Promise<void>,
  signInPage: string,
  shots: Shot[],
): Promise<void> {
  for (const theme of THEMES) {
    for (const width of WIDTHS) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        colorScheme: theme,
        deviceScaleFactor: 1,
        locale: "en-GB",
      });
      const page = await context.newPage();
      const take = async (name: string, fullPage = true) => {
        await page.waitForTimeout(200); // transitions and focus rings settle
        const path = join(values.out, `${prefix}-${name}-${theme}-${width}.png`);
        await page.screenshot({ path, fullPage });
        process.stdout.write(`${path}\n`);
      };
      await page.goto(signInPage);
      await page.getByLabel("Password").waitFor();
      await take("sign-in");
      await signIn(page);
      for (const shot of shots) {
        await shot.prepare(page);
        await take(shot.name, !shot.viewportOnly);
      }
      await context.close();
    }
  }
}

const browser = await launchChromium();
try {
  await shoot(browser, "vendor-site", signInToSite, `${site.url}/sign-in`, vendorShots);
  await shoot(browser, "portal", signInToPortal, `${keyport.url}/`, portalShots);
} finally {
  await browser.close();
  await site.close();
  await keyport.close();
}
