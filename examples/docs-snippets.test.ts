import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkGuide, readRegion, SNIPPET_GUIDES } from "./docs-snippets.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("the guides' code comes from files", () => {
  it.each(SNIPPET_GUIDES)("%s: every code block is its file's region", (guide) => {
    expect(checkGuide(guide)).toEqual([]);
  });

  it("notices a block that differs from its file, and a block from no file", () => {
    const dir = mkdtempSync(join(ROOT, "examples", ".snippet-test-"));
    try {
      writeFileSync(
        join(dir, "code.ts"),
        "const a = 1;\n// #region part\n  const b = 2;\n// #endregion part\n",
      );
      const file = relative(ROOT, join(dir, "code.ts"));
      expect(readRegion(file, "part")).toBe("const b = 2;");
      writeFileSync(
        join(dir, "guide.md"),
        `<!-- snippet: ${file}#part -->\n\`\`\`ts\nconst b = 3;\n\`\`\`\n\n\`\`\`js\nalert(1);\n\`\`\`\n\n\`\`\`sh\nnpm start\n\`\`\`\n`,
      );
      const problems = checkGuide(relative(ROOT, join(dir, "guide.md")));
      expect(problems.map(({ line, message }) => [line, message.split(" ")[0]])).toEqual([
        [2, "differs"],
        [6, "a"],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
