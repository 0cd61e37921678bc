import { defineConfig } from "vitest/config";

// `npm run test:e2e`: the end-to-end suite in e2e/, apart from `npm run test:api`. It drives
// Chromium (playwright-core) against the built `keyport start`, so the npm script builds first.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["e2e/global-setup.ts"],
    // One Keyport, one browser and a vendor site per file: two files at a time on two cores.
    maxWorkers: 2,
    testTimeout: 240_000,
    hookTimeout: 180_000,
    // A journey's steps depend on each other; a retry would start it half-way through.
    retry: 0,
  },
});
