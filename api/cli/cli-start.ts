import { type RunningServer, startServer } from "../app/server.ts";
import type { Config } from "../config/config.ts";
import { createLogger } from "../core/logger.ts";
import { currentDemoInfo, type DemoInfo, seedDemo, shouldSeedDemo } from "../demo/demo-seed.ts";
import { demoText, describeDatabase, table } from "./cli-output.ts";

/**
 * `keyport start`: serves until SIGTERM or SIGINT, then lets requests in flight
 * finish and exits 0. A signal during start-up stops once the database is open
 * (never half-way through creating or migrating it); a second signal exits at once.
 */
export async function startCommand(
  config: Config,
  {
    startedAt = performance.now(),
    publicUrlSet = false,
  }: {
    /** When the command began (`performance.now()`), for the start-up time in the banner. */
    startedAt?: number;
    /** Whether PUBLIC_URL was configured, so the banner shows it. */
    publicUrlSet?: boolean;
  } = {},
): Promise<number> {
  const stop = stopOnSignal();
  try {
    let demo: DemoInfo | null = null;
    const server = await startServer(config, {
      logger: createLogger(config.logLevel),
      prepare: async ({ deps }) => {
        if (!stop.requested && (await shouldSeedDemo(deps.db, config))) {
          process.stdout.write("Seeding the demo catalogue and demo customers…\n");
          await seedDemo(deps);
        }
        demo = await currentDemoInfo(deps.db, config);
      },
    });
    if (!stop.requested) {
      const seconds = (performance.now() - startedAt) / 1000;
      process.stdout.write(banner(config, server, seconds, publicUrlSet));
      if (demo) process.stdout.write(demoText(demo, server.vendorUrl));
    }
    await stop.signal;
    await server.close();
    return 0;
  } finally {
    stop.dispose();
  }
}

interface Stop {
  /** Settles on the first SIGTERM or SIGINT. */
  readonly signal: Promise<NodeJS.Signals>;
  readonly requested: boolean;
  dispose(): void;
}

function stopOnSignal(): Stop {
  let requested = false;
  let resolve!: (signal: NodeJS.Signals) => void;
  const signal = new Promise<NodeJS.Signals>((settle) => {
    resolve = settle;
  });
  const onSignal = (received: NodeJS.Signals) => {
    if (requested) {
      console.error(`keyport: ${received} again, exiting without waiting.`);
      process.exit(1);
    }
    requested = true;
    console.error(`keyport: ${received} received, finishing requests in flight (again to force).`);
    resolve(received);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return {
    signal,
    get requested() {
      return requested;
    },
    dispose() {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
    },
  };
}

function banner(config: Config, server: RunningServer, seconds: number, publicUrlSet: boolean) {
  const rows: [string, string][] = [
    ["Portal", `${server.publicUrl}/`],
    ["API", `${server.publicUrl}/v1`],
    ["API reference", `${server.publicUrl}/docs`],
    ["Vendor API", `${server.vendorUrl}/vendor/v1`],
    ["Vendor reference", `${server.vendorUrl}/vendor/docs`],
    ["Database", describeDatabase(config)],
  ];
  if (publicUrlSet) rows.push(["Public URL", config.publicUrl]);
  const keyHint = config.databaseUrl
    ? ""
    : " (after stopping this server: the embedded database serves one process)";
  return (
    `\nKeyport is ready (started in ${seconds.toFixed(1)} s).\n\n${table(rows, "  ")}\n` +
    `Vendor API keys: keyport vendor-key create --name NAME${keyHint}\n` +
    "Stop with Ctrl+C or SIGTERM; requests in flight are finished first.\n\n"
  );
}
