import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { UserMessage } from "./validation-messages.ts";

const DAY = 86_400_000;

/** The last check Keyport answered with `valid: true`. */
export interface GraceRecord {
  readonly validatedAt: string;
  readonly licenseId?: string | undefined;
}

/** Keeps the last good check between runs, and how long the app may run without a new one. */
export interface GraceStore {
  readonly graceDays: number;
  load(): GraceRecord | undefined;
  save(record: GraceRecord): void;
}

/**
 * A grace store in a JSON file (the app's settings folder, for instance). An unreadable file
 * counts as no record: the app then needs Keyport to answer before it runs.
 *
 * @example
 * const grace = fileGraceStore(join(homedir(), ".acme-studio", "license.json"), { graceDays: 7 });
 */
export function fileGraceStore(path: string, { graceDays = 7 } = {}): GraceStore {
  return {
    graceDays,
    load() {
      try {
        const record = JSON.parse(readFileSync(path, "utf8")) as GraceRecord;
        return typeof record.validatedAt === "string" ? record : undefined;
      } catch {
        return undefined;
      }
    },
    save(record) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    },
  };
}

/**
 * Until when the app may run offline; `undefined` when it never had a good check, or when the
 * check lies in the future (the clock was set back to stretch the period).
 */
export function graceUntil(grace: GraceStore, now: Date): Date | undefined {
  const validatedAt = Date.parse(grace.load()?.validatedAt ?? "");
  if (Number.isNaN(validatedAt) || validatedAt > now.getTime()) return undefined;
  return new Date(validatedAt + grace.graceDays * DAY);
}

// #region offline
/** What to show when Keyport cannot be reached: keep working within the grace period. */
export function offlineMessage(grace: GraceStore, now: Date): UserMessage {
  const until = graceUntil(grace, now);
  if (until !== undefined && until > now) {
    return {
      sentence: "Acme Studio cannot reach the license server right now.",
      action: `It keeps working offline until ${until.toISOString().slice(0, 10)}; connect to the internet before then.`,
      next: "run",
    };
  }
  return {
    sentence: "Acme Studio could not check its license.",
    action:
      until === undefined
        ? "Connect to the internet and start Acme Studio again: the first check needs the license server."
        : `It has not reached the license server for ${grace.graceDays} days; connect to the internet and start it again.`,
    next: "stop",
  };
}
// #endregion offline
