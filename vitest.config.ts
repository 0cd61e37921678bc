import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "api/**/*.test.ts",
      "sdk/**/*.test.ts",
      "examples/**/*.test.ts",
      "scripts/**/*.test.ts",
      "reliability/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    environment: "node",
    globalSetup: ["scripts/vitest-global-setup.ts"],
    // Each file opens its own database; two workers suit a two-core machine.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
