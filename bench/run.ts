/**
 * `npm run bench`: runs each benchmark in turn and exits non-zero when one of
 * them is outside its bound. `npm run bench -- download-memory` runs only the
 * named ones. A benchmark module exports `run(): Promise<boolean>` (true: within
 * its bound) and prints its own report.
 */
const BENCHMARKS: Record<string, () => Promise<{ run(): Promise<boolean> }>> = {
  "download-memory": () => import("./download-memory.ts"),
  "sdk-size": () => import("./sdk-size.ts"),
  "elements-size": () => import("./elements-size.ts"),
  api: () => import("./api.ts"),
};
/** Run only when named: `api` builds a database of millions of rows and takes 20 minutes or more. */
const ON_REQUEST = new Set(["api"]);

// `--name` and `--name=value` are the benchmarks' own options (`npm run bench -- api --quick`).
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark: ${unknown.join(", ")}. Known: ${Object.keys(BENCHMARKS).join(", ")}`,
  );
  process.exit(2);
}

let failed = 0;
for (const [name, load] of Object.entries(BENCHMARKS)) {
  if (wanted.length > 0 ? !wanted.includes(name) : ON_REQUEST.has(name)) continue;
  process.stdout.write(`\n# ${name}\n`);
  const ok = await (await load()).run();
  if (!ok) failed++;
}
process.exit(failed === 0 ? 0 : 1);
