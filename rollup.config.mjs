// Rollup builds what the three packages ship, each into its own `dist/`:
// - @keyport/sdk: one ESM build, no dependencies;
// - @keyport/elements: the class entry, `define`, one `<tag>/define` entry per element (its
//   npm dependencies left as imports), and a single minified file for a <script type="module">;
// - @keyport/server: the service and the CLI for Node.js, its dependencies left as imports.
// `KEYPORT_BUILD=server` (or a `+`-separated list of sdk, elements, server: rollup's
// `--environment` splits its value at commas) builds only those.
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import nodeResolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import { minifyHTMLLiterals } from "minify-literals";
import esbuild from "rollup-plugin-esbuild";
import { elementTags } from "./scripts/element-tags.mjs";

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** Whether an import belongs to a package's declared dependencies, which its consumer installs once. */
function dependencyOf(packageDir) {
  const { dependencies = {}, peerDependencies = {} } = readJson(`${packageDir}/package.json`);
  const names = [...Object.keys(dependencies), ...Object.keys(peerDependencies)];
  return (id) =>
    id.startsWith("node:") || names.some((name) => id === name || id.startsWith(`${name}/`));
}

const typescript = () => esbuild({ target: "es2022", tsconfig: "tsconfig.json", sourceMap: true });

/** Resolves sibling workspace packages to their sources, so no package needs another's build first. */
const resolveSources = (browser) =>
  nodeResolve({ browser, exportConditions: ["keyport:source"], preferBuiltins: !browser });

/**
 * Minifies the CSS and HTML inside Lit's `css` and `html` templates, which a bundler's own
 * minifier leaves as written (with their indentation and comments).
 */
function minifyTemplates() {
  return {
    name: "minify-templates",
    async transform(code, id) {
      if (!id.includes("/elements/")) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id, sourceMap: true });
      return result && { code: result.code, map: result.map };
    },
  };
}

/** Copies files a package serves at run time next to its build (the API reference's two files). */
function copyAssets(files) {
  return {
    name: "copy-assets",
    generateBundle() {
      for (const { from, to } of files) {
        this.emitFile({ type: "asset", fileName: to, source: readFileSync(from) });
      }
    },
  };
}

const swaggerDist = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/**
 * The standalone portal's files in `api/dist/portal/`: the elements' single-file bundle (built
 * from the sources with esbuild, minified), the page's script and its stylesheet. The server
 * hashes each at start and serves it under that name (api/portal/portal-assets.ts), so the names
 * here stay fixed and no stale hashed copies pile up in `dist/`.
 */
function portalFiles() {
  const browser = {
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    conditions: ["keyport:source"],
    tsconfig: "tsconfig.json",
    write: false,
    logLevel: "silent",
  };
  return {
    name: "keyport-portal-files",
    async generateBundle() {
      const { build } = await import("esbuild");
      const [elements, start] = await Promise.all([
        build({
          ...browser,
          // login-form is imported on its own until elements/define.ts registers it; twice is harmless.
          stdin: {
            contents: 'import "./elements/define.ts";\nimport "./elements/login-form/define.ts";\n',
            resolveDir: process.cwd(),
            loader: "ts",
          },
        }),
        build({ ...browser, entryPoints: ["api/portal/browser/portal-start.ts"] }),
      ]);
      const files = {
        "portal/keyport-elements.js": elements.outputFiles[0].contents,
        "portal/portal-start.js": start.outputFiles[0].contents,
        "portal/portal.css": readFileSync("api/portal/browser/portal.css"),
      };
      for (const [fileName, source] of Object.entries(files)) {
        this.emitFile({ type: "asset", fileName, source });
      }
    },
  };
}

/** @type {Record<string, () => import("rollup").RollupOptions[]>} */
const builds = {
  sdk: () => [
    {
      input: { index: "sdk/index.ts" },
      external: dependencyOf("sdk"),
      plugins: [nodeResolve({ browser: true }), typescript()],
      output: { dir: "sdk/dist", format: "es", sourcemap: true },
    },
  ],
  elements: () => [
    {
      input: {
        index: "elements/index.ts",
        define: "elements/define.ts",
        ...Object.fromEntries(
          elementTags().map((tag) => [`${tag}/define`, `elements/${tag}/define.ts`]),
        ),
      },
      external: dependencyOf("elements"),
      plugins: [nodeResolve({ browser: true }), typescript(), minifyTemplates()],
      output: {
        dir: "elements/dist",
        format: "es",
        sourcemap: true,
        chunkFileNames: "chunks/[name]-[hash].js",
      },
    },
    {
      input: "elements/define.ts",
      plugins: [
        resolveSources(true),
        typescript(),
        minifyTemplates(),
        terser({ format: { comments: false } }),
      ],
      output: {
        file: "elements/dist/keyport-elements.bundle.js",
        format: "es",
        sourcemap: true,
        // One file for a <script> tag: the catalogues loaded on demand elsewhere are inside it.
        inlineDynamicImports: true,
      },
    },
  ],
  server: () => [
    {
      input: { index: "api/index.ts", cli: "api/cli/cli.ts" },
      external: dependencyOf("api"),
      plugins: [
        nodeResolve({ preferBuiltins: true }),
        typescript(),
        portalFiles(),
        copyAssets(
          ["swagger-ui.css", "swagger-ui-bundle.js"].map((file) => ({
            from: join(swaggerDist, file),
            to: `swagger-ui/${file}`,
          })),
        ),
      ],
      output: {
        dir: "api/dist",
        format: "es",
        sourcemap: true,
        chunkFileNames: "chunks/[name]-[hash].js",
      },
    },
  ],
};

/** Where each build writes; emptied first, so no chunk of an earlier build is shipped. */
const outputDirs = { sdk: "sdk/dist", elements: "elements/dist", server: "api/dist" };

const only = process.env.KEYPORT_BUILD?.split("+").map((name) => name.trim());
const selected = Object.entries(builds).filter(
  ([name]) => only === undefined || only.includes(name),
);
for (const [name] of selected) rmSync(outputDirs[name], { recursive: true, force: true });
export default selected.flatMap(([, build]) => build());
