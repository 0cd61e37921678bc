import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, loadConfig } from "../config/config.ts";
import { createTestDatabaseUrl, databaseKind } from "../test/harness.ts";
import { type SlowRequest, startSlowPost, waitUntil } from "../test/http-client.ts";
import { describeDatabase } from "./cli-output.ts";

const BIN = fileURLToPath(new URL("../bin/keyport.mjs", import.meta.url));
/** Starting a process and opening an on-disk database take a while on a busy machine. */
const SLOW = 120_000;

let scratch: Awaited<ReturnType<typeof createTestDatabaseUrl>>;
let dataDir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  scratch = await createTestDatabaseUrl();
  dataDir = mkdtempSync(join(tmpdir(), "keyport-cli-"));
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await scratch?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The environment of one command: this test's data directory and database. */
function envFor(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: scratch.url ?? "",
    LOG_LEVEL: "warn",
    SEED_DEMO: "never",
    HOST: "127.0.0.1",
    VENDOR_HOST: "127.0.0.1",
    ...extra,
  };
}

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Running {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly finished: Promise<Finished>;
}

function spawnKeyport(args: string[], env: NodeJS.ProcessEnv = envFor()): Running {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const finished = new Promise<Finished>((resolve) => {
    child.once("close", (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, finished };
}

const keyport = (args: string[], env?: NodeJS.ProcessEnv) => spawnKeyport(args, env).finished;

/** `root` and every path below it. */
function treeOf(root: string): string[] {
  const entries = readdirSync(root, { recursive: true, encoding: "utf8" });
  return [root, ...entries.map((entry) => join(root, entry))];
}

/** What in `root` is not owner-only (folders 0700, files 0600), with its mode. */
function loosePaths(root: string): string[] {
  return treeOf(root).flatMap((path) => {
    const stats = statSync(path);
    const mode = stats.mode & 0o777;
    return mode === (stats.isDirectory() ? 0o700 : 0o600) ? [] : [`${path} ${mode.toString(8)}`];
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `keyport start` on free ports and waits for its banner. */
async function startKeyport(extra: Record<string, string> = {}) {
  const [port, vendorPort] = [await freePort(), await freePort()];
  const running = spawnKeyport(
    ["start"],
    envFor({ PORT: String(port), VENDOR_PORT: String(vendorPort), ...extra }),
  );
  await waitUntil(
    () => running.stdout().includes("Stop with Ctrl+C") || running.child.exitCode !== null,
    "the start banner",
    SLOW - 10_000,
  );
  expect(running.child.exitCode, running.stderr()).toBeNull();
  return { ...running, port, vendorPort };
}

/**
 * Waits until the server has surely read the slow request's head: its first part
 * has left, and a request sent after it on another connection was answered.
 */
async function inFlight(slow: SlowRequest, baseUrl: string): Promise<void> {
  await slow.sent;
  expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
}

async function createKey(name: string): Promise<{ id: string; key: string }> {
  const created = await keyport(["vendor-key", "create", "--name", name]);
  expect(created.code, created.stderr).toBe(0);
  const key = /^ {2}(kpv_\S+)$/m.exec(created.stdout)?.[1];
  const id = /vendor API key (vk_\w+)/.exec(created.stdout)?.[1];
  expect(key).toBeDefined();
  expect(id).toBeDefined();
  return { id: id!, key: key! };
}

describe("keyport CLI: usage", () => {
  it(
    "prints usage on stdout for help and --help, and on stderr with exit 2 for mistakes",
    async () => {
      for (const args of [["help"], ["--help"], ["start", "-h"]]) {
        const result = await keyport(args);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("Usage: keyport <command>");
        expect(result.stdout).toContain("vendor-key create [--name NAME]");
        // Every variable the configuration reads is named, however the text wraps.
        const listed = result.stdout.replace(/\s+/g, " ");
        for (const variable of CONFIG_VARIABLES) expect(listed).toContain(` ${variable}`);
      }
      for (const [args, complaint] of [
        [["bogus"], 'Unknown command "bogus"'],
        [[], "Which command?"],
        [["start", "--verbose"], "--verbose"],
        [["vendor-key"], "vendor-key needs an action"],
        [["vendor-key", "revoke"], "missing an argument"],
        [["migrate", "--name", "x"], "--name belongs to `vendor-key create`"],
      ] as const) {
        const result = await keyport([...args]);
        expect(result.code, args.join(" ")).toBe(2);
        expect(result.stderr).toContain(complaint);
        expect(result.stderr).toContain("Usage: keyport <command>");
        expect(result.stdout).toBe("");
      }
    },
    SLOW,
  );

  it(
    "refuses a bad configuration with exit 1, naming the variable, without a stack",
    async () => {
      const result = await keyport(["start"], envFor({ PORT: "abc", LOG_LEVEL: "loud" }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("PORT: expected a port number");
      expect(result.stderr).toContain("LOG_LEVEL");
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout).toBe("");
    },
    SLOW,
  );
});

describe("describeDatabase", () => {
  it("names the embedded directory, or the PostgreSQL server and database without the password", () => {
    const secrets = { LICENSE_KEY_SECRET: "ab".repeat(32), SIGNING_KEYS: `k1:${"cd".repeat(32)}` };
    const embedded = loadConfig({ ...secrets, DATA_DIR: "/srv/keyport" });
    expect(describeDatabase(embedded)).toBe("embedded PGlite in /srv/keyport/pgdata");
    const postgres = loadConfig({
      ...secrets,
      DATABASE_URL: "postgres://keyport:hunter2@db.internal:6432/licensing?sslmode=require",
    });
    expect(describeDatabase(postgres)).toBe("PostgreSQL keyport@db.internal:6432/licensing");
  });
});

describe("keyport CLI: database commands", () => {
  it(
    "migrate applies the migrations once, then finds nothing to do",
    async () => {
      const first = await keyport(["migrate"]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/Applied 0001-initial|Up to date/);
      expect(first.stdout).toContain(
        databaseKind === "postgres" ? "PostgreSQL" : "embedded PGlite",
      );

      const again = await keyport(["migrate"]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain("Up to date: no pending migrations.");
    },
    SLOW,
  );

  it(
    "vendor-key create prints the key once; list shows it without the key; revoke ends it",
    async () => {
      const { id, key } = await createKey("CI deploy");
      expect(key).toMatch(/^kpv_[A-Za-z0-9_-]{43}$/);

      const listed = await keyport(["vendor-key", "list"]);
      expect(listed.code, listed.stderr).toBe(0);
      const line = listed.stdout.split("\n").find((row) => row.startsWith(id));
      expect(line).toMatch(/CI deploy\s+kpv_\S{6}…\s+\S+Z\s+never\s+active$/);
      expect(listed.stdout).not.toContain(key);

      const revoked = await keyport(["vendor-key", "revoke", id]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toContain(`Revoked ${id}`);
      const after = await keyport(["vendor-key", "list"]);
      expect(after.stdout.split("\n").find((row) => row.startsWith(id))).toMatch(/revoked \S+Z$/);

      const twice = await keyport(["vendor-key", "revoke", id]);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain(`no active vendor API key has the id "${id}"`);
    },
    SLOW,
  );
});

describe("keyport start", () => {
  it(
    "prints a banner, serves, and on SIGTERM finishes requests in flight and exits 0",
    async () => {
      const { key } = await createKey("start test");
      const server = await startKeyport();
      const banner = server.stdout();
      const publicUrl = `http://127.0.0.1:${server.port}`;
      const vendorUrl = `http://127.0.0.1:${server.vendorPort}`;
      // The portal first: the address a person opens after `npm start`.
      expect(banner).toMatch(new RegExp(`ready[^\\n]*\\n\\n\\s+Portal\\s+${publicUrl}/\\n`));
      expect(banner).toMatch(new RegExp(`API\\s+${publicUrl}/v1\\n`));
      expect(banner).toContain(`${publicUrl}/docs`);
      expect(banner).toContain(`${vendorUrl}/vendor/v1`);
      expect(banner).toContain(`${vendorUrl}/vendor/docs`);
      expect(banner).toMatch(
        databaseKind === "postgres" ? /Database\s+PostgreSQL/ : /embedded PGlite/,
      );
      expect(banner).toMatch(/started in \d+\.\d s/);

      expect((await fetch(`${publicUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${vendorUrl}/vendor/openapi.json`)).status).toBe(200);
      expect((await fetch(`${publicUrl}/vendor/openapi.json`)).status).toBe(404);

      // The embedded database serves one process: other commands are turned away meanwhile.
      const meanwhile = await keyport(["vendor-key", "list"]);
      if (databaseKind === "pglite") {
        expect(meanwhile.code).toBe(1);
        expect(meanwhile.stderr).toContain("in use by another Keyport process");
      } else {
        expect(meanwhile.code, meanwhile.stderr).toBe(0);
      }

      const body = JSON.stringify({ name: "During shutdown", slug: "during-shutdown" });
      const slow = startSlowPost(
        `${vendorUrl}/vendor/v1/products`,
        { authorization: `Bearer ${key}` },
        body,
      );
      await inFlight(slow, vendorUrl);
      server.child.kill("SIGTERM");
      await waitUntil(() => server.stderr().includes("SIGTERM received"), "the shutdown notice");
      expect(server.child.exitCode).toBeNull();
      slow.finish();
      expect((await slow.answer).status).toBe(201);

      const result = await server.finished;
      expect(result.code, result.stderr).toBe(0);
    },
    SLOW,
  );

  it(
    "leaves DATA_DIR owner-only at each start, fixing and reporting what others could read",
    async () => {
      const database = await createTestDatabaseUrl();
      const ownDir = mkdtempSync(join(tmpdir(), "keyport-modes-"));
      const env = { DATA_DIR: ownDir, DATABASE_URL: database.url ?? "" };
      try {
        const first = await startKeyport(env);
        first.child.kill("SIGTERM");
        expect((await first.finished).code).toBe(0);
        expect(loosePaths(ownDir)).toEqual([]);

        // Someone (a restore, a copy) left it readable by every local user.
        for (const path of treeOf(ownDir)) {
          chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
        }
        writeFileSync(join(ownDir, "notes.txt"), "copied in", { mode: 0o644 });
        const second = await startKeyport(env);
        expect(loosePaths(ownDir)).toEqual([]);
        expect(second.stdout()).toMatch(/"level":40[^\n]*DATA_DIR was open to other users/);
        second.child.kill("SIGTERM");
        expect((await second.finished).code).toBe(0);
        expect(loosePaths(ownDir)).toEqual([]);
      } finally {
        await database.drop();
        rmSync(ownDir, { recursive: true, force: true });
      }
    },
    SLOW * 2,
  );

  it(
    "exits at once on a second signal while requests are still in flight",
    async () => {
      const { key } = await createKey("force test");
      const server = await startKeyport();
      const slow = startSlowPost(
        `http://127.0.0.1:${server.vendorPort}/vendor/v1/products`,
        { authorization: `Bearer ${key}` },
        JSON.stringify({ name: "Never finished", slug: "never-finished" }),
      );
      await inFlight(slow, `http://127.0.0.1:${server.vendorPort}`);
      server.child.kill("SIGINT");
      await waitUntil(() => server.stderr().includes("SIGINT received"), "the shutdown notice");
      expect(server.child.exitCode).toBeNull();
      server.child.kill("SIGINT");
      const result = await server.finished;
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("exiting without waiting");
      await expect(slow.answer).rejects.toThrow();
    },
    SLOW,
  );

  it(
    "seeds the demo on the first start of an empty database, prints the logins, and reuses the data later",
    async () => {
      const database = await createTestDatabaseUrl();
      const demoDir = mkdtempSync(join(tmpdir(), "keyport-demo-"));
      const env = {
        DATA_DIR: demoDir,
        DATABASE_URL: database.url ?? "",
        // The embedded database is seeded by default; PostgreSQL only when asked.
        SEED_DEMO: databaseKind === "pglite" ? "auto" : "always",
      };
      try {
        const licensesWith = async (vendorPort: number, key: string) => {
          const res = await fetch(`http://127.0.0.1:${vendorPort}/vendor/v1/licenses?limit=100`, {
            headers: { authorization: `Bearer ${key}` },
          });
          expect(res.status).toBe(200);
          return ((await res.json()) as { data: { status: string }[] }).data;
        };

        const first = await startKeyport(env);
        await waitUntil(() => first.stdout().includes("Demo vendor API key"), "the demo block");
        const printed = first.stdout();
        expect(printed).toContain("Seeding the demo");
        for (const email of [
          "olivia.owner@example.com",
          "adam.admin@example.com",
          "mia.member@example.com",
          "max.member@example.com",
          "ivan.indie@example.com",
        ]) {
          expect(printed).toContain(email);
        }
        expect(printed).toContain('password "demo-password"');
        const key = /Demo vendor API key: (kpv_\S+)/.exec(printed)?.[1];
        expect(key).toBeDefined();
        const seeded = await licensesWith(first.vendorPort, key!);
        expect(new Set(seeded.map((license) => license.status))).toEqual(
          new Set(["active", "expiring", "expired", "suspended", "revoked"]),
        );
        first.child.kill("SIGTERM");
        expect((await first.finished).code).toBe(0);

        const second = await startKeyport(env);
        await waitUntil(() => second.stdout().includes("Demo vendor API key"), "the demo block");
        expect(second.stdout()).not.toContain("Seeding the demo");
        expect(second.stdout()).toContain(key!);
        expect(await licensesWith(second.vendorPort, key!)).toHaveLength(seeded.length);
        second.child.kill("SIGTERM");
        expect((await second.finished).code).toBe(0);
      } finally {
        await database.drop();
        rmSync(demoDir, { recursive: true, force: true });
      }
    },
    SLOW * 2,
  );
});
