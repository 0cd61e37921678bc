/*
 * Crockford's base32 (https://www.crockford.com/base32.html): digits and upper-case
 * letters without I, L, O and U, so nothing reads as another character, and a
 * person's I, L (→ 1) and O (→ 0) can be mapped back. Ids, license keys and
 * recovery codes are written in it.
 */

/** The 32 symbols in order of value; comparing strings of them compares their numbers. */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * `value` (a whole number ≥ 0) in `length` symbols, most significant first,
 * zero-padded (higher digits are dropped).
 *
 * @example
 * encodeCrockfordNumber(1024, 4); // "0100"
 */
export function encodeCrockfordNumber(value: number, length: number): string {
  let text = "";
  let rest = value;
  for (let i = 0; i < length; i++) {
    text = CROCKFORD_ALPHABET[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

/** Symbols for digits of value 0–31. */
export function encodeCrockfordDigits(digits: readonly number[]): string {
  return digits.map((digit) => CROCKFORD_ALPHABET[digit]).join("");
}

/** `count` random digits (0–31) from the CSPRNG. */
export function randomCrockfordDigits(count: number): number[] {
  // 256 is a multiple of 32, so masking a byte keeps every digit equally likely.
  return [...crypto.getRandomValues(new Uint8Array(count))].map((byte) => byte & 31);
}

/**
 * `length` random symbols from the CSPRNG (5 bits each).
 *
 * @example
 * randomCrockford(5); // "7XK2M"
 */
export function randomCrockford(length: number): string {
  return encodeCrockfordDigits(randomCrockfordDigits(length));
}

/**
 * What a person typed, as `length` upper-case symbols: spaces and hyphens dropped,
 * case ignored, I and L read as 1, O as 0; `null` when anything else is left or
 * the length is wrong.
 *
 * @example
 * decodeCrockfordInput("7xk2m-9qhta", 10); // "7XK2M9QHTA"
 */
export function decodeCrockfordInput(input: string, length: number): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (compact.length !== length) return null;
  for (const char of compact) if (!CROCKFORD_ALPHABET.includes(char)) return null;
  return compact;
}
