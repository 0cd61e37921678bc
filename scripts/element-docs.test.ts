import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REFERENCE_PATH, readManifest, renderElementReference } from "./element-docs.ts";

describe("docs/elements-reference.md", () => {
  it("says what the element sources say (run `npm run docs:elements` after changing an element)", () => {
    const committed = readFileSync(REFERENCE_PATH, "utf8");
    expect(committed).toBe(renderElementReference(readManifest()));
  });

  it("documents every registered element with its attributes, events and parts", () => {
    const page = renderElementReference(readManifest());
    expect(page).toContain("## `<portal-provider>`");
    expect(page).toContain("| `api-base` | `apiBase` |");
    expect(page).toContain("`keyport-signed-out`");
  });
});
