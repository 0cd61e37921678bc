// The guides show code from files that tests type-check or run. In a guide, a fenced block right
// under `<!-- snippet: examples/…/file.ts#name -->` is the region `#region name` … `#endregion
// name` of that file (the whole file without `#name`). `npm run docs:snippets` copies the
// regions into the guides; examples/docs-snippets.test.ts fails when a block differs from its
// file, or when a guide below has a code block that comes from no file.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The guides whose code blocks all come from files. */
export const SNIPPET_GUIDES = [
  "docs/embedding.md",
  "docs/licensing.md",
  "docs/deployment.md",
  "docs/getting-started.md",
];

/** Languages that are code (a shell session or a JSON answer is not). */
export const CODE_LANGUAGES = new Set(["ts", "tsx", "js", "jsx", "html", "css", "vue", "svelte"]);

const MARKER = /^<!-- snippet: (\S+?)(?:#([\w-]+))? -->\n```(\w*)\n([\s\S]*?)^```$/gm;
const FENCE = /^```(\w*)\n[\s\S]*?^```$/gm;

export interface SnippetProblem {
  readonly guide: string;
  readonly line: number;
  readonly message: string;
}

/** The region `name` of a file, dedented; the whole file without a name. */
export function readRegion(file: string, name?: string): string {
  const text = readFileSync(join(ROOT, file), "utf8");
  if (name === undefined) return text.trimEnd();
  const lines = text.split("\n");
  const isMarker = (line: string, kind: "region" | "endregion") =>
    new RegExp(`^\\s*(//|/\\*|<!--) #${kind} ${name}( \\*/| -->)?\\s*$`).test(line);
  const start = lines.findIndex((line) => isMarker(line, "region"));
  const end = lines.findIndex((line, index) => index > start && isMarker(line, "endregion"));
  if (start === -1 || end === -1) throw new Error(`${file} has no region "${name}"`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(
    ...body
      .filter((line) => line.trim() !== "")
      .map((line) => line.length - line.trimStart().length),
  );
  return body
    .map((line) => line.slice(indent))
    .join("\n")
    .trimEnd();
}

/** Every snippet of a guide that differs from its file, and every code block without a file. */
export function checkGuide(guide: string): SnippetProblem[] {
  const markdown = readFileSync(join(ROOT, guide), "utf8");
  const problems: SnippetProblem[] = [];
  const lineOf = (index: number) => markdown.slice(0, index).split("\n").length;
  const covered = new Set<number>();
  for (const match of markdown.matchAll(MARKER)) {
    const [whole, file, region, , body] = match;
    const fenceAt = match.index + whole.indexOf("```");
    covered.add(fenceAt);
    let expected: string;
    try {
      expected = readRegion(file!, region);
    } catch (error) {
      problems.push({ guide, line: lineOf(match.index), message: (error as Error).message });
      continue;
    }
    if (body!.trimEnd() !== expected) {
      problems.push({
        guide,
        line: lineOf(fenceAt),
        message: `differs from ${file}${region ? `#${region}` : ""} (run npm run docs:snippets)`,
      });
    }
  }
  for (const match of markdown.matchAll(FENCE)) {
    if (CODE_LANGUAGES.has(match[1]!) && !covered.has(match.index)) {
      problems.push({
        guide,
        line: lineOf(match.index),
        message: `a \`\`\`${match[1]} block that comes from no file: put it in examples/ and mark it <!-- snippet: … -->`,
      });
    }
  }
  return problems;
}

/** Copies every snippet's region into its guide; answers the guides it changed. */
export function writeSnippets(guides: readonly string[] = SNIPPET_GUIDES): string[] {
  const changed: string[] = [];
  for (const guide of guides) {
    const path = join(ROOT, guide);
    const markdown = readFileSync(path, "utf8");
    const next = markdown.replace(
      MARKER,
      (_whole, file: string, region: string | undefined, language: string) =>
        `<!-- snippet: ${file}${region ? `#${region}` : ""} -->\n\`\`\`${language}\n${readRegion(file, region)}\n\`\`\``,
    );
    if (next !== markdown) {
      writeFileSync(path, next);
      changed.push(guide);
    }
  }
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const guide of writeSnippets()) process.stdout.write(`updated ${guide}\n`);
}
