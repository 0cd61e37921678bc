const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

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

/**
 * A prefixed, time-ordered opaque id (`lic_01JD…`): 48 bits of milliseconds then
 * 80 random bits, in Crockford base32, so sorting by id sorts by creation and
 * keyset pagination needs no second column.
 *
 * @example
 * createId("lic"); // "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA"
 */
export function createId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = "";
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = "";
  // 256 is a multiple of 32, so masking a byte keeps every character equally likely.
  for (const byte of random) tail += CROCKFORD[byte & 31];
  return `${prefix}_${time}${tail}`;
}

/** Whether a string looks like an id of the given kind (checked before touching the database). */
export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`).test(value);
}
