#!/usr/bin/env node
// The `keyport` command. It runs the build in ../dist: in this repository `npm start` builds it
// first (`npm run build:server`); the published package ships it.
let cli;
try {
  cli = await import("../dist/cli.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/cli.js")) {
    throw error;
  }
  process.stderr.write(
    "keyport: the service is not built yet; run `npm run build:server` first.\n",
  );
  process.exit(1);
}
const code = await cli.runCli(process.argv.slice(2));
process.exitCode = code;
// Once output is flushed the process ends by itself; this only catches a handle left open.
setTimeout(() => process.exit(code), 1000).unref();
