// A throwaway PostgreSQL server for the fault tests: `initdb` on a temporary directory and
// `pg_ctl` on a free port, so a test can stop and start the database under a running Keyport
// without touching the shared server. initdb refuses to run as root: as root every PostgreSQL
// command runs as the `postgres` OS user, in a directory that user owns.
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../examples/testing/keyport-process.ts";

const run = promisify(execFile);

export interface PgCluster {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>`; the `postgres` database by default. */
  url(database?: string): string;
  /** Starts the server again after `stop()`; waits until it accepts connections. */
  start(): Promise<void>;
  /**
   * Stops the server. `fast` (the default) ends every session with 57P01 as a shutdown does;
   * `immediate` kills it the way a crash would.
   */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** `stop()` then `start()`. */
  restart(): Promise<void>;
  /** The server's log so far. */
  log(): string;
  /** Stops the server (if running) and removes its files. Safe to call twice. */
  destroy(): Promise<void>;
}

/**
 * Creates and starts a PostgreSQL cluster of its own (trust authentication, no fsync) on a free
 * port. The binaries come from `PG_BIN` or the newest `/usr/lib/postgresql/<version>/bin`.
 *
 * @example
 * const cluster = await startPgCluster();
 * await cluster.stop();
 * await cluster.start();
 * await cluster.destroy();
 */
export async function startPgCluster({
  maxConnections = 100,
}: {
  /** `max_connections` of the server. */
  readonly maxConnections?: number;
} = {}): Promise<PgCluster> {
  const bin = postgresBin();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), "keyport-pg-"));
  if (asRoot) chownPostgres(dir);
  const dataDir = join(dir, "data");
  const logFile = join(dir, "server.log");
  const port = await freePort();
  const command = (name: string, args: readonly string[]): [string, string[]] =>
    asRoot
      ? ["runuser", ["-u", "postgres", "--", join(bin, name), ...args]]
      : [join(bin, name), [...args]];
  const pgCtl = async (args: readonly string[]) => {
    const [file, argv] = command("pg_ctl", ["-D", dataDir, ...args]);
    await run(file, argv, { timeout: 60_000 });
  };
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    `-c max_connections=${maxConnections}`,
  ].join(" ");
  let running = false;
  let destroyed = false;

  const start = async () => {
    await pgCtl(["-w", "-t", "60", "-l", logFile, "-o", serverOptions, "start"]);
    running = true;
  };
  const stop = async (mode: "fast" | "immediate" = "fast") => {
    if (!running) return;
    await pgCtl(["-w", "-t", "60", "-m", mode, "stop"]);
    running = false;
  };
  // Should the test process end without cleaning up, neither the server nor its files may
  // outlive it.
  const onExit = () => {
    if (running) {
      const [file, argv] = command("pg_ctl", ["-D", dataDir, "-m", "immediate", "stop"]);
      try {
        execFileSync(file, argv, { stdio: "ignore", timeout: 10_000 });
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  try {
    const [file, argv] = command("initdb", [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C",
    ]);
    await run(file, argv, { timeout: 120_000 });
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", onExit);
    throw error;
  }

  return {
    port,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        await stop("immediate");
      } finally {
        process.off("exit", onExit);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** `PG_BIN`, or the bin folder of the newest PostgreSQL installed under /usr/lib/postgresql. */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined) {
    throw new Error(`No PostgreSQL server binaries under ${root}; set PG_BIN to their folder.`);
  }
  return join(root, versions[0], "bin");
}

function chownPostgres(dir: string): void {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  chownSync(dir, uid, gid);
}
