// Before any API test file runs: build the service once, since the `keyport` command (spawned by
// the CLI, example and package tests) runs the build, not the sources. The examples import
// `@keyport/sdk` as a vendor would, from its build: built here too when a fresh clone has none
// (rebuilding it always would delete the types `npm run build` put beside it).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

export default async function buildServer(): Promise<void> {
  const root = new URL("..", import.meta.url).pathname;
  const builds = existsSync(`${root}sdk/dist/index.js`) ? "server" : "sdk+server";
  await promisify(execFile)(
    "npx",
    ["rollup", "-c", "--silent", "--environment", `KEYPORT_BUILD:${builds}`],
    {
      cwd: root,
    },
  );
}
