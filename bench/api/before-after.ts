import { resolve } from "node:path";
import { figuresOf, type LoadSample, type LoadTarget, measure } from "./load.ts";
import { prepareScaleDatabase, sizesFor } from "./scale-data.ts";
import { buildKeyport, type ChildServer, removeKeyportCopy, startKeyport } from "./servers.ts";

/**
 * Keyport now against an earlier build of it, on the same data, alternated like
 * the API benchmark's A/B: the figure behind a goal such as "validation ≥ 1.5×
 * today's throughput". The earlier build runs on a database of its own made at
 * the bulk's schema (the first four migrations; an earlier build may not know
 * the later ones), the current one on the API benchmark's database.
 *
 * ```sh
 * git archive <commit> | tar -x -C /tmp/keyport-before && ln -s "$PWD/node_modules" /tmp/keyport-before/
 * (cd /tmp/keyport-before && npx rollup -c --silent --environment KEYPORT_BUILD:server)
 * npx tsx bench/api/before-after.ts /tmp/keyport-before [validate,licenses,…]
 * ```
 *
 * Prints one line per route and concurrency: the medians of both and the ratio.
 */

const [beforeDir, only = "validate"] = process.argv.slice(2);
if (!beforeDir) {
  console.error("usage: tsx bench/api/before-after.ts <earlier checkout, built> [route,route…]");
  process.exit(2);
}
const serverUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const rounds = Number(process.env.BENCH_API_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_API_SECONDS ?? 10);
const scale = Number(process.env.BENCH_API_SCALE ?? 1);
const sizes = sizesFor(scale);
/** The API benchmark's database name for this scale (bench/api.ts). */
const suffix = scale === 1 ? "" : `_${String(scale).replace(/\W/g, "_")}`;
const write = (line: string) => process.stdout.write(`${line}\n`);

const now = await prepareScaleDatabase({
  serverUrl,
  name: `keyport_bench${suffix}`,
  sizes,
  fresh: false,
  log: (line) => write(`  now: ${line}`),
});
const before = await prepareScaleDatabase({
  serverUrl,
  name: `keyport_bench_before${suffix}`,
  sizes,
  fresh: false,
  laterMigrations: false,
  log: (line) => write(`  before: ${line}`),
});

function targets(secrets: typeof now.secrets): LoadTarget[] {
  return [
    {
      id: "validate",
      label: "validate",
      method: "POST",
      path: "/v1/licensing/validate",
      bodies: secrets.licenseKeys.map((key) => JSON.stringify({ key })),
      baseline: false,
    },
    {
      id: "licenses",
      label: "licenses",
      method: "GET",
      path: "/v1/licenses?limit=20",
      tokens: secrets.typicalTokens,
      baseline: false,
    },
    {
      id: "dashboard",
      label: "dashboard",
      method: "GET",
      path: "/v1/dashboard",
      tokens: secrets.typicalTokens,
      baseline: false,
    },
    {
      id: "dashboard-10k",
      label: "dashboard-10k",
      method: "GET",
      path: "/v1/dashboard",
      tokens: secrets.bigOwnerTokens,
      baseline: false,
    },
  ];
}

buildKeyport();
const servers: ChildServer[] = [];
try {
  const current = await startKeyport({ databaseUrl: now.url, name: "now" });
  servers.push(current);
  const earlier = await startKeyport({
    databaseUrl: before.url,
    name: "before",
    bin: resolve(beforeDir, "api/bin/keyport.mjs"),
  });
  servers.push(earlier);
  const wanted = only.split(",");
  const nowTargets = targets(now.secrets).filter((t) => wanted.includes(t.id));
  const beforeTargets = targets(before.secrets).filter((t) => wanted.includes(t.id));
  for (const [i, target] of nowTargets.entries()) {
    for (const connections of [10, 50]) {
      const a: LoadSample[] = [];
      const b: LoadSample[] = [];
      await measure(earlier.url, beforeTargets[i]!, { connections, seconds: 2 });
      await measure(current.url, target, { connections, seconds: 2 });
      for (let round = 0; round < rounds; round++) {
        b.push(await measure(earlier.url, beforeTargets[i]!, { connections, seconds }));
        a.push(await measure(current.url, target, { connections, seconds }));
      }
      const [x, y] = [figuresOf(b), figuresOf(a)];
      const bad = [...a, ...b].reduce((sum, s) => sum + s.non2xx + s.errors, 0);
      write(
        `${target.id.padEnd(14)} ${String(connections).padStart(3)}  before ${x.rps.toFixed(0)} req/s p50 ${x.p50} p99 ${x.p99} ms  now ${y.rps.toFixed(0)} req/s p50 ${y.p50} p99 ${y.p99} ms  now ÷ before ${(y.rps / x.rps).toFixed(2)}×${bad > 0 ? `  (${bad} non-2xx or errors)` : ""}`,
      );
    }
  }
} finally {
  for (const server of servers) await server.stop();
  removeKeyportCopy();
}
