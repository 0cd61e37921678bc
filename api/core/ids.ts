import {
  encodeCrockfordDigits,
  encodeCrockfordNumber,
  randomCrockfordDigits,
} from "./crockford-base32.ts";

export type IdPrefix =
  | "acc"
  | "usr"
  | "prd"
  | "ent"
  | "pol"
  | "lic"
  | "act"
  | "val"
  | "rel"
  | "ast"
  | "evt"
  | "ses"
  | "tok"
  | "rcv"
  | "vk"
  | "mail";

/** The random part of the last id, per millisecond, so ids made in one millisecond still sort. */
let previous: { readonly time: number; readonly tail: number[] } | undefined;

/**
 * A prefixed, time-ordered opaque id (`lic_01JD…`): 48 bits of milliseconds then
 * 80 random bits, in Crockford base32, so sorting by id sorts by creation and
 * keyset pagination needs no second column. Within one millisecond the random
 * part counts up from the previous id (as ULID's monotonic mode does), so two
 * rows made in the same millisecond keep their order too.
 *
 * @example
 * createId("lic"); // "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA"
 */
export function createId(prefix: IdPrefix, now: number = Date.now()): string {
  const tail = previous?.time === now ? countUp(previous.tail) : undefined;
  const digits = tail ?? randomCrockfordDigits(16);
  previous = { time: now, tail: digits };
  return `${prefix}_${encodeCrockfordNumber(now, 10)}${encodeCrockfordDigits(digits)}`;
}

/** The base-32 number one higher, or undefined when all 80 bits are used up (start afresh). */
function countUp(digits: readonly number[]): number[] | undefined {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return undefined;
}

/** Whether a string looks like an id of the given kind (checked before touching the database). */
export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`).test(value);
}
