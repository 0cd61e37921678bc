import { defineConfig } from "vitest/config";

// `npm run test:reliability`: the thorough reliability suite in reliability/ (isolation, hostile
// input, concurrency, faults, two instances). Its fast parts, `reliability/**/*.test.ts`, run in
// `npm run test:api` as well; these files start real processes and PostgreSQL clusters.
export default defineConfig({
  test: {
    include: ["reliability/**/*.reliability.ts"],
    environment: "node",
    globalSetup: ["scripts/vitest-global-setup.ts"],
    // A file may start PostgreSQL clusters and Keyport processes: one file at a time.
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
