// A journey is one person's way through a real browser: numbered steps, each leaving a
// screenshot in e2e-output/<journey>/; a failing step also leaves its screenshot and the whole
// Playwright trace (e2e-output/traces/<journey>.zip, open it with `npx playwright show-trace`).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { findChromium } from "../scripts/find-chromium.mjs";

export const OUTPUT_DIR = join(process.cwd(), "e2e-output");

/** Chromium from the system, with the flags that keep it from stalling on a closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

export interface Journey {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Problems the page reported: uncaught errors and Content-Security-Policy violations. */
  readonly pageProblems: string[];
  /** Runs one step; a screenshot after it, and on failure the trace is kept. */
  step<T>(name: string, action: () => Promise<T>): Promise<T>;
  /** Keeps the trace although no step failed (a timeout, a failed check after the steps). */
  markFailed(): void;
  close(): Promise<void>;
}

/**
 * Opens a browser context for one journey, traced from the start.
 *
 * @example
 * const journey = await startJourney(browser, "owner", { baseURL: keyport.url });
 * await journey.step("sign in", async () => { … });
 * await journey.close();
 */
export async function startJourney(
  browser: Browser,
  name: string,
  options: BrowserContextOptions = {},
): Promise<Journey> {
  const dir = join(OUTPUT_DIR, name);
  mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    locale: "en-GB",
    ...options,
  });
  await context.tracing.start({ screenshots: true, snapshots: true, sources: false, title: name });
  // Reported by the page itself, also for violations Chromium only logs.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const pageProblems: string[] = [];
  page.on("pageerror", (error) => pageProblems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (text.startsWith("CSP violation") || text.includes("Content Security Policy")) {
      pageProblems.push(text);
    }
  });
  let count = 0;
  let failed = false;
  return {
    context,
    page,
    pageProblems,
    async step(title, action) {
      count += 1;
      const file = `${String(count).padStart(2, "0")}-${slug(title)}`;
      try {
        const result = await action();
        await page.screenshot({ path: join(dir, `${file}.png`), fullPage: true });
        return result;
      } catch (error) {
        failed = true;
        await page
          .screenshot({ path: join(dir, `${file}-FAILED.png`), fullPage: true })
          .catch(() => undefined);
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${name}, step ${count} "${title}": ${message}`, { cause: error });
      }
    },
    markFailed() {
      failed = true;
    },
    async close() {
      const tracePath = failed ? join(OUTPUT_DIR, "traces", `${name}.zip`) : undefined;
      if (tracePath) mkdirSync(join(OUTPUT_DIR, "traces"), { recursive: true });
      await context.tracing.stop(tracePath ? { path: tracePath } : {});
      await context.close();
    },
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

/** Whitespace-collapsed text, as a person reads it. */
export const squash = (text: string | null | undefined) => (text ?? "").replace(/\s+/g, " ").trim();

/** The text a person sees in an element (rendered text, with its line breaks). */
export function shownText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; only innerText is what shows
  return locator.innerText();
}
