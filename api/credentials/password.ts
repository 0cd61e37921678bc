import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Algorithm } from "@node-rs/argon2";
import { createSlots } from "../core/slots.ts";

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
 * has (at least one), each on a hashing thread of its own. Each takes a core
 * for tens of milliseconds; a burst of sign-ins queues here instead of taking
 * every core.
 */
export const HASH_SLOTS = Math.max(1, availableParallelism() - 1);

/**
 * The hashing threads' scheduling niceness (Linux; 0 is normal, 19 the lowest).
 * With a core to spare they hash at full speed; where a hashing thread and the
 * event loop share a core (a one- or two-core machine under load) the event
 * loop goes first. Niceness orders the threads of this process, not this process
 * against another (PostgreSQL on the same machine): what keeps a burst of
 * sign-ins from crowding the other routes is that few run at once (auth-service).
 */
export const HASH_NICENESS = 10;

/**
 * A hashing thread: argon2id computed synchronously on a worker thread that
 * lowered its own priority first (a thread's id is a pid to `setpriority` on
 * Linux; elsewhere it keeps the normal priority). Evaluated source, so it runs
 * the same from the sources and from the bundled server.
 */
const HASHER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const argon2 = require(workerData.argon2);
try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  require("node:os").setPriority(tid, workerData.niceness);
} catch {}
parentPort.on("message", (job) => {
  try {
    const result = job.stored === undefined
      ? argon2.hashSync(job.password, workerData.options)
      : argon2.verifySync(job.stored, job.password);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});`;

type HashJob = { readonly password: string; readonly stored?: string };

/** One hashing thread, one computation at a time; it keeps the process alive only while computing. */
class Hasher {
  readonly #worker: Worker;
  #settle: ((reply: { result?: unknown; error?: string }) => void) | undefined;
  dead = false;

  constructor() {
    this.#worker = new Worker(HASHER_SOURCE, {
      eval: true,
      workerData: {
        argon2: createRequire(import.meta.url).resolve("@node-rs/argon2"),
        niceness: HASH_NICENESS,
        options: OPTIONS,
      },
    });
    this.#worker.unref();
    this.#worker.on("message", (reply) => this.#settle?.(reply));
    const fail = (error: unknown) => {
      this.dead = true;
      this.#settle?.({ error: `the hashing thread stopped: ${String(error)}` });
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", (code) => fail(`exit code ${code}`));
  }

  run(job: HashJob): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.dead) {
        reject(new Error("the hashing thread stopped"));
        return;
      }
      this.#worker.ref();
      this.#settle = (reply) => {
        this.#settle = undefined;
        this.#worker.unref();
        if (reply.error === undefined) resolve(reply.result);
        else reject(new Error(reply.error));
      };
      this.#worker.postMessage(job);
    });
  }
}

/** Threads not computing now; made on first use, one per slot, replaced if one dies. */
const idleHashers: Hasher[] = [];
const hashSlots = createSlots(HASH_SLOTS);

/** Computations running and waiting now (tests, diagnostics). */
export function passwordHashing(): { readonly running: number; readonly waiting: number } {
  return { running: hashSlots.running, waiting: hashSlots.waiting };
}

function inHashSlot(job: HashJob): Promise<unknown> {
  return hashSlots.run(async () => {
    let hasher = idleHashers.pop();
    // One that died while idle (it should not) is dropped for a new one.
    while (hasher?.dead) hasher = idleHashers.pop();
    hasher ??= new Hasher();
    try {
      return await hasher.run(job);
    } finally {
      if (!hasher.dead) idleHashers.push(hasher);
    }
  });
}

/**
 * An argon2id hash of a password in PHC form, with its own random salt.
 *
 * @example
 * const stored = await hashPassword("correct horse battery"); // "$argon2id$v=19$m=19456,t=2,p=1$…"
 */
export async function hashPassword(password: string): Promise<string> {
  return String(await inHashSlot({ password }));
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
    await inHashSlot({ stored: stand, password }).catch(() => false);
    return false;
  }
  try {
    return (await inHashSlot({ stored, password })) === true;
  } catch {
    // A malformed stored hash never matches; it must not become a 500 on sign-in.
    return false;
  }
}
