// The `@keyport/server` entry: build the apps into your own server, or start Keyport's.
export type { Config } from "./config.ts";
export { ConfigError, loadConfig } from "./config.ts";
export type { DatabaseHandle, DatabaseOptions } from "./db/connection.ts";
export { openDatabase } from "./db/connection.ts";
export { migrateToLatest } from "./db/migrate.ts";
export type { AppDeps } from "./deps.ts";
export { createPublicApp } from "./public-app.ts";
export type { RunningServer, StartServerOptions } from "./server.ts";
export { ListenError, startServer } from "./server.ts";
export { createVendorApp } from "./vendor-app.ts";
