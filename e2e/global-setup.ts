// Before the end-to-end files: a fresh output folder, and a clear message when the build the
// suite runs against is missing (`npm run test:e2e` builds it; `vitest -c …` alone does not).
import { existsSync, rmSync } from "node:fs";
import { OUTPUT_DIR } from "./journey.ts";

const BUILT = [
  "api/dist/cli.js",
  "api/dist/portal/keyport-elements.js",
  "elements/dist/define.js",
  "sdk/dist/index.js",
];

export default function prepare(): void {
  const missing = BUILT.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Not built: ${missing.join(", ")}. Run \`npx rollup -c\` or \`npm run build\` (npm run test:e2e builds first).`,
    );
  }
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
}
