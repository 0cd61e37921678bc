// The tags @keyport/elements registers: every element folder with a `define.ts`. Read by the
// build (one entry per tag) and by the package tests (one export per tag).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const elementsDir = new URL("../elements/", import.meta.url).pathname;

/** @returns {string[]} */
export function elementTags() {
  return readdirSync(elementsDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(elementsDir, entry.name, "define.ts")),
    )
    .map((entry) => entry.name)
    .sort();
}
