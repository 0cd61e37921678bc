#!/usr/bin/env node
// The sources are TypeScript; tsx compiles them as they load, so there is no build step.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../api/cli.ts");
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// Once output is flushed the process ends by itself; this only catches a handle left open.
setTimeout(() => process.exit(code), 1000).unref();
