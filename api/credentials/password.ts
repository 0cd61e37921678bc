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
 * An argon2id hash of a password in PHC form, with its own random salt.
 *
 * @example
 * const stored = await hashPassword("correct horse battery"); // "$argon2id$v=19$m=19456,t=2,p=1$…"
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
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
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    // A malformed stored hash never matches; it must not become a 500 on sign-in.
    return false;
  }
}
