import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_LICENSE_KEY_SECRET } from "./scale-data.ts";

/** Both servers' PostgreSQL pool size: Keyport's default, given to the baseline too. */
export const POOL_SIZE = 10;

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");

/**
 * Where the bench runs Keyport from: a copy of the build (`bin/` and `dist/`),
 * so a rebuild of `api/dist` while the bench runs (which empties it first) cannot
 * pull files from under the running server. Inside the repository, so the
 * server's imports resolve in its node_modules; ignored by git as a `dist/` folder.
 */
const KEYPORT_COPY = join(ROOT, "bench/api/dist");

/** `npm run build:server`, then the copy the bench runs; answers how long it took in seconds. */
export function buildKeyport(): number {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync("npm", ["run", "build:server", "--silent"], { cwd: ROOT, stdio: "pipe" });
      rmSync(KEYPORT_COPY, { recursive: true, force: true });
      cpSync(join(ROOT, "api/dist"), join(KEYPORT_COPY, "dist"), { recursive: true });
      cpSync(join(ROOT, "api/bin"), join(KEYPORT_COPY, "bin"), { recursive: true });
      if (existsSync(join(KEYPORT_COPY, "dist/cli.js"))) break;
      throw new Error("the build has no dist/cli.js");
    } catch (error) {
      // Another build of api/dist at the same moment empties it; try again.
      if (attempt >= 3) throw new Error("npm run build:server failed", { cause: error });
    }
  }
  return (performance.now() - started) / 1000;
}

/** Removes the bench's copy of the build. */
export function removeKeyportCopy(): void {
  rmSync(KEYPORT_COPY, { recursive: true, force: true });
}

/** A server under test, in a process of its own. */
export interface ChildServer {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** The last few kilobytes the process wrote to stderr. */
  output(): string;
  /** Resident memory of the process, in bytes (from /proc; 0 when unreadable). */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

/** A free loopback port (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((settle, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => settle(port));
    });
  });
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`server exited (${child.exitCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((settle) => setTimeout(settle, 200));
  }
  throw new Error(`server at ${url} not ready after 120 s:\n${output()}`);
}

async function launch(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  cleanup: () => void = () => {},
): Promise<ChildServer> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // stdout (Keyport's request log at the default level, info) goes to /dev/null: written, as
    // in production, but not read by the bench process, which shares the CPU with the servers.
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((settle) => child.once("exit", () => settle()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };
  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name,
    url,
    pid: child.pid ?? 0,
    output: () => output,
    async rss() {
      try {
        const { readFile } = await import("node:fs/promises");
        const status = await readFile(`/proc/${child.pid}/status`, "utf8");
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      } catch {
        return 0;
      }
    },
    stop,
  };
}

/**
 * `keyport start` from the bench's copy of the build ({@link buildKeyport} first) on `databaseUrl`,
 * or on embedded PGlite with the demo data when `databaseUrl` is undefined.
 */
export async function startKeyport({
  databaseUrl,
  name = "keyport",
  bin = join(KEYPORT_COPY, "bin/keyport.mjs"),
}: {
  databaseUrl: string | undefined;
  name?: string;
  /** The `keyport` command to run: the bench's copy of the build unless told otherwise. */
  bin?: string;
}): Promise<ChildServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "keyport-bench-api-"));
  return launch(
    name,
    process.execPath,
    [bin, "start"],
    {
      PORT: String(port),
      VENDOR_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      LICENSE_KEY_SECRET: BENCH_LICENSE_KEY_SECRET,
      SEED_DEMO: databaseUrl ? "never" : "always",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: "" }),
    },
    port,
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
}

/** The baseline (bench/api/baseline-server.ts) on `databaseUrl`, with Keyport's pool size. */
export async function startBaseline({
  databaseUrl,
  name = "baseline",
}: {
  databaseUrl: string;
  name?: string;
}): Promise<ChildServer> {
  const port = await freePort();
  return launch(
    name,
    process.execPath,
    ["bench/api/baseline-server.ts"],
    {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      POOL_SIZE: String(POOL_SIZE),
      LICENSE_KEY_SECRET: BENCH_LICENSE_KEY_SECRET,
      SESSION_IDLE_MINUTES: "120",
    },
    port,
  );
}
