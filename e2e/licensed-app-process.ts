// examples/licensed-app as the program a customer runs: its own process, its own output.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LicensedAppProcess {
  /** Everything it printed so far. */
  output(): string;
  /** Resolves once the output matches, with the match; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The exit code, once it has ended by itself. */
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the licensed app against Keyport with a key, a fingerprint and a short heartbeat. */
export function startLicensedApp({
  keyportUrl,
  key,
  fingerprint,
  heartbeatSeconds,
}: {
  keyportUrl: string;
  key: string;
  fingerprint: string;
  heartbeatSeconds: number;
}): LicensedAppProcess {
  const stateFile = join(mkdtempSync(join(tmpdir(), "acme-studio-e2e-")), "license.json");
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--conditions=keyport:source",
      "--import",
      "tsx",
      "examples/licensed-app/licensed-app.ts",
      "--key",
      key,
      "--fingerprint",
      fingerprint,
      "--heartbeat",
      String(heartbeatSeconds),
      "--state",
      stateFile,
    ],
    { env: { ...process.env, KEYPORT_URL: keyportUrl }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    output: () => output,
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`The licensed app never printed ${pattern}; it printed:\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    exited: () => exit,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exit;
      }
    },
  };
}
