// Keyport as its operators run it: `keyport start` (the build, api/bin/keyport.mjs) as child
// processes on a PostgreSQL database the test chooses, several of them sharing it the way a
// deployment grows past one machine. Nothing of api/ is imported; the tests speak HTTP and read
// the database only to count what was stored.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import {
  type DemoInfo,
  freePort,
  readDemoInfo,
  waitUntilReady,
} from "../../examples/testing/keyport-process.ts";

const BIN = fileURLToPath(new URL("../../api/bin/keyport.mjs", import.meta.url));

export interface KeyportInstance {
  /** The public listener: portal, Customer API, Licensing API, `/dl`. */
  readonly url: string;
  /** The Vendor API listener. */
  readonly vendorUrl: string;
  readonly pid: number;
  readonly dataDir: string;
  /** When it was ready (`Date.now()`): its background jobs count their first run from about then. */
  readonly readyAt: number;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Whether the process is still running. */
  readonly running: boolean;
  /** Settles when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal without waiting. */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then waits for the exit (SIGKILL after 20 s); the exit code. */
  stop(): Promise<number | null>;
  /** `stop()`, then removes the data directory. */
  dispose(): Promise<void>;
}

export interface StartInstanceOptions {
  /** The PostgreSQL database of the instance. */
  readonly databaseUrl: string;
  /** `SEED_DEMO`: `always` seeds an empty database with the demo. */
  readonly seedDemo?: "always" | "never";
  /**
   * The secrets every instance of one deployment must share (license key hashing, signed
   * links); see {@link sharedSecrets}.
   */
  readonly secrets: Readonly<Record<string, string>>;
  /** More environment variables (they win over the defaults here). */
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

/** `LICENSE_KEY_SECRET` and `SIGNING_KEYS` for one deployment, freshly made. */
export function sharedSecrets(): Record<string, string> {
  return {
    LICENSE_KEY_SECRET: randomBytes(32).toString("hex"),
    SIGNING_KEYS: `k1:${randomBytes(32).toString("hex")}`,
  };
}

/**
 * Starts one `keyport start` on `databaseUrl` with a data directory of its own and free ports,
 * and waits until it has printed its banner and `/readyz` answers 200.
 *
 * @example
 * const instance = await startInstance({ databaseUrl, secrets: sharedSecrets(), seedDemo: "always" });
 * await instance.dispose();
 */
export async function startInstance({
  databaseUrl,
  seedDemo = "never",
  secrets,
  env = {},
  startTimeoutMs = 120_000,
}: StartInstanceOptions): Promise<KeyportInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), "keyport-reliability-"));
  const [port, vendorPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, "start"], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      VENDOR_HOST: "127.0.0.1",
      VENDOR_PORT: String(vendorPort),
      PUBLIC_URL: url,
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl,
      SEED_DEMO: seedDemo,
      ...secrets,
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(kill);
    }
    return child.exitCode;
  };
  const dispose = async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`${url}/readyz`, child, startTimeoutMs, () => output);
  } catch (error) {
    await dispose();
    throw new Error(`Keyport did not start: ${(error as Error).message}\n${output.slice(-4000)}`, {
      cause: error,
    });
  }
  return {
    url,
    vendorUrl: `http://127.0.0.1:${vendorPort}`,
    pid: child.pid ?? 0,
    dataDir,
    readyAt: Date.now(),
    output: () => output,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    exited,
    kill: (signal) => child.kill(signal),
    stop,
    dispose,
  };
}

export interface Deployment {
  readonly instances: readonly KeyportInstance[];
  /** The demo's logins and vendor key, as the seeding (first) instance wrote them. */
  readonly demo: DemoInfo;
  readonly secrets: Readonly<Record<string, string>>;
  /** Stops every instance that still runs and removes their data directories. */
  dispose(): Promise<void>;
}

/**
 * Starts `count` instances on one database: the first seeds the demo into it, the others
 * start once it is ready and share its secrets.
 *
 * @example
 * const { instances: [a, b], demo, dispose } = await startDeployment(2, { databaseUrl });
 */
export async function startDeployment(
  count: number,
  {
    databaseUrl,
    env = {},
  }: { readonly databaseUrl: string; readonly env?: Readonly<Record<string, string>> },
): Promise<Deployment> {
  const secrets = sharedSecrets();
  const first = await startInstance({ databaseUrl, secrets, env, seedDemo: "always" });
  const instances = [first];
  try {
    instances.push(
      ...(await Promise.all(
        Array.from({ length: count - 1 }, () => startInstance({ databaseUrl, secrets, env })),
      )),
    );
  } catch (error) {
    await first.dispose();
    throw error;
  }
  return {
    instances,
    demo: readDemoInfo(first.dataDir),
    secrets,
    dispose: async () => {
      await Promise.all(instances.map((instance) => instance.dispose()));
    },
  };
}

/** A database of its own on the server of `adminUrl`; `drop()` removes it (and its sessions). */
export async function createDatabase(
  adminUrl: string,
): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const name = `keyport_reliability_${randomBytes(6).toString("hex")}`;
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

/** Runs one query on `databaseUrl` with a connection of its own. */
export async function queryDatabase<Row extends Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, [...values])).rows;
  } finally {
    await client.end();
  }
}
