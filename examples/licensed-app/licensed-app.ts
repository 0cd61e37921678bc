/**
 * "Acme Studio", the vendor's installed software, reduced to its licensing: it activates this
 * computer, validates at start, sends heartbeats and says, for every answer, what the user
 * should read and do. Stop it with Ctrl-C.
 *
 *   npx tsx examples/licensed-app/licensed-app.ts --key XXXXX-XXXXX-XXXXX-XXXXX-XXXXX
 *   npx tsx examples/licensed-app/licensed-app.ts --codes      # every code's message
 *
 * Options (or environment): --key (ACME_LICENSE_KEY), --url (KEYPORT_URL, default
 * http://localhost:8787), --fingerprint (ACME_FINGERPRINT, default this computer's),
 * --heartbeat seconds (ACME_HEARTBEAT_SECONDS, 60), --app-version (3.0.0), --product prd_…,
 * --state file (ACME_STATE_FILE), --grace-days (7), --deactivate (free this computer's slot).
 */
import { homedir, hostname, platform } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createLicensingClient, KeyportError } from "@keyport/sdk";
import type { LicenseEvent } from "./license-watch.ts";
import { watchLicense } from "./license-watch.ts";
import { machineFingerprint } from "./machine-fingerprint.ts";
import { fileGraceStore } from "./offline-grace.ts";
import { expiredButValid, type UserMessage, validationMessages } from "./validation-messages.ts";

/** One event as the app prints it: time, call, code, then the sentence and what to do. */
export function formatEvent({ at, call, answer, message }: LicenseEvent): string {
  const time = at.toISOString().slice(11, 19);
  const code = answer?.code ?? "OFFLINE";
  const head = `${time}  ${call.padEnd(9)}  ${code}`;
  // A heartbeat's answer needs no sentence: a refused one is followed by a validation that says it.
  if (call === "heartbeat" && answer) return head;
  return `${head}\n  ${message.sentence}\n  → ${message.action}`;
}

/** Every code with its message, as `--codes` prints it. */
export function formatAllMessages(): string {
  const rows: [string, UserMessage][] = [
    ...Object.entries(validationMessages),
    ["EXPIRED (valid)", expiredButValid],
  ];
  return rows
    .map(([code, { sentence, action }]) => `${code}\n  ${sentence}\n  → ${action}`)
    .join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      key: { type: "string", default: process.env.ACME_LICENSE_KEY },
      url: { type: "string", default: process.env.KEYPORT_URL ?? "http://localhost:8787" },
      fingerprint: { type: "string", default: process.env.ACME_FINGERPRINT },
      heartbeat: { type: "string", default: process.env.ACME_HEARTBEAT_SECONDS ?? "60" },
      "app-version": { type: "string", default: "3.0.0" },
      product: { type: "string" },
      state: {
        type: "string",
        default: process.env.ACME_STATE_FILE ?? join(homedir(), ".acme-studio", "license.json"),
      },
      "grace-days": { type: "string", default: "7" },
      deactivate: { type: "boolean", default: false },
      codes: { type: "boolean", default: false },
    },
  });
  const write = (text: string) => process.stdout.write(`${text}\n`);
  if (values.codes) {
    write(formatAllMessages());
    return 0;
  }
  if (!values.key) {
    process.stderr.write("Give the license key: --key XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\n");
    return 64;
  }
  const heartbeatSeconds = Number(values.heartbeat);
  if (!(heartbeatSeconds > 0)) {
    process.stderr.write(`--heartbeat: expected seconds (got "${values.heartbeat}")\n`);
    return 64;
  }
  const licensing = createLicensingClient({ baseUrl: values.url });
  const fingerprint = values.fingerprint ?? machineFingerprint();
  const key = values.key;

  if (values.deactivate) {
    const answer = await licensing.deactivate({ key, fingerprint });
    write(`This computer's activation has ended (${answer.code}); its slot is free.`);
    return 0;
  }

  write(
    `Acme Studio ${values["app-version"]} on ${hostname()} (fingerprint ${fingerprint.slice(0, 8)}…), ` +
      `licensing at ${values.url}, a heartbeat every ${heartbeatSeconds} s`,
  );
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  const last = await watchLicense({
    licensing,
    key,
    fingerprint,
    version: values["app-version"],
    ...(values.product ? { productId: values.product } : {}),
    machine: { name: hostname(), hostname: hostname(), platform: `${platform()} ${process.arch}` },
    heartbeatSeconds,
    grace: fileGraceStore(values.state, { graceDays: Number(values["grace-days"]) }),
    onEvent: (event) => write(formatEvent(event)),
    signal: stop.signal,
  });
  return last.message.next === "stop" ? 2 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // 422 (a mistyped key) and other problems the user can act on.
      if (!(error instanceof KeyportError)) throw error;
      const fields = error.fieldErrors.map((field) => `\n  ${field.field}: ${field.message}`);
      process.stderr.write(
        `${error.status} ${error.code}: ${error.detail ?? error.title}${fields.join("")}\n`,
      );
      process.exitCode = 1;
    },
  );
}
