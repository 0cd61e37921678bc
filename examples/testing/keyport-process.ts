// The real Keyport for the examples' tests and the end-to-end suite: the built `keyport start`
// (api/bin/keyport.mjs) as a child process on a temporary DATA_DIR and free ports, seeded with the
// demo. Nothing of api/ is imported: the tests meet Keyport the way a vendor does, over HTTP.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const BIN = fileURLToPath(new URL("../../api/bin/keyport.mjs", import.meta.url));

/** What the demo seed keeps in `DATA_DIR/demo.json` (or `demo-<hash>.json` on PostgreSQL). */
export interface DemoInfo {
  readonly vendorKey: string;
  readonly password: string;
  readonly logins: readonly { email: string; name: string; role: string; account: string }[];
}

export interface KeyportProcess {
  /** The public listener: portal, Customer API, Licensing API, `/dl` links. */
  readonly url: string;
  /** The Vendor API listener (`/vendor/v1`). */
  readonly vendorUrl: string;
  readonly dataDir: string;
  readonly demo: DemoInfo;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  close(): Promise<void>;
}

export interface KeyportProcessOptions {
  /** `ALLOWED_ORIGINS`: pages on other origins that may call the Customer API. */
  readonly allowedOrigins?: readonly string[];
  /** More environment variables for the server (they win over the defaults here). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the start (build already done, migrations, demo seed) may take. */
  readonly startTimeoutMs?: number;
}

/**
 * Starts `keyport start` with the demo data. On PostgreSQL when `DATABASE_URL` is set (a fresh
 * database on that server, dropped again by `close()`), else on embedded PGlite.
 * Needs the build (`npm run build:server`); the test runners' global setups run it.
 *
 * @example
 * const keyport = await startKeyport({ allowedOrigins: ["http://localhost:8790"] });
 * const vendor = createVendorClient({ baseUrl: keyport.vendorUrl, apiKey: keyport.demo.vendorKey });
 * await keyport.close();
 */
export async function startKeyport({
  allowedOrigins = [],
  env = {},
  startTimeoutMs = 120_000,
}: KeyportProcessOptions = {}): Promise<KeyportProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "keyport-e2e-"));
  const database = await createDatabase(process.env.DATABASE_URL);
  const [port, vendorPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, "start"], {
    env: {
      ...inherited,
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      VENDOR_HOST: "127.0.0.1",
      VENDOR_PORT: String(vendorPort),
      PUBLIC_URL: url,
      ALLOWED_ORIGINS: allowedOrigins.join(","),
      LOG_LEVEL: "warn",
      ...(database ? { DATABASE_URL: database.url, SEED_DEMO: "always" } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });

  const cleanUp = async () => {
    await stop(child);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`${url}/readyz`, child, startTimeoutMs, () => output);
    return {
      url,
      vendorUrl: `http://127.0.0.1:${vendorPort}`,
      dataDir,
      demo: readDemoInfo(dataDir),
      output: () => output,
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw new Error(`Keyport did not start: ${(error as Error).message}\n${output.slice(-4000)}`, {
      cause: error,
    });
  }
}

/** The demo's logins and vendor key, as the first start wrote them beside the data. */
export function readDemoInfo(dataDir: string): DemoInfo {
  const file = readdirSync(dataDir).find((name) => /^demo(-[0-9a-f]+)?\.json$/.test(name));
  if (file === undefined) throw new Error(`No demo info in ${dataDir}: was the demo seeded?`);
  return JSON.parse(readFileSync(join(dataDir, file), "utf8")) as DemoInfo;
}

/** A port nobody listens on right now (the OS picks it; the server takes it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Waits for the start banner and a 200 from `/readyz`; fails at once when the process exits. */
export async function waitUntilReady(
  readyUrl: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    // The banner is printed once the demo is seeded; /readyz alone answers before that.
    if (output().includes("Keyport is ready")) {
      const ready = await fetch(readyUrl).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms`);
}

/** SIGTERM lets requests finish and the database close; SIGKILL after 15 s. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A database of its own on the server of `adminUrl`, so parallel test files never meet. */
async function createDatabase(
  adminUrl: string | undefined,
): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  if (!adminUrl) return undefined;
  const name = `keyport_example_${randomBytes(6).toString("hex")}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
