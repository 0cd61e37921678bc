// Rollup builds what the package ships: one ESM build per entry point (its npm
// dependencies left as imports) and a single-file bundle of the elements for a
// <script type="module"> tag on pages without a bundler.
import { readFileSync } from "node:fs";
import nodeResolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import esbuild from "rollup-plugin-esbuild";

const { dependencies = {} } = JSON.parse(readFileSync("./package.json", "utf8"));
const dependencyNames = Object.keys(dependencies);

/** Whether an import belongs to a runtime dependency, which the consumer installs once (one Lit per page). */
const isDependency = (id) =>
  dependencyNames.some((name) => id === name || id.startsWith(`${name}/`));

/** The package's entry points, one line each. `platform` decides which export conditions resolve. */
const packageEntries = [
  { input: "elements/index.ts", dir: "dist/elements", platform: "browser" },
  { input: "sdk/index.ts", dir: "dist/sdk", platform: "browser" },
  { input: "api/index.ts", dir: "dist/api", platform: "node" },
];

const typescript = () => esbuild({ target: "es2022", tsconfig: "tsconfig.json", sourceMap: true });

/** @returns {import("rollup").RollupOptions} */
function packageBuild({ input, dir, platform }) {
  return {
    input: { index: input },
    external: isDependency,
    plugins: [nodeResolve({ browser: platform === "browser" }), typescript()],
    output: { dir, format: "es", sourcemap: true },
  };
}

/** @type {import("rollup").RollupOptions} */
const elementsBundle = {
  input: "elements/index.ts",
  plugins: [nodeResolve({ browser: true }), typescript(), terser({ format: { comments: false } })],
  output: {
    file: "dist/elements/keyport-elements.bundle.js",
    format: "es",
    sourcemap: true,
  },
};

export default [...packageEntries.map(packageBuild), elementsBundle];
