import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from "kysely";
import { type Config, loadConfig } from "../config/config.ts";
import { createBackgroundWork } from "../core/background-work.ts";
import type { AppDeps } from "../core/deps.ts";
import { createLogger } from "../core/logger.ts";
import { createSecretBox } from "../core/secret-box.ts";
import type { Database } from "../db/schema.ts";
import { LocalAssetStore } from "../downloads/stores/local-asset-store.ts";
import { createLicenseKeyCrypto } from "../licenses/license-key.ts";
import { createLicensingWrites } from "../licensing/licensing-writes.ts";
import { createPublicApp } from "./public-app.ts";
import { createVendorApp } from "./vendor-app.ts";

/** The OpenAPI 3.1 documents of both listeners, as JSON values. */
export interface OpenApiDocuments {
  /** `/openapi.json`: the Customer and Licensing APIs. */
  readonly public: Record<string, unknown>;
  /** `/vendor/openapi.json`: the Vendor API. */
  readonly vendor: Record<string, unknown>;
}

// A fixed, public placeholder secret: the documents never depend on it, and no data
// directory is prepared for them.
const PLACEHOLDER_SECRET = new Uint8Array(32);

/**
 * Builds the apps over a database driver that never connects and asks them for
 * their documents, so the SDK's types can be generated without a server or a
 * database, the same on every machine.
 *
 * @example
 * const { public: publicDocument } = await buildOpenApiDocuments();
 */
export async function buildOpenApiDocuments(): Promise<OpenApiDocuments> {
  const config: Config = {
    ...loadConfig({ DATA_DIR: ".keyport-openapi", LOG_LEVEL: "silent" }),
    licenseKeySecret: PLACEHOLDER_SECRET,
    signingKeys: [{ kid: "docs", secret: PLACEHOLDER_SECRET }],
  };
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const deps: AppDeps = {
    db,
    config,
    logger: createLogger("silent"),
    keys: createLicenseKeyCrypto(config.licenseKeySecret),
    // Never written to: building a document touches no route handler.
    assets: new LocalAssetStore(config.dataDir),
    secrets: createSecretBox(config.licenseKeySecret),
    background: createBackgroundWork(createLogger("silent")),
    licensingWrites: createLicensingWrites(db, createLogger("silent")),
  };
  const [publicDocument, vendorDocument] = await Promise.all([
    readDocument(createPublicApp(deps), "/openapi.json"),
    readDocument(createVendorApp(deps), "/vendor/openapi.json"),
  ]);
  return { public: publicDocument, vendor: vendorDocument };
}

async function readDocument(
  app: { request(path: string): Response | Promise<Response> },
  path: string,
): Promise<Record<string, unknown>> {
  const response = await app.request(path);
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
