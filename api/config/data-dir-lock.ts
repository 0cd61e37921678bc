import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Thrown when another live process holds the embedded database. */
export class DataDirLockedError extends Error {
  override readonly name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Keyport process (pid ${pid}). ` +
        "It allows one process at a time: stop that process first, or use PostgreSQL (DATABASE_URL). " +
        `If no such process runs, delete ${join(dataDir, LOCK_FILE)}.`,
    );
  }
}

const LOCK_FILE = "keyport.pid";
/** Directories this process holds, so a stale file that names our own (reused) pid is told apart. */
const held = new Set<string>();

/**
 * Claims DATA_DIR for this process. The embedded PGlite database takes no lock of
 * its own, and two processes writing the same files corrupt it (say,
 * `keyport vendor-key create` while `keyport start` runs). A file left behind by
 * a process that died is taken over.
 *
 * @example
 * const release = lockDataDir(config.dataDir);
 * try { … } finally { release(); }
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const file = join(dir, LOCK_FILE);
  if (held.has(dir)) throw new DataDirLockedError(dir, process.pid);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Written aside and linked into place, so the lock never exists without its pid.
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readHolder(file);
      const stale = holder === null || holder === process.pid || !isAlive(holder);
      if (!stale || attempt === 3) throw new DataDirLockedError(dir, holder ?? 0);
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(draft, { force: true });
  }
  held.add(dir);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(dir);
    rmSync(file, { force: true });
  };
}

function readHolder(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
