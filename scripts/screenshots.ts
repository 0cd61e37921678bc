// `npm run screenshots [-- tag …] [--out DIR]`: every element against the real server with the
// demo data, in light and dark, at 1280 and 360 px, in English and German, as PNGs (default
// folder `screenshots/`). A scenario may act on the page first (run a diagnosis, open a dialog).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";
import { createPortalClient } from "../sdk/index.ts";
import { startDemoServer } from "./demo-server.ts";
import { startElementPage } from "./element-page.ts";
import { findChromium } from "./find-chromium.mjs";

interface Scenario {
  readonly name: string;
  readonly tag: string;
  /** The demo customer whose eyes we look through. */
  readonly email?: string;
  /** Attributes of the element; may look data up through the customer's client. */
  attributes?(client: ReturnType<typeof createPortalClient>): Promise<Record<string, string>>;
  /** The path the page opens at, for elements that route (default `/`). */
  path?(client: ReturnType<typeof createPortalClient>): Promise<string>;
  /** What a customer does before the picture is taken. */
  act?(page: Page): Promise<void>;
}

/** A scenario of the whole portal at one of its pages. */
const portalAt = (
  name: string,
  path: Scenario["path"],
  extra: Partial<Scenario> = {},
): Scenario => ({
  name: `license-portal-${name}`,
  tag: "license-portal",
  attributes: async () => ({ "product-name": "Acme Software" }),
  path,
  ...extra,
});

const OWNER = "olivia.owner@example.com";

/**
 * Ready when every Keyport element on the page (also inside other elements, as in the portal)
 * has left its loading state. No named inner function: tsx would wrap it in a helper the page
 * does not have, and the page's CSP forbids evaluating a string instead.
 */
function ready(): boolean {
  const statuses: string[] = [];
  const roots: (Document | ShadowRoot)[] = [document];
  for (let root = roots.pop(); root !== undefined; root = roots.pop()) {
    for (const element of root.querySelectorAll("*")) {
      const status = (element as { status?: unknown }).status;
      if (typeof status === "string") statuses.push(status);
      if (element.shadowRoot) roots.push(element.shadowRoot);
    }
  }
  return statuses.length > 0 && !statuses.includes("loading");
}

/** The demo's full license, with OLD-PC to free. */
async function designTeam(client: ReturnType<typeof createPortalClient>) {
  const page = await client.licenses.list({ q: "Design team", limit: 1 });
  const license = page.data[0];
  if (!license) throw new Error("The demo has no “Design team” license.");
  return { "license-id": license.id };
}

const SCENARIOS: readonly Scenario[] = [
  portalAt("dashboard", async () => "/"),
  portalAt("licenses", async () => "/licenses"),
  portalAt("license", async (client) => `/licenses/${(await designTeam(client))["license-id"]}`),
  portalAt("activations", async () => "/activations"),
  portalAt("downloads", async () => "/downloads"),
  portalAt("profile", async () => "/profile"),
  portalAt("settings", async () => "/settings"),
  portalAt("member", async () => "/licenses", { email: "mia.member@example.com" }),
  portalAt("menu", async () => "/licenses", {
    act: async (page) => {
      const menu = page.locator('[part~="menu-button"]');
      if (await menu.isVisible()) await menu.click();
    },
  }),
  { name: "account-settings", tag: "account-settings" },
  { name: "profile-settings", tag: "profile-settings" },
  { name: "license-list", tag: "license-list" },
  { name: "license-list-member", tag: "license-list", email: "mia.member@example.com" },
  { name: "license-detail", tag: "license-detail", attributes: designTeam },
  {
    name: "license-detail-diagnosis",
    tag: "license-detail",
    attributes: designTeam,
    act: async (page) => {
      await page.locator('[part~="diagnose-button"]').first().click();
      await page.locator('[part~="finding"]').first().waitFor();
    },
  },
  { name: "account-dashboard", tag: "account-dashboard" },
  { name: "account-dashboard-member", tag: "account-dashboard", email: "mia.member@example.com" },
  { name: "download-center", tag: "download-center" },
  { name: "download-center-expired", tag: "download-center", email: "ivan.indie@example.com" },
  { name: "activation-manager", tag: "activation-manager" },
  {
    name: "activation-manager-dialog",
    tag: "activation-manager",
    act: async (page) => {
      await page.locator('[part~="deactivate-button"]:not([disabled])').first().click();
      await page.locator("dialog[open]").waitFor();
    },
  },
];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string", default: "screenshots" } },
});
const wanted = positionals.length === 0 ? undefined : new Set(positionals);
const scenarios = SCENARIOS.filter(
  (s) => wanted === undefined || wanted.has(s.tag) || wanted.has(s.name),
);
if (scenarios.length === 0) {
  console.error(
    `No scenario for ${positionals.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`,
  );
  process.exit(2);
}
mkdirSync(values.out, { recursive: true });

const elementPage = await startElementPage();
const keyport = await startDemoServer({ allowedOrigins: [elementPage.origin] });
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const failures: string[] = [];
try {
  for (const scenario of scenarios) {
    const token = await keyport.mintToken(scenario.email ?? OWNER);
    const client = createPortalClient({ baseUrl: keyport.apiBase, token });
    const attributes = (await scenario.attributes?.(client)) ?? {};
    const path = (await scenario.path?.(client)) ?? "/";
    for (const theme of ["light", "dark"] as const) {
      for (const width of [1280, 360]) {
        for (const locale of ["en", "de"]) {
          const file = join(values.out, `${scenario.name}-${theme}-${width}-${locale}.png`);
          const page = await browser.newPage({
            viewport: { width, height: 900 },
            colorScheme: theme,
            deviceScaleFactor: 1,
          });
          page.on("pageerror", (error) => failures.push(`${file}: ${error.message}`));
          page.on("console", (message) => {
            if (message.text().startsWith("CSP violation"))
              failures.push(`${file}: ${message.text()}`);
          });
          const query = new URLSearchParams({
            tag: scenario.tag,
            api: keyport.apiBase,
            token,
            theme,
            locale,
          });
          for (const [name, value] of Object.entries(attributes)) query.set(`attr.${name}`, value);
          try {
            await page.goto(`${elementPage.origin}${path}?${query}`);
            await page.waitForFunction(ready, undefined, { timeout: 15_000 });
            await scenario.act?.(page);
            await page.waitForTimeout(150);
            await page.screenshot({ path: file, fullPage: true });
            process.stdout.write(`${file}\n`);
          } catch (error) {
            failures.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
          } finally {
            await page.close();
          }
        }
      }
    }
  }
} finally {
  await browser.close();
  await keyport.close();
  await elementPage.close();
}
if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):\n${failures.join("\n")}`);
  process.exitCode = 1;
}
