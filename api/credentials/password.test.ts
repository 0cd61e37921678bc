import { readdirSync, readFileSync } from "node:fs";
import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import {
  HASH_NICENESS,
  HASH_SLOTS,
  hashPassword,
  passwordHashing,
  verifyPassword,
} from "./password.ts";

/** Each thread of this process with its niceness, from /proc (Linux). */
function threadNiceness(): Map<number, number> {
  const threads = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    // Fields after the command name: state is the 3rd field of the line, nice the 19th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    threads.set(Number(tid), Number(fields[16]));
  }
  return threads;
}

describe("hashPassword", () => {
  it("makes an argon2id PHC string with m=19456, t=2, p=1 and a fresh salt", async () => {
    const first = await hashPassword("correct horse battery staple");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(parseOptions(first)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(first).not.toContain("correct");
    const second = await hashPassword("correct horse battery staple");
    expect(second).not.toBe(first);
  });
});

describe("verifyPassword", () => {
  it("answers true only for the password that was hashed", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(stored, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword(stored, "")).toBe(false);
  });

  it("handles non-ASCII passwords", async () => {
    const stored = await hashPassword("pässwörd-密码-🔑");
    expect(await verifyPassword(stored, "pässwörd-密码-🔑")).toBe(true);
    expect(await verifyPassword(stored, "passwörd-密码-🔑")).toBe(false);
  });

  it("answers false without a stored hash or with a malformed one", async () => {
    expect(await verifyPassword(null, "keyport-dummy-password")).toBe(false);
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
    expect(await verifyPassword("$argon2id$v=19$m=19456,t=2,p=1$broken", "anything")).toBe(false);
  });
});

describe("argon2id computations", () => {
  it("run at most one core fewer than the machine has at once; the rest wait their turn", async () => {
    expect(HASH_SLOTS).toBeGreaterThanOrEqual(1);
    const burst = HASH_SLOTS + 4;
    const stored = await hashPassword("correct horse battery staple");
    const checks = Array.from({ length: burst }, (_, i) =>
      verifyPassword(stored, i === 0 ? "correct horse battery staple" : `wrong ${i}`),
    );
    expect(passwordHashing()).toEqual({ running: HASH_SLOTS, waiting: burst - HASH_SLOTS });
    const answers = await Promise.all(checks);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(answers[0]).toBe(true);
    expect(passwordHashing()).toEqual({ running: 0, waiting: 0 });
  });

  it("run on threads of lowered priority, leaving the process's own priority as it was", async () => {
    expect(HASH_NICENESS).toBeGreaterThan(0);
    const before = threadNiceness();
    await Promise.all(
      Array.from({ length: HASH_SLOTS }, () => hashPassword("correct horse battery staple")),
    );
    const after = threadNiceness();
    const hashers = [...after].filter(([, nice]) => nice === HASH_NICENESS);
    expect(hashers.length).toBeGreaterThanOrEqual(1);
    expect(hashers.length).toBeLessThanOrEqual(HASH_SLOTS);
    expect(after.get(process.pid)).toBe(before.get(process.pid));
    expect(after.get(process.pid)).not.toBe(HASH_NICENESS);
  });

  it("give the slot back when a computation fails", async () => {
    expect(await verifyPassword("$argon2id$not-a-hash", "whatever password")).toBe(false);
    expect(passwordHashing()).toEqual({ running: 0, waiting: 0 });
  });
});
