// `npm run lint:openapi`: writes both OpenAPI documents as the apps build them and
// lints them with Redocly CLI under redocly.yaml (the recommended rules, plus the
// ones that keep every operation documented). Any problem fails, warnings too:
// Redocly itself exits 0 on warnings.
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocuments } from "../api/app/openapi-documents.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Under node_modules, so git never sees the written documents. */
const OUT_DIR = join(ROOT, "node_modules", ".cache", "keyport-openapi");

/**
 * Writes `/openapi.json` and `/vendor/openapi.json` into `dir` as `public.json`
 * and `vendor.json`, and answers their paths.
 *
 * @example
 * const [publicPath, vendorPath] = await writeOpenApiDocuments("/tmp/keyport-openapi");
 */
export async function writeOpenApiDocuments(dir: string): Promise<[string, string]> {
  const documents = await buildOpenApiDocuments();
  await mkdir(dir, { recursive: true });
  const publicPath = join(dir, "public.json");
  const vendorPath = join(dir, "vendor.json");
  await writeFile(publicPath, `${JSON.stringify(documents.public, null, 2)}\n`);
  await writeFile(vendorPath, `${JSON.stringify(documents.vendor, null, 2)}\n`);
  return [publicPath, vendorPath];
}

interface RedoclyProblem {
  readonly ruleId: string;
  readonly severity: "error" | "warn";
  readonly message: string;
  readonly location: readonly {
    readonly source: { readonly ref: string };
    readonly pointer: string;
  }[];
}

/** Runs Redocly CLI's `lint` on one document; answers the problems it found. */
function redoclyLint(path: string): RedoclyProblem[] {
  const require = createRequire(import.meta.url);
  const cliPackage = require.resolve("@redocly/cli/package.json");
  const { bin } = require(cliPackage) as { bin: Record<string, string> };
  const cli = join(dirname(cliPackage), bin.redocly ?? Object.values(bin)[0]!);
  const result = spawnSync(
    process.execPath,
    [cli, "lint", path, "--config", join(ROOT, "redocly.yaml"), "--format", "json"],
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      // No usage reports and no update check: the lint must work offline and say nothing.
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  const start = result.stdout.indexOf("{");
  if (start < 0) {
    throw new Error(`redocly lint printed no report (exit ${result.status}):\n${result.stderr}`);
  }
  return (JSON.parse(result.stdout.slice(start)) as { problems: RedoclyProblem[] }).problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = await writeOpenApiDocuments(OUT_DIR);
  const found = paths.flatMap((path) => redoclyLint(path));
  for (const problem of found) {
    const where = problem.location[0];
    const file = where ? relative(ROOT, where.source.ref) : "?";
    console.error(
      `${file}${where?.pointer ?? ""}\n  ${problem.severity} ${problem.ruleId}: ${problem.message}`,
    );
  }
  const names = paths.map((path) => relative(ROOT, path)).join(", ");
  if (found.length > 0) {
    console.error(`\nlint:openapi: ${found.length} problems in ${names}`);
    process.exit(1);
  }
  console.warn(`lint:openapi: ${names} lint clean`);
}
