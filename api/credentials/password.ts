import { availableParallelism } from "node:os";
import { type Algorithm, hash, verify } from "@node-rs/argon2";

/** The bounds every password field accepts (sign-up, reset, change). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * `Algorithm` is an ambient const enum, which `verbatimModuleSyntax` cannot inline;
 * 2 is its `Argon2id` member.
 */
const ARGON2ID = 2 as Algorithm.Argon2id;

/** OWASP's argon2id baseline (SPEC §3.7: m ≥ 19 MiB, t ≥ 2). */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * How many argon2id computations run at once: one core fewer than the machine
 * has (at least one). Each takes a core for tens of milliseconds on the thread
 * pool; a burst of sign-ins queues here instead of taking every core, so the
 * other routes keep answering as fast as before.
 */
export const HASH_SLOTS = Math.max(1, availableParallelism() - 1);
let slotsInUse = 0;
const waitingForSlot: (() => void)[] = [];

/** Computations running and waiting now (tests, diagnostics). */
export function passwordHashing(): { readonly running: number; readonly waiting: number } {
  return { running: slotsInUse, waiting: waitingForSlot.length };
}

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slotsInUse < HASH_SLOTS) slotsInUse++;
  else await new Promise<void>((resolve) => waitingForSlot.push(resolve));
  try {
    return await work();
  } finally {
    // Hand the slot to the next in line, or give it back.
    const next = waitingForSlot.shift();
    if (next) next();
    else slotsInUse--;
  }
}

/**
 * An argon2id hash of a password in PHC form, with its own random salt.
 *
 * @example
 * const stored = await hashPassword("correct horse battery"); // "$argon2id$v=19$m=19456,t=2,p=1$…"
 */
export function hashPassword(password: string): Promise<string> {
  return inHashSlot(() => hash(password, OPTIONS));
}

/** Hashed once, lazily: the stand-in that `verifyPassword(null, …)` checks against. */
let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. With no stored hash (unknown user, no
 * password set) it still spends one verification and answers `false`, so the
 * answer's timing does not tell whether the account exists.
 *
 * @example
 * if (!(await verifyPassword(user?.password_hash ?? null, input.password))) throw …;
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummyHash ??= hashPassword("keyport-dummy-password");
    const stand = await dummyHash;
    await inHashSlot(() => verify(stand, password)).catch(() => false);
    return false;
  }
  try {
    return await inHashSlot(() => verify(stored, password));
  } catch {
    // A malformed stored hash never matches; it must not become a 500 on sign-in.
    return false;
  }
}
