import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { startServer } from "../api/app/server.ts";
import { createVendorApiKey } from "../api/auth/vendor-key-service.ts";
import { loadConfig } from "../api/config/config.ts";
import { prepareDataDir } from "../api/config/data-dir.ts";
import { createTestDatabaseUrl } from "../api/test/harness.ts";

/**
 * Downloads a large asset through a signed link over real HTTP and watches the
 * process's memory: the file must stream, so memory may grow only by a bounded
 * amount whatever the file's size. Server and client share the process, so the
 * bound covers both.
 */
const SIZE = Number(process.env.BENCH_DOWNLOAD_BYTES ?? 200 * 1024 * 1024);
/**
 * Bound on the peak growth over the baseline taken just before the download, in
 * bytes, of resident memory and of live Buffers (measured right after a garbage
 * collection). RSS alone can miss buffering: pages freed after start-up are
 * reused without growing it. Buffers without a collection count garbage that V8
 * has not collected yet, which says nothing about streaming.
 */
const GROWTH_BOUND = 64 * 1024 * 1024;
const CHUNK = 64 * 1024;
const RSS_SAMPLE_MS = 25;
const LIVE_SAMPLE_MS = 250;
const MB = 1024 * 1024;

interface Peak {
  rss: number;
  /** `arrayBuffers` right after a collection: the Buffers still referenced. */
  liveBuffers: number;
}

/** Collects garbage (run with --expose-gc) and lets the freed Buffers' memory go. */
async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("Run with node --expose-gc (npm run bench does)");
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Samples RSS every 25 ms and, with `live`, the live Buffers every 250 ms (each
 * such sample collects garbage first, which slows the work being measured).
 */
function sampleMemory({ live }: { live: boolean }): { stop(): Promise<Peak> } {
  const peak: Peak = { rss: 0, liveBuffers: 0 };
  let measuring = false;
  const takeRss = () => {
    peak.rss = Math.max(peak.rss, process.memoryUsage.rss());
  };
  const takeLive = async () => {
    if (measuring) return;
    measuring = true;
    await settle();
    peak.liveBuffers = Math.max(peak.liveBuffers, process.memoryUsage().arrayBuffers);
    measuring = false;
  };
  takeRss();
  const timers = [setInterval(takeRss, RSS_SAMPLE_MS)];
  if (live) timers.push(setInterval(() => void takeLive(), LIVE_SAMPLE_MS));
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      takeRss();
      while (measuring) await new Promise((resolve) => setImmediate(resolve));
      return peak;
    },
  };
}

/** `size` pseudo-random bytes, hashed as they are made, never held whole. */
function* generated(size: number, hash: ReturnType<typeof createHash>): Generator<Buffer> {
  for (let sent = 0; sent < size; sent += CHUNK) {
    const chunk = randomBytes(Math.min(CHUNK, size - sent));
    hash.update(chunk);
    yield chunk;
  }
}

/**
 * Posts the stream to `url` with node:http and `pipeline`, which waits for the
 * socket to drain (fetch with a stream body reads ahead without bound, which
 * would put the client's buffering into the numbers).
 */
async function postStream(
  url: string,
  headers: Record<string, string>,
  body: Iterable<Buffer>,
): Promise<{ status: number; text: string }> {
  const request = httpRequest(url, { method: "POST", headers });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.once("response", async (res) => {
      let text = "";
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode ?? 0, text });
    });
    request.once("error", reject);
  });
  await pipeline(Readable.from(body), request);
  return answer;
}

async function call(
  base: string,
  path: string,
  body: unknown,
  authorization: string,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Fetches `url`, hashing and counting the body as it arrives and keeping none of it. */
async function download(url: string): Promise<{ bytes: number; sha256: string; seconds: number }> {
  const started = performance.now();
  const res = await fetch(url);
  if (res.status !== 200 || !res.body) throw new Error(`download: ${res.status}`);
  const hash = createHash("sha256");
  let bytes = 0;
  const reader = res.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    hash.update(read.value);
    bytes += read.value.length;
  }
  return { bytes, sha256: hash.digest("hex"), seconds: (performance.now() - started) / 1000 };
}

const line = (label: string, text: string) => process.stdout.write(`${label.padEnd(20)}${text}\n`);
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/**
 * Sets up a customer entitled to one 200 MB asset through the Vendor API,
 * downloads it twice through a signed link (once for throughput, once while
 * sampling memory), and answers whether memory stayed within the bound.
 */
export async function run(): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), "keyport-bench-"));
  // On PostgreSQL a database of its own, dropped afterwards, as the tests do.
  const database = await createTestDatabaseUrl();
  const config = prepareDataDir(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: "0",
      VENDOR_PORT: "0",
      LOG_LEVEL: "warn",
      SEED_DEMO: "never",
      DATABASE_URL: database.url,
    }),
  );
  const server = await startServer(config, { shutdownTimeoutMs: 1000 });
  try {
    const { key } = await createVendorApiKey(server.runtime.deps.db, "bench");
    const vendor = (path: string, body: unknown) =>
      call(server.vendorUrl, `/vendor/v1${path}`, body, `Bearer ${key}`);
    const product = await vendor("/products", { name: "Bench", slug: "bench" });
    const release = await vendor("/releases", {
      productId: product.id,
      version: "1.0.0",
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const policy = await vendor("/policies", {
      productId: product.id,
      name: "Bench",
      maxMachines: 1,
      maxDomains: 0,
      expirationStrategy: "restrict",
    });
    const account = await vendor("/accounts", { name: "Bench", kind: "organization" });
    const user = await vendor("/users", {
      accountId: account.id,
      email: "bench@example.com",
      name: "Bench",
      role: "owner",
      sendInvitation: false,
    });
    await vendor("/licenses", { accountId: account.id, policyId: policy.id });
    const { token } = await vendor("/portal-sessions", { userId: user.id });

    await settle();
    const beforeUpload = process.memoryUsage.rss();
    const uploadSampler = sampleMemory({ live: false });
    const uploadHash = createHash("sha256");
    const uploadStarted = performance.now();
    const uploaded = await postStream(
      `${server.vendorUrl}/vendor/v1/releases/${release.id}/assets?filename=bench.bin&kind=installer`,
      { authorization: `Bearer ${key}`, "content-type": "application/octet-stream" },
      generated(SIZE, uploadHash),
    );
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${uploaded.text}`);
    const asset = JSON.parse(uploaded.text) as { id: string; sha256: string };
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    const uploadPeak = await uploadSampler.stop();
    if (asset.sha256 !== uploadHash.digest("hex")) throw new Error("upload: sha256 differs");

    const { url } = await call(
      server.publicUrl,
      `/v1/assets/${asset.id}/link`,
      {},
      `Bearer ${token}`,
    );
    const link = new URL(url as string);
    const linkUrl = `${server.publicUrl}${link.pathname}${link.search}`;

    const timed = await download(linkUrl);
    await settle();
    const baseline = process.memoryUsage();
    const sampler = sampleMemory({ live: true });
    const watched = await download(linkUrl);
    const peak = await sampler.stop();

    const rssGrowth = peak.rss - baseline.rss;
    const buffersGrowth = peak.liveBuffers - baseline.arrayBuffers;
    const byteExact = [timed, watched].every(
      (result) => result.bytes === SIZE && result.sha256 === asset.sha256,
    );
    const ok = byteExact && rssGrowth <= GROWTH_BOUND && buffersGrowth <= GROWTH_BOUND;
    const rate = (seconds: number) =>
      `${seconds.toFixed(1)} s, ${(SIZE / MB / seconds).toFixed(0)} MB/s`;
    line("database", server.runtime.database.kind);
    line("file", mb(SIZE));
    line("upload", rate(uploadSeconds));
    line("upload rss growth", `${mb(uploadPeak.rss - beforeUpload)} (from ${mb(beforeUpload)})`);
    line("download", rate(timed.seconds));
    line("byte-exact", byteExact ? "yes (both downloads, sha256)" : "NO");
    line("rss baseline", mb(baseline.rss));
    line("rss peak growth", `${mb(rssGrowth)} (bound ${mb(GROWTH_BOUND)})`);
    line(
      "live buffers growth",
      `${mb(buffersGrowth)} (bound ${mb(GROWTH_BOUND)}; ${mb(baseline.arrayBuffers)} → ${mb(peak.liveBuffers)})`,
    );
    line("result", ok ? "ok" : "FAILED");
    return ok;
  } finally {
    await server.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
