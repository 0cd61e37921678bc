import { join } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_VARIABLES, type Config, ConfigError, loadConfig } from "../config/config.ts";
import { prepareDataDir } from "../config/data-dir.ts";
import { DataDirLockedError, lockDataDir } from "../config/data-dir-lock.ts";
import type { AppDeps } from "../core/deps.ts";
import { createLogger } from "../core/logger.ts";
import { describeDatabase, table } from "./cli-output.ts";

// The apps, the database drivers and the services load only for the commands that
// use them, so `help` and configuration mistakes answer at once.

const USAGE = `Usage: keyport <command> [options]

Commands:
  start                            Serve the API (HOST:PORT) and the Vendor API (VENDOR_HOST:VENDOR_PORT)
  migrate                          Apply pending database migrations
  seed-demo                        Load the demo vendor catalogue and demo customers
  vendor-key create [--name NAME]  Create a Vendor API key (printed once)
  vendor-key list                  List Vendor API keys
  vendor-key revoke ID             Revoke a Vendor API key
  help                             Show this help

${wrap(`Configuration comes from environment variables: ${CONFIG_VARIABLES.join(", ")}. Without DATABASE_URL the embedded database under DATA_DIR (default ./.keyport) is used; it serves one process at a time, so stop \`keyport start\` before running other commands on it.`)}
`;

/** Breaks prose into lines of at most `width` characters, at spaces. */
function wrap(text: string, width = 80): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line].join("\n");
}

/** Raised for a wrong command line: usage on stderr, exit 2. */
class UsageError extends Error {}

/**
 * Runs one `keyport` command and resolves to the process exit code.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { name: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    });
    const [command, ...rest] = positionals;
    if (values.help || command === "help") {
      process.stdout.write(USAGE);
      return 0;
    }
    if (values.name !== undefined && !(command === "vendor-key" && rest[0] === "create")) {
      throw new UsageError("--name belongs to `vendor-key create`.");
    }
    switch (command) {
      case "start": {
        expectArguments(rest, 0, command);
        const startedAt = performance.now();
        const config = commandConfig(env);
        const { startCommand } = await import("./cli-start.ts");
        return await startCommand(config, { startedAt, publicUrlSet: Boolean(env.PUBLIC_URL) });
      }
      case "migrate":
        expectArguments(rest, 0, command);
        return await migrateCommand(commandConfig(env));
      case "seed-demo":
        expectArguments(rest, 0, command);
        return await seedDemoCommand(commandConfig(env));
      case "vendor-key":
        return await vendorKeyCommand(rest, values.name, env);
      case undefined:
        throw new UsageError("Which command?");
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`keyport: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    // Mistakes in the environment or the machine: the message says it all, no stack.
    if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      (error instanceof Error && error.name === "ListenError")
    ) {
      process.stderr.write(`keyport: ${error.message}\n`);
      return 1;
    }
    console.error("keyport: unexpected failure:", error);
    return 1;
  }
}

async function migrateCommand(config: Config): Promise<number> {
  const { openDatabase } = await import("../db/connection.ts");
  const { migrateToLatest } = await import("../db/migrate.ts");
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDataDir: join(config.dataDir, "pgdata"),
    });
    try {
      const { results = [] } = await migrateToLatest(database.db);
      process.stdout.write(`Database: ${describeDatabase(config)}\n`);
      if (results.length === 0) process.stdout.write("Up to date: no pending migrations.\n");
      for (const result of results) process.stdout.write(`Applied ${result.migrationName}\n`);
    } finally {
      await database.close();
    }
  } finally {
    unlock();
  }
  return 0;
}

async function seedDemoCommand(config: Config): Promise<number> {
  const { isDatabaseEmpty, seedDemo } = await import("../demo/demo-seed.ts");
  const { demoText } = await import("./cli-output.ts");
  const result = await withDeps(config, async (deps) =>
    (await isDatabaseEmpty(deps.db)) ? seedDemo(deps) : null,
  );
  if (!result) {
    process.stderr.write(
      "keyport: the database already holds data; the demo is seeded into an empty database only.\n",
    );
    return 1;
  }
  process.stdout.write(
    `Demo data seeded.\n\n${demoText(result, `http://${config.vendorHost}:${config.vendorPort}`)}`,
  );
  return 0;
}

async function vendorKeyCommand(
  rest: readonly string[],
  name: string | undefined,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { createVendorApiKey, listVendorApiKeys, revokeVendorApiKey } = await import(
    "../auth/vendor-key-service.ts"
  );
  const [action, ...args] = rest;
  switch (action) {
    case "create": {
      expectArguments(args, 0, "vendor-key create");
      const keyName = (name ?? "default").trim();
      if (!keyName || keyName.length > 100) {
        throw new UsageError("--name must be 1 to 100 characters.");
      }
      const created = await withDeps(commandConfig(env), ({ db }) =>
        createVendorApiKey(db, keyName),
      );
      process.stdout.write(
        `Created vendor API key ${created.id} ("${created.name}").\n` +
          "Store it now: it is shown once and only its hash is kept.\n\n" +
          `  ${created.key}\n\n` +
          `Send it as: Authorization: Bearer ${created.key}\n`,
      );
      return 0;
    }
    case "list": {
      expectArguments(args, 0, "vendor-key list");
      const keys = await withDeps(commandConfig(env), ({ db }) => listVendorApiKeys(db));
      if (keys.length === 0) {
        process.stdout.write("No vendor API keys yet. Create one: keyport vendor-key create\n");
        return 0;
      }
      const rows: string[][] = [["ID", "NAME", "PREFIX", "CREATED", "LAST USED", "STATUS"]];
      for (const key of keys) {
        rows.push([
          key.id,
          key.name,
          `${key.token_prefix}…`,
          key.created_at.toISOString(),
          key.last_used_at?.toISOString() ?? "never",
          key.revoked_at ? `revoked ${key.revoked_at.toISOString()}` : "active",
        ]);
      }
      process.stdout.write(table(rows));
      return 0;
    }
    case "revoke": {
      expectArguments(args, 1, "vendor-key revoke ID");
      const id = args[0]!;
      const revoked = await withDeps(commandConfig(env), ({ db }) => revokeVendorApiKey(db, id));
      if (!revoked) {
        process.stderr.write(`keyport: no active vendor API key has the id "${id}".\n`);
        return 1;
      }
      process.stdout.write(`Revoked ${id}. Requests with it now answer 401.\n`);
      return 0;
    }
    default:
      throw new UsageError(
        action ? `Unknown vendor-key action "${action}".` : "vendor-key needs an action.",
      );
  }
}

/**
 * The configuration of a command that works on DATA_DIR, the directory prepared
 * (config/data-dir.ts: made, tightened to owner-only, secrets read). From here on
 * the files this process makes are owner-only whatever the caller's umask: the
 * process is Keyport's alone, and everything it writes belongs to DATA_DIR.
 */
function commandConfig(env: Record<string, string | undefined>): Config {
  const loaded = loadConfig(env);
  process.umask(0o077);
  return prepareDataDir(loaded, { logger: createLogger(loaded.logLevel) });
}

/** Runs `work` with the full dependencies on a migrated database, then closes it. */
async function withDeps<T>(config: Config, work: (deps: AppDeps) => Promise<T>): Promise<T> {
  const { createRuntime } = await import("../app/runtime.ts");
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  try {
    // Migration lines would drown a one-shot command's output; warnings still show.
    const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
    const runtime = await createRuntime(config, logger);
    try {
      return await work(runtime.deps);
    } finally {
      await runtime.close();
    }
  } finally {
    unlock();
  }
}

function expectArguments(args: readonly string[], count: number, usage: string): void {
  if (args.length !== count) {
    throw new UsageError(
      args.length > count
        ? `Unexpected argument "${args[count]}" for \`${usage}\`.`
        : `\`${usage}\` is missing an argument.`,
    );
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}
