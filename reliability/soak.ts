// `npm run test:soak`: minutes of mixed traffic against one `keyport start`, watching the
// process's memory (RSS), open file descriptors and PostgreSQL connections. After a warm-up it
// compares the start of the measured stretch with its end (medians of the first and last
// quarter, so one GC or one burst decides nothing) and exits 1 when any of them grew past its
// tolerance, or when a request failed (a 5xx or no answer).
//
//   npm run test:soak                  five minutes
//   npm run test:soak -- --minutes 1   (or SOAK_MINUTES=1)
//
// On the PostgreSQL of DATABASE_URL (a database of its own, dropped at the end) when it is set,
// else on a throwaway cluster (reliability/support/pg-cluster.ts). Linux only: it reads /proc.
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readDemoInfo } from "../examples/testing/keyport-process.ts";
import buildServer from "../scripts/vitest-global-setup.ts";
import {
  createDatabase,
  queryDatabase,
  sharedSecrets,
  startInstance,
} from "./support/instances.ts";
import { type PgCluster, startPgCluster } from "./support/pg-cluster.ts";
import {
  assetLink,
  createCustomer,
  customerRead,
  type LoadTask,
  publishAsset,
  runLoad,
  signIn,
  tally,
  validation,
} from "./support/traffic.ts";

const { values } = parseArgs({
  options: {
    minutes: { type: "string" },
    "sample-seconds": { type: "string" },
    workers: { type: "string" },
  },
});
const minutes = Number(values.minutes ?? process.env.SOAK_MINUTES ?? 5);
const sampleMs = 1000 * Number(values["sample-seconds"] ?? process.env.SOAK_SAMPLE_SECONDS ?? 5);
const workers = Number(values.workers ?? process.env.SOAK_WORKERS ?? 6);
if (!(minutes > 0) || !(sampleMs > 0) || !(workers > 0)) {
  console.error("soak: --minutes, --sample-seconds and --workers take positive numbers");
  process.exit(2);
}
const durationMs = minutes * 60_000;
/**
 * Memory, handles and pools settle first: caches fill, the JIT warms, the pool opens, V8 grows
 * its heap to what the load needs (about a minute here). Runs shorter than three minutes leave
 * little to measure after it: a smoke test, not a verdict.
 */
const warmUpMs = Math.min(Math.max(60_000, durationMs * 0.2), durationMs / 2);

/** How much each measure may grow from the first to the last quarter after warm-up. */
const TOLERANCE = {
  rssBytes: (start: number) => Math.max(32 * 1024 * 1024, start * 0.15),
  fds: () => 8,
  connections: () => 2,
};

interface Sample {
  readonly atMs: number;
  readonly rssBytes: number;
  readonly fds: number;
  readonly connections: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  log(`soak: building the server, then ${minutes} min of traffic (warm-up ${warmUpMs / 1000} s)`);
  await buildServer();
  const cluster: PgCluster | undefined = process.env.DATABASE_URL
    ? undefined
    : await startPgCluster();
  const adminUrl = process.env.DATABASE_URL ?? (cluster as PgCluster).url();
  const database = await createDatabase(adminUrl);
  const databaseName = new URL(database.url).pathname.slice(1);
  const cleanUp = async () => {
    await database.drop().catch(() => {});
    await cluster?.destroy();
  };
  const keyport = await startInstance({
    databaseUrl: database.url,
    secrets: sharedSecrets(),
    seedDemo: "always",
    // One link serves the whole soak, however long.
    env: { DOWNLOAD_LINK_SECONDS: "86400" },
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  try {
    const { vendorKey } = readDemoInfo(keyport.dataDir);
    // 60 Licensing API calls per key and minute: enough keys that validations are not throttled
    // (at 150 keys, up to 150 validations a second).
    const customer = await createCustomer(keyport.vendorUrl, vendorKey, {
      licenses: 150,
      name: "soak",
    });
    const token = await signIn(keyport.url, customer.email, customer.password);
    const assetId = await publishAsset(keyport.vendorUrl, vendorKey, {
      productId: customer.productId,
      version: "1.0.0",
      filename: "soak.bin",
      bytes: new Uint8Array(256 * 1024).fill(7),
    });
    const link = await assetLink(keyport.url, token, assetId);

    const reads = ["/v1/licenses?limit=20", "/v1/dashboard", "/v1/activations", "/v1/downloads"];
    // Per ten requests: six customer reads, three validations (every key in turn, so each stays
    // under its per-minute limit), one download.
    let validations = 0;
    const next = (_worker: number, index: number): LoadTask => {
      const slot = index % 10;
      if (slot === 9) return { kind: "download", url: link };
      if (slot >= 6) {
        const key = customer.keys[validations++ % customer.keys.length] as string;
        return validation(keyport.url, key);
      }
      return customerRead(keyport.url, reads[slot % reads.length] as string, token);
    };
    const stop = new AbortController();
    const started = performance.now();
    const load = runLoad(workers, next, stop.signal, { pauseMs: 5 });
    const samples: Sample[] = [];
    const sampler = setInterval(() => {
      void sample(keyport.pid, database.url, databaseName).then((measured) => {
        const sampleAt = performance.now() - started;
        samples.push({ atMs: sampleAt, ...measured });
        log(
          `${(sampleAt / 1000).toFixed(0).padStart(5)} s  rss ${mb(measured.rssBytes)}  ` +
            `fds ${measured.fds}  pg connections ${measured.connections}`,
        );
      });
    }, sampleMs);
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    clearInterval(sampler);
    stop.abort();
    const outcomes = await load;

    const failures = outcomes.filter(
      (outcome) => outcome.status === undefined || outcome.status >= 500,
    );
    const measured = samples.filter((entry) => entry.atMs >= warmUpMs);
    const verdicts = [
      check("RSS", measured, (entry) => entry.rssBytes, TOLERANCE.rssBytes, mb),
      check("open file descriptors", measured, (entry) => entry.fds, TOLERANCE.fds, String),
      check(
        "PostgreSQL connections",
        measured,
        (entry) => entry.connections,
        TOLERANCE.connections,
        String,
      ),
    ];
    const seconds = (performance.now() - started) / 1000;
    // Every answered validation must be stored once the server has stopped (buffered writes
    // included); none may be stored twice.
    const running = keyport.running;
    const exitCode = await keyport.stop();
    const answered = outcomes.filter(
      (outcome) => outcome.kind === "validate" && outcome.status === 200,
    ).length;
    const [row] = await queryDatabase<{ count: string }>(
      database.url,
      "select count(*) as count from validation_events where account_id = $1",
      [customer.accountId],
    );
    const recorded = Number(row?.count ?? 0);
    const stored = recorded === answered && exitCode === 0;
    log(`\n${outcomes.length} requests in ${seconds.toFixed(0)} s:`);
    for (const [what, count] of Object.entries(tally(outcomes))) log(`  ${what}: ${count}`);
    for (const verdict of verdicts) log(verdict.line);
    if (failures.length > 0) log(`FAIL ${failures.length} requests failed (5xx or no answer)`);
    if (!running) log("FAIL the server exited during the soak");
    log(
      `${stored ? "ok  " : "FAIL"} validations: ${answered} answered 200, ${recorded} stored; ` +
        `exit code ${exitCode}`,
    );
    const ok =
      failures.length === 0 && running && stored && verdicts.every((verdict) => verdict.ok);
    log(ok ? "\nsoak: flat" : "\nsoak: FAILED");
    return ok ? 0 : 1;
  } finally {
    await keyport.dispose();
    await cleanUp();
  }
}

/** RSS and fd count of the process, connections to the database. */
async function sample(pid: number, databaseUrl: string, databaseName: string) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fds = readdirSync(`/proc/${pid}/fd`).length;
  const [row] = await queryDatabase<{ count: string }>(
    databaseUrl,
    // Its own connection (this query's) does not count.
    "select count(*) as count from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [databaseName],
  );
  return { rssBytes: rssKb * 1024, fds, connections: Number(row?.count ?? 0) };
}

/** Median of the first quarter against median of the last quarter of the measured samples. */
function check(
  name: string,
  samples: readonly Sample[],
  value: (entry: Sample) => number,
  tolerance: (start: number) => number,
  format: (value: number) => string,
): { ok: boolean; line: string } {
  if (samples.length < 4) {
    return { ok: false, line: `FAIL ${name}: too few samples after warm-up (${samples.length})` };
  }
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const start = median(samples.slice(0, quarter).map(value));
  const end = median(samples.slice(-quarter).map(value));
  const allowed = tolerance(start);
  const ok = end - start <= allowed;
  return {
    ok,
    line:
      `${ok ? "ok  " : "FAIL"} ${name}: ${format(start)} → ${format(end)} ` +
      `(may grow by ${format(allowed)}; ${samples.length} samples after warm-up)`,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error("soak: could not run:", error);
  return 2;
});
