// The `@keyport/server` entry: build the apps into your own server, or start Keyport's.

export { createPublicApp } from "./app/public-app.ts";
export type { RunningServer, StartServerOptions } from "./app/server.ts";
export { ListenError, startServer } from "./app/server.ts";
export { createVendorApp } from "./app/vendor-app.ts";
export type { Config, LoadedConfig } from "./config/config.ts";
export { ConfigError, loadConfig } from "./config/config.ts";
export { prepareDataDir } from "./config/data-dir.ts";
export type { AppDeps } from "./core/deps.ts";
export type { DatabaseHandle, DatabaseOptions } from "./db/connection.ts";
export { openDatabase } from "./db/connection.ts";
export { migrateToLatest } from "./db/migrate.ts";
