// Before any API test file runs: build the service once, since the `keyport` command (spawned by
// the CLI tests and installed by the package tests) runs the build, not the sources.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export default async function buildServer(): Promise<void> {
  await promisify(execFile)("npm", ["run", "build:server", "--silent"], {
    cwd: new URL("..", import.meta.url).pathname,
  });
}
