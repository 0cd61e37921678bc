import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createPublicApp } from "../app/public-app.ts";
import { createVendorApp } from "../app/vendor-app.ts";
import { createVendorApiKey } from "../auth/vendor-key-service.ts";
import { loadConfig } from "../config/config.ts";
import { prepareDataDir } from "../config/data-dir.ts";
import { createBackgroundWork } from "../core/background-work.ts";
import type { AppDeps } from "../core/deps.ts";
import { createLogger } from "../core/logger.ts";
import { createSecretBox } from "../core/secret-box.ts";
import { type DatabaseHandle, openDatabase } from "../db/connection.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { createAssetStore } from "../downloads/stores/configured-asset-store.ts";
import { createLicenseKeyCrypto } from "../licenses/license-key.ts";
import { createLicensingWrites } from "../licensing/licensing-writes.ts";

/** Which database the tests run on: PostgreSQL when DATABASE_URL is set, else in-memory PGlite. */
export const databaseKind = process.env.DATABASE_URL ? "postgres" : "pglite";

/**
 * A fresh, migrated database: an in-memory PGlite, or a new PostgreSQL database
 * on the server of DATABASE_URL that `close()` drops again.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const { url, drop } = await createTestDatabaseUrl();
  const handle = await openDatabase({ databaseUrl: url, maxConnections: 60 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      await drop();
    },
  };
}

/**
 * A database URL for code that opens its own connections (the server, the CLI):
 * on PostgreSQL a new, empty database that `drop()` removes again; on PGlite
 * `undefined`, so the code under test uses the embedded database in its DATA_DIR.
 */
export async function createTestDatabaseUrl(): Promise<{
  url: string | undefined;
  drop(): Promise<void>;
}> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) return { url: undefined, drop: async () => {} };
  const name = `keyport_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export interface TestContext {
  readonly deps: AppDeps;
  readonly publicApp: ReturnType<typeof createPublicApp>;
  readonly vendorApp: ReturnType<typeof createVendorApp>;
  /** A live vendor API key. */
  readonly vendorKey: string;
  readonly dataDir: string;
  /** Calls the Vendor API in process with the vendor key. */
  vendor(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Both apps over a fresh database, with a vendor key and a temporary data directory.
 *
 * @example
 * const t = await createTestContext();
 * afterAll(() => t.close());
 * const res = await t.vendor("POST", "/vendor/v1/products", { name: "Acme", slug: "acme" });
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const dataDir = mkdtempSync(join(tmpdir(), "keyport-test-"));
  const config = prepareDataDir(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env }));
  const database = await createTestDatabase();
  const logger = createLogger(config.logLevel);
  const deps: AppDeps = {
    db: database.db,
    config,
    logger,
    keys: createLicenseKeyCrypto(config.licenseKeySecret),
    // Local files under dataDir, or S3 when env says ASSET_STORE=s3 (see s3-server.ts).
    assets: await createAssetStore(config),
    secrets: createSecretBox(config.licenseKeySecret),
    background: createBackgroundWork(logger),
    licensingWrites: createLicensingWrites(database.db, logger),
  };
  const { key } = await createVendorApiKey(database.db, "test");
  const vendorApp = createVendorApp(deps);
  return {
    deps,
    publicApp: createPublicApp(deps),
    vendorApp,
    vendorKey: key,
    dataDir,
    async vendor(method, path, body, headers = {}) {
      return vendorApp.request(path, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async close() {
      await deps.background.idle();
      await deps.licensingWrites.close();
      deps.assets.close?.();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
