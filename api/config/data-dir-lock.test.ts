import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock.ts";

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "keyport-lock-"));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A process that lives until killed, and a way to end it. */
function otherProcess() {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  return {
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

describe("lockDataDir", () => {
  it("holds the directory for one holder at a time, until released", () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, "keyport.pid"), "utf8").trim()).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    expect(existsSync(join(dir, "keyport.pid"))).toBe(false);
    release(); // twice is harmless
    const again = lockDataDir(dir);
    again();
    // No draft files are left behind.
    expect(readdirSync(dir)).toEqual([]);
  });

  it("creates a missing directory", () => {
    const dir = join(tempDir(), "nested", "data");
    const release = lockDataDir(dir);
    expect(existsSync(join(dir, "keyport.pid"))).toBe(true);
    release();
  });

  it("refuses a directory a live process holds, naming the process and the file", async () => {
    const dir = tempDir();
    const holder = otherProcess();
    try {
      writeFileSync(join(dir, "keyport.pid"), `${holder.pid}\n`);
      let error: unknown;
      try {
        lockDataDir(dir);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as DataDirLockedError).pid).toBe(holder.pid);
      expect((error as Error).message).toContain(`pid ${holder.pid}`);
      expect((error as Error).message).toContain("DATABASE_URL");
      expect((error as Error).message).toContain(join(dir, "keyport.pid"));
      // The holder's file is left alone.
      expect(readFileSync(join(dir, "keyport.pid"), "utf8").trim()).toBe(String(holder.pid));
    } finally {
      await holder.stop();
    }
  });

  it("takes over a file left by a process that died", async () => {
    const dir = tempDir();
    const gone = otherProcess();
    await gone.stop();
    writeFileSync(join(dir, "keyport.pid"), `${gone.pid}\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, "keyport.pid"), "utf8").trim()).toBe(String(process.pid));
    release();
  });

  it("takes over a stale file naming this process's own pid (a restarted container) or garbage", () => {
    for (const content of [`${process.pid}\n`, "", "not a pid"]) {
      const dir = tempDir();
      writeFileSync(join(dir, "keyport.pid"), content);
      const release = lockDataDir(dir);
      release();
    }
  });
});
