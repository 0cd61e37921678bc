// Rollup builds what the three packages ship, each into its own `dist/`:
// - @keyport/sdk: one ESM build, no dependencies;
// - @keyport/elements: the class entry, `define`, one `<tag>/define` entry per element (its
//   npm dependencies left as imports), and a single minified file for a <script type="module">;
// - @keyport/server: the service and the CLI for Node.js, its dependencies left as imports.
// `KEYPORT_BUILD=server` (or a comma-separated list of sdk, elements, server) builds only those.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import nodeResolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
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
      plugins: [nodeResolve({ browser: true }), typescript()],
      output: {
        dir: "elements/dist",
        format: "es",
        sourcemap: true,
        chunkFileNames: "chunks/[name]-[hash].js",
      },
    },
    {
      input: "elements/define.ts",
      plugins: [resolveSources(true), typescript(), terser({ format: { comments: false } })],
      output: { file: "elements/dist/keyport-elements.bundle.js", format: "es", sourcemap: true },
    },
  ],
  server: () => [
    {
      input: { index: "api/index.ts", cli: "api/cli.ts" },
      external: dependencyOf("api"),
      plugins: [
        nodeResolve({ preferBuiltins: true }),
        typescript(),
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

const only = process.env.KEYPORT_BUILD?.split(",").map((name) => name.trim());
export default Object.entries(builds)
  .filter(([name]) => only === undefined || only.includes(name))
  .flatMap(([, build]) => build());
