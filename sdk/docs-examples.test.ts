import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// docs/sdk.md's ```ts blocks and sdk/types.test-d.ts, compiled with the
// project's settings: the examples a reader copies must type-check against the
// SDK as it is, and the type tests fail here too, not only under `tsc`.

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The ```ts blocks of a Markdown file, each with the line it starts on. */
function typescriptBlocks(markdown: string): { code: string; line: number }[] {
  const blocks: { code: string; line: number }[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, match.index).split("\n").length + 1;
    blocks.push({ code: match[1]!, line });
  }
  return blocks;
}

/** Type errors of the given in-memory modules (and real files), as `file:line message`. */
function typeErrors(virtualFiles: Map<string, string>, realFiles: string[]): string[] {
  const configPath = join(root, "tsconfig.json");
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  // Readers import the package name; here it resolves to the sources.
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    baseUrl: root,
    paths: { "@keyport/sdk": ["./sdk/index.ts"] },
  };
  const host = ts.createCompilerHost(compilerOptions);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => virtualFiles.get(file) ?? readFile(file);
  host.fileExists = (file) => virtualFiles.has(file) || fileExists(file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = virtualFiles.get(file);
    return text === undefined
      ? getSourceFile(file, language, onError, create)
      : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram({
    rootNames: [...virtualFiles.keys(), ...realFiles],
    options: compilerOptions,
    host,
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName.replace(`${root}/`, "")}:${line + 1} ${message}`;
  });
}

describe("docs/sdk.md", () => {
  it("has examples for the three clients, errors, pagination and tokens", () => {
    const blocks = typescriptBlocks(readFileSync(join(root, "docs/sdk.md"), "utf8"));
    const all = blocks.map((block) => block.code).join("\n");
    for (const name of [
      "createPortalClient",
      "createVendorClient",
      "createLicensingClient",
      "KeyportError",
      "for await",
      "fetchToken",
    ]) {
      expect(all).toContain(name);
    }
  });

  it("type-checks every ts example against the SDK, with the type tests", {
    timeout: 60_000,
  }, () => {
    const blocks = typescriptBlocks(readFileSync(join(root, "docs/sdk.md"), "utf8"));
    // Each block is its own module, named after its line, beside the doc.
    const virtualFiles = new Map(
      blocks.map((block) => [join(root, "docs", `sdk.md.line-${block.line}.ts`), block.code]),
    );
    // A wrong example compiled alongside shows the check can fail.
    virtualFiles.set(
      join(root, "docs", "wrong-example.ts"),
      `import { createPortalClient } from "@keyport/sdk";
const client = createPortalClient({ baseUrl: "https://x.example" });
await client.licenses.list({ status: "lost" });
`,
    );
    const errors = typeErrors(virtualFiles, [join(root, "sdk/types.test-d.ts")]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^docs\/wrong-example\.ts:3 .*"lost"/);
  });
});
