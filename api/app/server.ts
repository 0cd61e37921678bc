import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type HttpBindings, serve } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Config } from "../config/config.ts";
import { lockDataDir } from "../config/data-dir-lock.ts";
import type { AppEnv } from "../core/deps.ts";
import { createLogger, type Logger } from "../core/logger.ts";
import { startJobs } from "../jobs/background-jobs.ts";
import { assertMailDeliverable } from "../mail/mail-sender.ts";
import { createPublicApp } from "./public-app.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
import { createVendorApp } from "./vendor-app.ts";

export interface StartServerOptions {
  /** Where logs go; a JSON logger at the configured level by default. */
  readonly logger?: Logger;
  /** How long `close()` lets requests in flight finish before it cuts their connections. */
  readonly shutdownTimeoutMs?: number;
  /** Runs once the database is ready and before the listeners open (e.g. seeding the demo). */
  readonly prepare?: (runtime: Runtime) => Promise<void>;
  /** Where console mode (MAIL_CONSOLE) prints mails; stdout by default. */
  readonly mailConsole?: { write(text: string): unknown };
}

export interface RunningServer {
  /** Where the public listener answers (the bound port, also when 0 was asked for). */
  readonly publicUrl: string;
  /** Where the Vendor API listener answers. */
  readonly vendorUrl: string;
  readonly runtime: Runtime;
  /**
   * Stops accepting connections, lets requests in flight finish (until the
   * shutdown deadline), then closes the database. Calling it again returns the
   * same promise.
   */
  close(): Promise<void>;
}

/** Raised when a listener cannot bind; names the variable that sets its address. */
export class ListenError extends Error {
  override readonly name = "ListenError";
}

/**
 * Opens the database (migrating it) and starts both listeners: the public app on
 * `host:port`, the Vendor API on `vendorHost:vendorPort`. Installs no signal
 * handlers; the caller decides when to `close()`.
 *
 * @example
 * const server = await startServer(prepareDataDir(loadConfig(process.env), { logger }));
 * process.once("SIGTERM", () => server.close());
 */
export async function startServer(
  config: Config,
  {
    logger = createLogger(config.logLevel),
    shutdownTimeoutMs = 10_000,
    prepare,
    mailConsole,
  }: StartServerOptions = {},
): Promise<RunningServer> {
  // Before anything opens: a deployment whose mails could go nowhere must not start.
  assertMailDeliverable(config);
  // PGlite takes no lock of its own; a second process on the same files would corrupt them.
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, logger);
  } catch (error) {
    unlock();
    throw error;
  }
  try {
    await prepare?.(runtime);
  } catch (error) {
    await runtime.close();
    unlock();
    throw error;
  }
  const listeners: Listener[] = [];
  try {
    // One at a time, so a failing second listener finds the first in the list to close.
    listeners.push(
      await listen(createPublicApp(runtime.deps), config.host, config.port, "HOST/PORT", logger),
    );
    listeners.push(
      await listen(
        createVendorApp(runtime.deps),
        config.vendorHost,
        config.vendorPort,
        "VENDOR_HOST/VENDOR_PORT",
        logger,
      ),
    );
  } catch (error) {
    await Promise.all(listeners.map((listener) => listener.close(0)));
    await runtime.close();
    unlock();
    throw error;
  }
  const [publicListener, vendorListener] = listeners as [Listener, Listener];
  // Started last, once nothing can fail any more, so no error path above has to stop it.
  const jobs = startJobs(runtime.deps, mailConsole ? { mailConsole } : {});
  logger.info(
    {
      publicUrl: publicListener.url,
      vendorUrl: vendorListener.url,
      database: runtime.database.kind,
    },
    "listening",
  );

  let closing: Promise<void> | undefined;
  return {
    publicUrl: publicListener.url,
    vendorUrl: vendorListener.url,
    runtime,
    close() {
      closing ??= (async () => {
        logger.info({ deadlineMs: shutdownTimeoutMs }, "shutting down");
        try {
          // The jobs finish the mail in hand while requests drain; both need the database.
          await Promise.all([
            ...listeners.map((listener) => listener.close(shutdownTimeoutMs)),
            jobs.stop({ deadlineMs: shutdownTimeoutMs }),
          ]);
          // Work the last answers queued (a reset mail) still needs the database.
          await runtime.deps.background.idle();
          await runtime.close();
        } finally {
          unlock();
        }
        logger.info("stopped");
      })();
      return closing;
    },
  };
}

interface Listener {
  readonly url: string;
  close(deadlineMs: number): Promise<void>;
}

/** How often idle keep-alive connections are swept while requests drain. */
const SWEEP_INTERVAL_MS = 50;

function listen(
  app: OpenAPIHono<AppEnv>,
  hostname: string,
  port: number,
  variables: string,
  logger: Logger,
): Promise<Listener> {
  let draining = false;
  return new Promise((resolve, reject) => {
    const server = serve({
      hostname,
      port,
      fetch: async (request, env) => {
        const response = await app.fetch(request, env);
        // An answer finished while draining must not keep its connection open for more.
        if (draining) (env as HttpBindings).outgoing.setHeader("Connection", "close");
        return response;
      },
    }) as Server;
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE"
          ? "the address is already in use"
          : error.code === "EACCES"
            ? "permission denied"
            : error.code === "EADDRNOTAVAIL"
              ? "no such local address"
              : error.message;
      reject(
        new ListenError(`Cannot listen on ${hostname}:${port} (${variables}): ${reason}`, {
          cause: error,
        }),
      );
    });
    server.once("listening", () => {
      // From here on an error (say, out of file descriptors) is logged, not fatal.
      server.on("error", (error) => logger.error({ err: error }, "listener error"));
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://${urlHost(hostname)}:${bound}`,
        close: (deadlineMs) => {
          draining = true;
          return drain(server, deadlineMs);
        },
      });
    });
  });
}

/**
 * `server.close()` stops accepting at once and waits for open connections; idle
 * keep-alive ones are swept as requests finish, and whatever is still open at
 * the deadline is cut.
 */
function drain(server: Server, deadlineMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_INTERVAL_MS);
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** A host as it appears in a URL: wildcard binds are reached via localhost, IPv6 in brackets. */
function urlHost(hostname: string): string {
  if (hostname === "0.0.0.0" || hostname === "::") return "localhost";
  return hostname.includes(":") ? `[${hostname}]` : hostname;
}
