import { join } from "node:path";
import type { Config } from "../config/config.ts";
import { createBackgroundWork } from "../core/background-work.ts";
import type { AppDeps } from "../core/deps.ts";
import type { Logger } from "../core/logger.ts";
import { createSecretBox } from "../core/secret-box.ts";
import { type DatabaseHandle, openDatabase } from "../db/connection.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { createAssetStore } from "../downloads/stores/configured-asset-store.ts";
import { createLicenseKeyCrypto } from "../licenses/license-key.ts";
import { createLicensingWrites } from "../licensing/licensing-writes.ts";

export interface Runtime {
  readonly deps: AppDeps;
  readonly database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Opens the configured database, brings its schema up to date and assembles the
 * dependencies the apps and jobs share.
 */
export async function createRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const assets = await createAssetStore(config);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: join(config.dataDir, "pgdata"),
    statementTimeoutMs: config.databaseStatementTimeoutMs,
    onIdleConnectionError: (error) =>
      logger.warn({ err: error }, "an idle database connection broke; the pool replaces it"),
  });
  try {
    const { results = [] } = await migrateToLatest(database.db);
    for (const result of results) logger.info({ migration: result.migrationName }, "migrated");
  } catch (error) {
    await database.close();
    throw error;
  }
  const deps: AppDeps = {
    db: database.db,
    config,
    logger,
    keys: createLicenseKeyCrypto(config.licenseKeySecret),
    assets,
    secrets: createSecretBox(config.licenseKeySecret),
    background: createBackgroundWork(logger),
    licensingWrites: createLicensingWrites(database.db, logger),
  };
  return {
    deps,
    database,
    async close() {
      // The last answers' validation events still need the database.
      await deps.licensingWrites.close();
      assets.close?.();
      await database.close();
    },
  };
}
