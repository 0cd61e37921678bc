import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { explainStatements } from "./api/explain.ts";
import { figuresOf, type LoadSample, type LoadTarget, measure } from "./api/load.ts";
import {
  type ApiBenchReport,
  evaluateGoals,
  machineFacts,
  printReport,
  type RouteResult,
  renderChart,
  replaceFiguresBlock,
} from "./api/report.ts";
import {
  BENCH_PASSWORD,
  type BenchSecrets,
  prepareScaleDatabase,
  sizesFor,
} from "./api/scale-data.ts";
import {
  buildKeyport,
  type ChildServer,
  POOL_SIZE,
  removeKeyportCopy,
  startBaseline,
  startKeyport,
} from "./api/servers.ts";
import { measureSignInBurst } from "./api/sign-in-burst.ts";
import { countStatements } from "./api/statement-check.ts";
import { startStatementCounter } from "./api/statement-counter.ts";

/**
 * `npm run bench -- api`: Keyport against a raw baseline at the issue's scale.
 * Makes (or reuses) the scale data in a PostgreSQL database of its own, starts
 * `keyport start` and the baseline (`node:http` + `pg`, the same SQL), checks
 * that both send the same statements per request, then runs autocannon on each
 * route at 10 and 50 connections, alternating Keyport and baseline, and takes
 * medians over the rounds. Also: Keyport on embedded PGlite with the demo data,
 * a burst of sign-ins against another route's p99, and the 1 GB download.
 *
 * Prints a table and writes JSON (and, for a full run, the chart and the figures
 * in docs/performance.md). The goals are reported, not asserted: it fails only
 * when the tooling failed or the two servers' statement counts differ.
 *
 * Options (flags after `--`, or the environment): `--scale=0.01` (BENCH_API_SCALE),
 * `--fresh` (rebuild the data), `--quick` (1 round of 3 s), `--rounds=3`
 * (BENCH_API_ROUNDS), `--seconds=10` (BENCH_API_SECONDS), `--connections=10,50`,
 * `--no-download`, `--drop` (drop the bench database afterwards); BENCH_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres) is the server to use.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

interface Options {
  readonly scale: number;
  readonly fresh: boolean;
  readonly quick: boolean;
  readonly rounds: number;
  readonly seconds: number;
  readonly connections: readonly number[];
  readonly download: boolean;
  readonly drop: boolean;
  readonly serverUrl: string;
  readonly database: string;
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string, variable: string) =>
    argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? env[variable];
  const quick = flag("quick");
  const scale = Number(value("scale", "BENCH_API_SCALE") ?? 1);
  if (!(scale > 0 && scale <= 10))
    throw new Error(`--scale: expected 0 < scale ≤ 10, got ${scale}`);
  const rounds = Number(value("rounds", "BENCH_API_ROUNDS") ?? (quick ? 1 : 3));
  const seconds = Number(value("seconds", "BENCH_API_SECONDS") ?? (quick ? 3 : 10));
  const connections = (value("connections", "BENCH_API_CONNECTIONS") ?? "10,50")
    .split(",")
    .map(Number);
  if (!(rounds >= 1) || !(seconds >= 1) || connections.some((n) => !(n >= 1))) {
    throw new Error("--rounds, --seconds and --connections must be whole numbers ≥ 1");
  }
  return {
    scale,
    fresh: flag("fresh"),
    quick,
    rounds,
    seconds,
    connections,
    download: !quick && !flag("no-download"),
    drop: flag("drop"),
    serverUrl: env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    database: scale === 1 ? "keyport_bench" : `keyport_bench_${String(scale).replace(/\W/g, "_")}`,
  };
}

function targetsFor(secrets: BenchSecrets): LoadTarget[] {
  const typical = secrets.typicalTokens;
  return [
    {
      id: "licenses",
      label: "`GET /v1/licenses?limit=20` (typical customer)",
      method: "GET",
      path: "/v1/licenses?limit=20",
      tokens: typical,
      baseline: true,
    },
    {
      id: "activations",
      label: "`GET /v1/activations`",
      method: "GET",
      path: "/v1/activations",
      tokens: typical,
      baseline: true,
    },
    {
      id: "dashboard",
      label: "`GET /v1/dashboard`",
      method: "GET",
      path: "/v1/dashboard",
      tokens: typical,
      baseline: true,
    },
    {
      id: "downloads",
      label: "`GET /v1/downloads`",
      method: "GET",
      path: "/v1/downloads",
      tokens: typical,
      baseline: true,
    },
    {
      id: "dashboard-10k",
      label: "`GET /v1/dashboard`, owner of 10,000 licenses",
      method: "GET",
      path: "/v1/dashboard",
      tokens: secrets.bigOwnerTokens,
      baseline: true,
    },
    {
      id: "validate",
      label: "`POST /v1/licensing/validate` (many keys)",
      method: "POST",
      path: "/v1/licensing/validate",
      bodies: secrets.licenseKeys.map((key) => JSON.stringify({ key })),
      baseline: true,
    },
  ];
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = (started: number) => `${((performance.now() - started) / 1000).toFixed(0)} s`;

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      await client.query<{ server_version: string }>("show server_version")
    ).rows[0]!.server_version.split(" ")[0]!;
  } finally {
    await client.end();
  }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

/** Signs in as the demo's owner on an embedded instance; answers a bearer token. */
async function demoToken(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: "olivia.owner@example.com",
      password: "demo-password",
      tokenType: "bearer",
    }),
  });
  if (res.status !== 200) throw new Error(`demo sign-in: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The 1 GB delivery, by the download-memory benchmark at that size, on the bench's PostgreSQL. */
async function runDownload(serverUrl: string): Promise<{ ok: boolean; bytes: number }> {
  const bytes = 1024 * 1024 * 1024;
  const saved = { bytes: process.env.BENCH_DOWNLOAD_BYTES, url: process.env.DATABASE_URL };
  process.env.BENCH_DOWNLOAD_BYTES = String(bytes);
  process.env.DATABASE_URL = serverUrl;
  try {
    const { run } = await import("./download-memory.ts");
    return { ok: await run(), bytes };
  } finally {
    if (saved.bytes === undefined) delete process.env.BENCH_DOWNLOAD_BYTES;
    else process.env.BENCH_DOWNLOAD_BYTES = saved.bytes;
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
  }
}

export async function run(): Promise<boolean> {
  const options = readOptions(process.argv.slice(2), process.env);
  const started = performance.now();
  const startedAt = new Date();
  const failures: string[] = [];
  const running: ChildServer[] = [];
  const stopAll = async () => {
    for (const server of running.splice(0)) await server.stop();
  };
  try {
    log(
      `scale ${options.scale} (database ${options.database}), ${options.rounds} round(s) of ${options.seconds} s at ${options.connections.join(" and ")} connections${options.quick ? " (quick)" : ""}`,
    );
    const data = await prepareScaleDatabase({
      serverUrl: options.serverUrl,
      name: options.database,
      sizes: sizesFor(options.scale),
      fresh: options.fresh,
      log: (line) => log(`  ${line}`),
    });
    log(`data ready in ${data.seconds.toFixed(0)} s${data.built ? " (built)" : " (reused)"}`);
    const buildSeconds = buildKeyport();
    log(`npm run build:server in ${buildSeconds.toFixed(0)} s`);
    const targets = targetsFor(data.secrets);
    const dbUrl = new URL(data.url);

    // 1. The same statements: both servers through the counting proxy.
    const counter = await startStatementCounter({
      host: dbUrl.hostname,
      port: Number(dbUrl.port || 5432),
    });
    const proxied = new URL(data.url);
    proxied.hostname = "127.0.0.1";
    proxied.port = String(counter.port);
    let statements: Awaited<ReturnType<typeof countStatements>>;
    try {
      const keyport = await startKeyport({ databaseUrl: proxied.toString() });
      running.push(keyport);
      const baseline = await startBaseline({ databaseUrl: proxied.toString() });
      running.push(baseline);
      statements = await countStatements({ counter, keyport, baseline, targets });
    } finally {
      await stopAll();
      await counter.close();
    }
    for (const route of statements) {
      if (!route.same) {
        failures.push(
          `${route.target}: Keyport sends ${route.keyport.perRequest} statements per request (status ${route.keyport.status}), the baseline ${route.baseline.perRequest} (status ${route.baseline.status}); update bench/api/baseline-sql.ts`,
        );
      }
    }
    log(`statements counted (${elapsed(started)})`);

    // 2. Load, A/B alternated.
    const keyport = await startKeyport({ databaseUrl: data.url });
    running.push(keyport);
    const baseline = await startBaseline({ databaseUrl: data.url });
    running.push(baseline);
    const results: RouteResult[] = [];
    const warmSeconds = options.quick ? 1 : 2;
    for (const target of targets) {
      for (const connections of options.connections) {
        const k: LoadSample[] = [];
        const b: LoadSample[] = [];
        await measure(keyport.url, target, { connections, seconds: warmSeconds });
        await measure(baseline.url, target, { connections, seconds: warmSeconds });
        for (let round = 0; round < options.rounds; round++) {
          k.push(await measure(keyport.url, target, { connections, seconds: options.seconds }));
          b.push(await measure(baseline.url, target, { connections, seconds: options.seconds }));
        }
        const result: RouteResult = {
          target: target.id,
          label: target.label,
          connections,
          keyport: figuresOf(k),
          baseline: figuresOf(b),
        };
        results.push(result);
        for (const [name, samples] of [
          ["Keyport", k],
          ["baseline", b],
        ] as const) {
          const bad = samples.reduce((sum, s) => sum + s.non2xx + s.errors, 0);
          const total = samples.reduce((sum, s) => sum + s.requests, 0);
          if (bad > total * 0.01) {
            failures.push(
              `${target.id} at ${connections}: ${name} answered ${bad} of ${total} requests with an error or a status other than 2xx (${JSON.stringify(samples.map((s) => s.statuses))})`,
            );
          }
        }
        log(
          `  ${target.id.padEnd(14)} ${String(connections).padStart(3)} conns  Keyport ${result.keyport.rps.toFixed(0).padStart(6)} req/s  baseline ${result.baseline!.rps.toFixed(0).padStart(6)} req/s  (${elapsed(started)})`,
        );
      }
    }
    const memory = { keyportRss: await keyport.rss(), baselineRss: await baseline.rss() };

    // 3. A burst of sign-ins against the license page's p99.
    const signInBurst = await measureSignInBurst({
      url: keyport.url,
      target: targets[0]!,
      emails: data.secrets.signInEmails,
      password: BENCH_PASSWORD,
      connections: options.connections[0]!,
      seconds: options.seconds,
      rounds: options.rounds,
    });
    if (signInBurst.failedSignIns > 0) {
      failures.push(`sign-in burst: ${signInBurst.failedSignIns} sign-ins did not answer 200`);
    }
    log(`sign-in burst measured (${elapsed(started)})`);
    await stopAll();

    // 4. Embedded PGlite with the demo data.
    const embedded = await startKeyport({ databaseUrl: undefined, name: "keyport-pglite" });
    running.push(embedded);
    const pgliteTarget: LoadTarget = {
      id: "licenses-pglite",
      label: "`GET /v1/licenses`, embedded PGlite, demo data",
      method: "GET",
      path: "/v1/licenses?limit=20",
      tokens: [await demoToken(embedded.url)],
      baseline: false,
    };
    for (const connections of options.connections) {
      await measure(embedded.url, pgliteTarget, { connections, seconds: warmSeconds });
      const samples: LoadSample[] = [];
      for (let round = 0; round < options.rounds; round++) {
        samples.push(
          await measure(embedded.url, pgliteTarget, { connections, seconds: options.seconds }),
        );
      }
      results.push({
        target: pgliteTarget.id,
        label: pgliteTarget.label,
        connections,
        keyport: figuresOf(samples),
        baseline: null,
      });
    }
    await stopAll();
    log(`embedded measured (${elapsed(started)})`);

    // 5. Plans of the dashboard's statements, typical and large owner.
    const statementsOf = (id: string) =>
      statements.find((route) => route.target === id)?.keyport.statements ?? [];
    const explain = {
      typical: await explainStatements(data.url, statementsOf("dashboard")),
      large: await explainStatements(data.url, statementsOf("dashboard-10k")),
    };

    // 6. The 1 GB delivery.
    const download = options.download ? await runDownload(options.serverUrl) : null;
    if (download && !download.ok) log("download: outside its memory bound (see above)");

    const report: ApiBenchReport = {
      version: 1,
      startedAt: startedAt.toISOString(),
      seconds: Math.round((performance.now() - started) / 1000),
      mode: options.quick ? "quick" : "full",
      options: {
        scale: options.scale,
        rounds: options.rounds,
        seconds: options.seconds,
        connections: [...options.connections],
        poolSize: POOL_SIZE,
      },
      machine: { ...machineFacts(), postgres: await postgresVersion(options.serverUrl) },
      data: {
        database: options.database,
        sizes: data.sizes,
        built: data.built,
        seconds: Math.round(data.seconds),
      },
      statements: statements.map((route) => ({
        target: route.target,
        same: route.same,
        sameShape: route.sameShape,
        keyport: {
          perRequest: route.keyport.perRequest,
          amortized: route.keyport.amortized,
          status: route.keyport.status,
          sql: route.keyport.statements.map((s) => s.sql.replace(/\s+/g, " ").trim()),
        },
        baseline: {
          perRequest: route.baseline.perRequest,
          amortized: route.baseline.amortized,
          status: route.baseline.status,
          sql: route.baseline.statements.map((s) => s.sql.replace(/\s+/g, " ").trim()),
        },
      })),
      results,
      memory,
      signInBurst,
      download,
      explain,
      goals: [],
      failures,
    };
    report.goals.push(...evaluateGoals(report));
    printReport(report, log);

    const full = !options.quick && options.scale === 1;
    const jsonPath = resolve(ROOT, `bench/results/api${full ? "" : "-quick"}.json`);
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    // The committed file in the formatter's layout, so `npm run lint` passes on it (the quick
    // one is ignored by git, and so by Biome).
    if (full) {
      execFileSync(resolve(ROOT, "node_modules/.bin/biome"), ["format", "--write", jsonPath], {
        stdio: "ignore",
      });
    }
    log(`\nJSON: ${jsonPath.slice(ROOT.length + 1)}`);
    if (full) {
      writeFileSync(resolve(ROOT, "docs/performance-api.svg"), renderChart(report));
      const docPath = resolve(ROOT, "docs/performance.md");
      writeFileSync(docPath, replaceFiguresBlock(readFileSync(docPath, "utf8"), report));
      log("chart: docs/performance-api.svg; figures: docs/performance.md");
    } else {
      const chartPath = resolve(ROOT, "bench/results/api-quick.svg");
      writeFileSync(chartPath, renderChart(report));
      log(`chart: ${chartPath.slice(ROOT.length + 1)} (docs are written by full runs only)`);
    }
    for (const failure of failures) console.error(`FAILED: ${failure}`);
    return failures.length === 0;
  } finally {
    await stopAll();
    removeKeyportCopy();
    if (options.drop) await dropDatabase(options.serverUrl, options.database);
  }
}
