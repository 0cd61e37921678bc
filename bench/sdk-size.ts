import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * Bundles each SDK client the way a browser app would (esbuild, browser
 * platform, minified, tree-shaken from the package entry) and reports its
 * min+gzip size. Types cost nothing at run time, so they are not in the count.
 */
export const PORTAL_CLIENT_BUDGET_BYTES = 5 * 1024;

export interface BundleSize {
  readonly entry: string;
  /**
   * What a page loads before any `import()` runs: the entry's file and the chunks it imports
   * statically, each compressed on its own as a server sends it. Without lazy parts, all of it.
   */
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
  /** The chunks only an `import()` loads (e.g. the German catalogues), largest first. */
  readonly lazyChunks: readonly LazyChunk[];
  /** Modules the bundle imports from outside; a browser bundle has none. */
  readonly externalImports: readonly string[];
}

/** A chunk of a bundle that loads on demand. */
export interface LazyChunk {
  /** The source files in it, as esbuild names them. */
  readonly inputs: readonly string[];
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
}

/** The exports of sdk/index.ts a browser app might take on its own. */
export const SDK_ENTRIES = [
  "createPortalClient",
  "createLicensingClient",
  "createVendorClient",
  "KeyportError",
] as const;

/**
 * The min+gzip size of a bundle importing `names` from the SDK's entry.
 * Fails (esbuild cannot resolve them for the browser) when a module reaches
 * for a Node built-in.
 *
 * @example
 * const { gzippedBytes } = await measureSdkBundle(["createPortalClient"]);
 */
export function measureSdkBundle(names: readonly string[]): Promise<BundleSize> {
  return measureBundle(names.join(", "), `export { ${names.join(", ")} } from "./sdk/index.ts";`);
}

/**
 * Bundles `contents` (an entry module, resolved from the repository root; workspace packages
 * from their sources, or with `fromSources: false` from their builds, as an installed package
 * would be) as a browser app would: esbuild, minified, tree-shaken; reports its size.
 *
 * @example
 * await measureBundle("license-list", `import "./elements/license-list/define.ts";`);
 */
export async function measureBundle(
  entry: string,
  contents: string,
  { fromSources = true }: { readonly fromSources?: boolean } = {},
): Promise<BundleSize> {
  const root = new URL("..", import.meta.url).pathname;
  const result = await build({
    absWorkingDir: root,
    stdin: {
      contents,
      resolveDir: root,
      sourcefile: "entry.ts",
      loader: "ts",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // Each `import()` becomes a chunk of its own, as a vendor's bundler makes it.
    splitting: true,
    // Never written (`write: false`); the metafile names the files relative to the root.
    outdir: "size",
    conditions: fromSources ? ["keyport:source"] : [],
    // The repository's tsconfig maps the package names to sources; an installed package has no such map.
    ...(fromSources ? {} : { tsconfigRaw: "{}" }),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const sizeOf = (path: string) => {
    const code = result.outputFiles.find((file) => file.path === resolve(root, path))!.contents;
    return { minifiedBytes: code.length, gzippedBytes: gzipSync(code, { level: 9 }).length };
  };
  // The entry and what it imports statically; then what `import()` reaches from there (a chunk
  // of a module that tree-shaking dropped is written but never loaded, and not counted).
  const reach = (from: readonly string[], kinds: readonly string[]) => {
    const found = new Set<string>();
    const visit = (path: string) => {
      if (found.has(path)) return;
      found.add(path);
      for (const imported of outputs[path]!.imports) {
        if (kinds.includes(imported.kind) && !imported.external) visit(imported.path);
      }
    };
    for (const path of from) visit(path);
    return found;
  };
  const entryFile = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === "entry.ts")!;
  const initial = reach([entryFile], ["import-statement"]);
  const loaded = reach([entryFile], ["import-statement", "dynamic-import"]);
  const initialSizes = [...initial].map(sizeOf);
  const lazyChunks = [...loaded]
    .filter((path) => !initial.has(path))
    .map((path) => ({ inputs: Object.keys(outputs[path]!.inputs), ...sizeOf(path) }))
    .sort((a, b) => b.gzippedBytes - a.gzippedBytes);
  const externalImports = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((imported) => imported.external).map((imported) => imported.path),
  );
  return {
    entry,
    minifiedBytes: initialSizes.reduce((sum, size) => sum + size.minifiedBytes, 0),
    gzippedBytes: initialSizes.reduce((sum, size) => sum + size.gzippedBytes, 0),
    lazyChunks,
    externalImports,
  };
}

/** `npm run bench -- sdk-size`: prints the sizes; fails when the portal client is over budget. */
export async function run(): Promise<boolean> {
  const sizes = [
    ...(await Promise.all(SDK_ENTRIES.map((name) => measureSdkBundle([name])))),
    await measureSdkBundle(SDK_ENTRIES),
  ];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  for (const size of sizes) {
    const label = size === sizes.at(-1) ? "everything in sdk/index.ts" : size.entry;
    process.stdout.write(
      `${label.padEnd(28)} ${kb(size.minifiedBytes).padStart(9)} min  ${kb(size.gzippedBytes).padStart(8)} min+gzip\n`,
    );
  }
  const portal = sizes[0]!;
  const ok = portal.gzippedBytes <= PORTAL_CLIENT_BUDGET_BYTES;
  process.stdout.write(
    `portal client: ${kb(portal.gzippedBytes)} min+gzip, budget ${kb(PORTAL_CLIENT_BUDGET_BYTES)}: ${ok ? "ok" : "OVER BUDGET"}\n`,
  );
  return ok;
}
