import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderSdkTypes } from "../scripts/generate-sdk-types.ts";

describe("sdk/generated", () => {
  it("matches the apps' OpenAPI documents (run `npm run generate` after changing a route)", async () => {
    const files = await renderSdkTypes();
    expect(files.map((file) => file.path)).toEqual([
      "sdk/generated/public-api.ts",
      "sdk/generated/vendor-api.ts",
    ]);
    for (const file of files) {
      const committed = await readFile(new URL(`../${file.path}`, import.meta.url), "utf8");
      // One line to read in the failure, not a diff of thousands of lines.
      expect(committed === file.content, `${file.path} is out of date`).toBe(true);
    }
  });
});
