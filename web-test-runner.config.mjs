// Web Test Runner: the element tests run in a real, headless Chromium.
// The browser comes from the system (see scripts/find-chromium.mjs); set
// CHROMIUM_PATH to use a specific binary.
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { playwrightLauncher } from "@web/test-runner-playwright";
import { findChromium } from "./scripts/find-chromium.mjs";
import { demoServerPlugin } from "./scripts/wtr-demo-server-plugin.mjs";

/** @type {import("@web/test-runner").TestRunnerConfig} */
export default {
  // `*.server.test.ts` run against the real server with the demo data (see the plugin).
  files: ["elements/**/*.test.ts"],
  // Workspace packages (`@keyport/sdk`) resolve to their sources: no build before a test run.
  nodeResolve: { exportConditions: ["keyport:source"] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: "./tsconfig.json", target: "es2022" }),
    demoServerPlugin(),
  ],
  browsers: [
    playwrightLauncher({
      product: "chromium",
      launchOptions: {
        executablePath: findChromium(),
        headless: true,
        // Containers and CI machines have no sandbox support and no GPU; the rest
        // keep Chromium from phoning home or updating itself mid-run.
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      },
    }),
  ],
  // Two cores on the reference machine: one test file at a time keeps timings stable.
  concurrency: 1,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 5_000 } },
  // Dev mode is wanted in tests (it warns about misuse); its banner on every page is not.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith("Lit is in dev mode"),
};
