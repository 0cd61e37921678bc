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
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
  /** Modules the bundle imports from outside; a browser bundle has none. */
  readonly externalImports: readonly string[];
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
  const result = await build({
    stdin: {
      contents,
      resolveDir: new URL("..", import.meta.url).pathname,
      sourcefile: "entry.ts",
      loader: "ts",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: fromSources ? ["keyport:source"] : [],
    // The repository's tsconfig maps the package names to sources; an installed package has no such map.
    ...(fromSources ? {} : { tsconfigRaw: "{}" }),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const externalImports = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((imported) => imported.external).map((imported) => imported.path),
  );
  return {
    entry,
    minifiedBytes: code.length,
    gzippedBytes: gzipSync(code, { level: 9 }).length,
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
