import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVendorApiKey } from "../auth/vendor-key-service.ts";
import { type Config, loadConfig } from "../config/config.ts";
import { prepareDataDir } from "../config/data-dir.ts";
import { DataDirLockedError, lockDataDir } from "../config/data-dir-lock.ts";
import { createLogger } from "../core/logger.ts";
import { createTestDatabaseUrl } from "../test/harness.ts";
import { startSlowPost, tryConnect, waitUntil } from "../test/http-client.ts";
import { ListenError, type RunningServer, startServer } from "./server.ts";

/** Long enough for a finished request to get through on a busy machine, short for the test. */
const SHUTDOWN_DEADLINE_MS = 4000;
const logger = createLogger("silent");

let scratch: Awaited<ReturnType<typeof createTestDatabaseUrl>>;
let dataDir: string;
let config: Config;
let occupied: Server;
let listenFailure: unknown;
let failedPublicPort: number;
let server: RunningServer;

beforeAll(async () => {
  scratch = await createTestDatabaseUrl();
  dataDir = mkdtempSync(join(tmpdir(), "keyport-server-"));
  config = {
    ...prepareDataDir(
      loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", DATABASE_URL: scratch.url ?? "" }),
    ),
    port: 0,
    vendorPort: 0,
  };

  // First a start that fails half-way: the public listener is up when the vendor port is taken.
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(0, "127.0.0.1", resolve));
  const takenPort = (occupied.address() as { port: number }).port;
  failedPublicPort = await freePort();
  const failing = { ...config, port: failedPublicPort, vendorPort: takenPort };
  listenFailure = await startServer(failing, { logger }).then(
    (started) => started.close(),
    (error: unknown) => error,
  );

  // Then the real one on the same data directory, which the failed start must have let go of.
  server = await startServer(config, { logger, shutdownTimeoutMs: SHUTDOWN_DEADLINE_MS });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => occupied?.close(resolve));
  await scratch?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const portOf = (url: string) => Number(new URL(url).port);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("startServer", () => {
  it("binds both listeners on free ports when asked for port 0, and reports them", () => {
    expect(server.publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.vendorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(portOf(server.publicUrl)).toBeGreaterThan(0);
    expect(portOf(server.vendorUrl)).toBeGreaterThan(0);
    expect(portOf(server.publicUrl)).not.toBe(portOf(server.vendorUrl));
    expect(server.runtime.database.kind).toBe(config.databaseUrl ? "postgres" : "pglite");
  });

  it("serves the public app on the public port and the Vendor API on the vendor port", async () => {
    const health = await fetch(`${server.publicUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${server.publicUrl}/readyz`)).status).toBe(200);

    const vendorDocument = await fetch(`${server.vendorUrl}/vendor/openapi.json`);
    expect(vendorDocument.status).toBe(200);
    expect((await vendorDocument.json()).openapi).toBe("3.1.0");

    const onPublic = await fetch(`${server.publicUrl}/vendor/openapi.json`);
    expect(onPublic.status).toBe(404);
    expect(onPublic.headers.get("content-type")).toContain("application/problem+json");

    const { key } = await createVendorApiKey(server.runtime.deps.db, "server test");
    const authorization = { authorization: `Bearer ${key}` };
    const viaVendor = await fetch(`${server.vendorUrl}/vendor/v1/products`, {
      headers: authorization,
    });
    expect(viaVendor.status).toBe(200);
    const viaPublic = await fetch(`${server.publicUrl}/vendor/v1/products`, {
      headers: authorization,
    });
    expect(viaPublic.status).toBe(404);
  });

  it("fails with a ListenError naming the variables when a port is taken, and cleans up", async () => {
    expect(listenFailure).toBeInstanceOf(ListenError);
    const message = (listenFailure as Error).message;
    expect(message).toContain("VENDOR_HOST/VENDOR_PORT");
    expect(message).toContain("already in use");
    // The public listener that had already started was closed again.
    expect(await tryConnect("127.0.0.1", failedPublicPort)).toBe("ECONNREFUSED");
    // The real server then started on the same data directory: the lock and database were released.
    expect(server.publicUrl).toBeTruthy();
  });

  it("refuses an embedded data directory another server holds, before opening anything", async () => {
    const otherDir = mkdtempSync(join(tmpdir(), "keyport-server-locked-"));
    const release = lockDataDir(otherDir);
    try {
      const embedded = { ...config, databaseUrl: undefined, dataDir: otherDir };
      await expect(startServer(embedded, { logger })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      release();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("on close: stops accepting, finishes requests in flight, cuts stragglers at the deadline, closes the database", async () => {
    const db = server.runtime.deps.db;
    const finishing = await createVendorApiKey(db, "finishes in time");
    const straggling = await createVendorApiKey(db, "never finishes");
    const url = `${server.vendorUrl}/vendor/v1/products`;
    const body = JSON.stringify({ name: "Slow upload", slug: "slow-upload" });
    const inTime = startSlowPost(url, { authorization: `Bearer ${finishing.key}` }, body);
    const straggler = startSlowPost(url, { authorization: `Bearer ${straggling.key}` }, body);

    // Both passed the key check (it stamps last_used_at) and now wait for the rest of their body.
    await waitUntil(async () => {
      const used = await db
        .selectFrom("vendor_api_keys")
        .select("id")
        .where("id", "in", [finishing.id, straggling.id])
        .where("last_used_at", "is not", null)
        .execute();
      return used.length === 2;
    }, "both slow requests to reach the handler");

    const started = performance.now();
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });

    // New connections are refused on both ports at once, while the old ones drain.
    expect(await tryConnect("127.0.0.1", portOf(server.publicUrl))).toBe("ECONNREFUSED");
    expect(await tryConnect("127.0.0.1", portOf(server.vendorUrl))).toBe("ECONNREFUSED");
    expect(closed).toBe(false);

    inTime.finish();
    const answer = await inTime.answer;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ name: "Slow upload", slug: "slow-upload" });
    // Answered while draining: the connection is not kept for another request.
    expect(answer.headers.connection).toBe("close");
    expect(closed).toBe(false);

    await expect(straggler.answer).rejects.toThrow();
    await closing;
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(SHUTDOWN_DEADLINE_MS - 50);
    expect(elapsed).toBeLessThan(SHUTDOWN_DEADLINE_MS + 5000);

    await expect(db.selectFrom("products").select("id").execute()).rejects.toThrow();
    expect(await tryConnect("127.0.0.1", portOf(server.publicUrl))).toBe("ECONNREFUSED");
    // close() is idempotent.
    await server.close();
  });
});
