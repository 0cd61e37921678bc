// The three published packages, proven from outside: what each tarball holds, and what a
// vendor gets when installing one into an empty folder. Builds the repository first.
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../api/app/server.ts";
import { loadConfig } from "../api/config/config.ts";
import { prepareDataDir } from "../api/config/data-dir.ts";
import { createTestDatabaseUrl } from "../api/test/harness.ts";
import { elementTags } from "./element-tags.mjs";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const WORKSPACES = { sdk: "@keyport/sdk", elements: "@keyport/elements", api: "@keyport/server" };
/** What only the service needs; none of it may reach a page or an SDK user. */
const SERVER_ONLY = [
  "@electric-sql/pglite",
  "@aws-sdk",
  "pg",
  "hono",
  "kysely",
  "swagger-ui-dist",
  "tsx",
];

interface PackedFile {
  readonly path: string;
}
interface Packed {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly files: readonly PackedFile[];
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const npm = (args: string[], cwd: string) =>
  run("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });

let scratch: string;
const packed = new Map<string, Packed>();

beforeAll(async () => {
  // The service was built by the global setup; rebuilding it here would race the CLI tests.
  const builds = ["build:types", "build:manifest"].map((script) => ["run", script, "--silent"]);
  await run("npx", ["rollup", "-c", "--silent", "--environment", "KEYPORT_BUILD:sdk+elements"], {
    cwd: root,
  });
  for (const args of builds) await run("npm", args, { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  scratch = mkdtempSync(join(tmpdir(), "keyport-packages-"));
  const { stdout } = await npm(
    [
      "pack",
      "--json",
      "--pack-destination",
      scratch,
      ...Object.keys(WORKSPACES).flatMap((w) => ["-w", w]),
    ],
    root,
  );
  for (const entry of JSON.parse(stdout) as Packed[]) packed.set(entry.name, entry);
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Every file an `exports` map or `bin` points at, without the repository-only source condition. */
function shippedTargets(manifest: Record<string, unknown>): string[] {
  const targets: string[] = [];
  const walk = (value: unknown, condition?: string) => {
    if (typeof value === "string") {
      if (condition !== "keyport:source") targets.push(value.replace(/^\.\//, ""));
    } else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) walk(inner, key);
    }
  };
  walk(manifest.exports);
  walk(manifest.bin);
  return targets;
}

describe("the package contents", () => {
  it.each(Object.entries(WORKSPACES))(
    "%s packs as %s with every field a registry needs",
    (dir, name) => {
      const manifest = readJson(join(root, dir, "package.json"));
      expect(packed.get(name)?.version).toBe(readJson(join(root, "package.json")).version);
      for (const field of [
        "name",
        "version",
        "license",
        "repository",
        "exports",
        "files",
        "engines",
      ]) {
        expect(manifest, `${name}: ${field}`).toHaveProperty(field);
      }
      expect(manifest.private, `${name} is publishable`).toBeUndefined();
      for (const [entry, target] of Object.entries(manifest.exports as Record<string, unknown>)) {
        if (typeof target === "object" && target !== null) {
          expect(Object.keys(target)[0], `${name} ${entry}: types first`).toBe("types");
        }
      }
    },
  );

  it.each(Object.values(WORKSPACES))("%s holds every file its exports and bin name", (name) => {
    const dir = Object.entries(WORKSPACES).find(([, n]) => n === name)![0];
    const files = new Set(packed.get(name)!.files.map((file) => file.path));
    const manifest = readJson(join(root, dir, "package.json"));
    for (const target of shippedTargets(manifest))
      expect(files, `${name}: ${target}`).toContain(target);
    // The repository-only condition points at sources that exist here, and are not shipped.
    for (const target of JSON.stringify(manifest.exports).match(/"keyport:source":"([^"]+)"/g) ??
      []) {
      const path = target.split('":"')[1]!.replace(/"$/, "");
      expect(existsSync(join(root, dir, path)), `${name}: ${path}`).toBe(true);
      expect(files).not.toContain(path.replace(/^\.\//, ""));
    }
  });

  it.each(Object.values(WORKSPACES))(
    "%s ships no tests, sources, fixtures or source maps",
    (name) => {
      const unexpected = packed
        .get(name)!
        .files.map((file) => file.path)
        .filter(
          (path) =>
            !(
              path === "package.json" ||
              path === "README.md" ||
              (path.startsWith("dist/") && /\.(js|d\.ts|css)$/.test(path)) ||
              path.startsWith("bin/") ||
              path === "custom-elements.json"
            ) || /\.test\.|test-helpers|fixtures|test-api|\/test\/|\.map$/.test(path),
        );
      expect(unexpected).toEqual([]);
    },
  );

  it("@keyport/elements has an entry, a side-effect entry and a manifest entry for every element", () => {
    const manifest = readJson(join(root, "elements", "package.json"));
    const elementsManifest = readJson(join(root, "elements", "custom-elements.json"));
    const tagNames = elementsManifest.modules.flatMap(
      (module: { declarations?: { tagName?: string }[] }) =>
        (module.declarations ?? []).flatMap((declaration) => declaration.tagName ?? []),
    );
    expect(elementTags().length).toBeGreaterThan(0);
    for (const tag of elementTags()) {
      expect(manifest.exports[`./${tag}`], tag).toEqual({
        types: `./dist/types/${tag}/define.d.ts`,
        "keyport:source": `./${tag}/define.ts`,
        default: `./dist/${tag}/define.js`,
      });
      expect(tagNames, `custom-elements.json names <${tag}>`).toContain(tag);
    }
    // Registering modules are side effects a bundler must keep (built, and as sources for the
    // repository's own bundles); the class entry is not.
    expect(manifest.sideEffects).toEqual([
      "./dist/define.js",
      "./dist/*/define.js",
      "./dist/keyport-elements.bundle.js",
      "./define.ts",
      "./*/define.ts",
    ]);
    expect(manifest.customElements).toBe("custom-elements.json");
  });

  it("@keyport/sdk has no runtime dependencies, @keyport/elements only Lit's and the SDK", () => {
    expect(readJson(join(root, "sdk", "package.json")).dependencies).toBeUndefined();
    expect(
      Object.keys(readJson(join(root, "elements", "package.json")).dependencies).sort(),
    ).toEqual(["@keyport/sdk", "@lit/context", "@lit/task", "lit"]);
  });
});

describe("installed from the tarballs into an empty folder", () => {
  let server: RunningServer;
  let database: Awaited<ReturnType<typeof createTestDatabaseUrl>>;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabaseUrl();
    dataDir = mkdtempSync(join(tmpdir(), "keyport-packages-server-"));
    const config = prepareDataDir(
      loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", DATABASE_URL: database.url ?? "" }),
    );
    server = await startServer({ ...config, port: 0, vendorPort: 0 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A folder with a package.json depending on the named tarballs, installed with npm. */
  async function install(folder: string, names: readonly string[]): Promise<string> {
    const dir = join(scratch, folder);
    mkdirSync(dir);
    const tarball = (name: string) => `file:${join(scratch, packed.get(name)!.filename)}`;
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: `consumer-${folder}`,
        private: true,
        type: "module",
        dependencies: Object.fromEntries(names.map((name) => [name, tarball(name)])),
        // Not on a registry yet: the elements' own dependency on the SDK comes from its tarball too.
        overrides: { "@keyport/sdk": tarball("@keyport/sdk") },
      }),
    );
    await npm(["install", "--prefer-offline", "--omit=dev"], dir);
    return dir;
  }

  /** The packages in a folder's node_modules, scoped ones as `@scope/name`. */
  function installedPackages(dir: string): string[] {
    const modules = join(dir, "node_modules");
    return readdirSync(modules)
      .filter((name) => !name.startsWith("."))
      .flatMap((name) =>
        name.startsWith("@")
          ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`)
          : [name],
      )
      .sort();
  }

  it("@keyport/sdk works in Node.js against a running server", async () => {
    const dir = await install("sdk-user", ["@keyport/sdk"]);
    expect(installedPackages(dir)).toEqual(["@keyport/sdk"]);
    const script = `
      import { createLicensingClient } from "@keyport/sdk";
      const client = createLicensingClient({ baseUrl: process.argv[1] });
      const answer = await client.validate({ key: "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE" });
      console.log(JSON.stringify({ valid: answer.valid, code: answer.code }));
    `;
    const { stdout } = await run(
      process.execPath,
      ["--input-type=module", "-e", script, server.publicUrl],
      {
        cwd: dir,
      },
    );
    expect(JSON.parse(stdout)).toEqual({ valid: false, code: "NOT_FOUND" });
  }, 120_000);

  it("@keyport/elements brings only Lit and the SDK, and bundles for a page without any server code", async () => {
    const dir = await install("vendor-site", ["@keyport/elements"]);
    const installed = installedPackages(dir);
    const allowed = [
      "@keyport/elements",
      "@keyport/sdk",
      "@lit/context",
      "@lit/task",
      "@lit/reactive-element",
      "@lit-labs/ssr-dom-shim",
      "lit",
      "lit-element",
      "lit-html",
      "@types/trusted-types",
    ];
    expect(installed.filter((name) => !allowed.includes(name))).toEqual([]);
    for (const name of SERVER_ONLY)
      expect(installed.some((p) => p === name || p.startsWith(`${name}/`))).toBe(false);

    const entries = [
      "@keyport/elements",
      "@keyport/elements/define",
      ...elementTags().map((tag) => `@keyport/elements/${tag}`),
    ];
    writeFileSync(join(dir, "page.js"), entries.map((entry) => `import "${entry}";`).join("\n"));
    const result = await build({
      absWorkingDir: dir,
      entryPoints: ["page.js"],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes("@keyport/sdk/dist/"))).toBe(true);
    for (const name of SERVER_ONLY)
      expect(inputs.filter((input) => input.includes(`node_modules/${name}`))).toEqual([]);
    // The single-file build is there for a <script type="module"> tag.
    expect(
      existsSync(join(dir, "node_modules/@keyport/elements/dist/keyport-elements.bundle.js")),
    ).toBe(true);
  }, 120_000);

  it("@keyport/server installs without the optional S3 store or telemetry and runs `keyport --help`", async () => {
    const dir = await install("service", ["@keyport/server"]);
    const installed = installedPackages(dir);
    for (const name of ["@aws-sdk/client-s3", "swagger-ui-dist", "@scarf/scarf", "tsx", "lit"]) {
      expect(installed, name).not.toContain(name);
    }
    const { stdout } = await run("npx", ["--no-install", "keyport", "--help"], { cwd: dir });
    expect(stdout).toContain("Usage: keyport <command>");
    expect(stdout).toContain("DATABASE_URL");

    // Choosing S3 without the optional AWS SDK stops the start with the command that adds it.
    const s3Start = run("npx", ["--no-install", "keyport", "start"], {
      cwd: dir,
      env: {
        ...process.env,
        DATA_DIR: join(dir, "data"),
        ASSET_STORE: "s3",
        S3_BUCKET: "assets",
        SEED_DEMO: "never",
      },
    });
    await expect(s3Start).rejects.toMatchObject({
      stderr: expect.stringContaining("npm install @aws-sdk/client-s3 @aws-sdk/lib-storage"),
    });
  }, 240_000);
});
