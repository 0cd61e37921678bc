import { describe, expect, it } from "vitest";
import {
  CROCKFORD_ALPHABET,
  decodeCrockfordInput,
  encodeCrockfordNumber,
  randomCrockford,
} from "./crockford-base32.ts";

/** The reference: JavaScript's own base 32 (0-9a-v), mapped symbol by symbol to Crockford's. */
function reference(value: number, length: number): string {
  const plain = "0123456789abcdefghijklmnopqrstuv";
  return [...value.toString(32).padStart(length, "0")]
    .map((symbol) => CROCKFORD_ALPHABET[plain.indexOf(symbol)])
    .join("");
}

describe("Crockford base32", () => {
  it("has 32 symbols, none of them I, L, O or U, in ascending character order", () => {
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
    expect([...CROCKFORD_ALPHABET].sort().join("")).toBe(CROCKFORD_ALPHABET);
  });

  it("writes numbers as JavaScript's base 32 does, zero-padded", () => {
    for (const value of [0, 1, 31, 32, 1023, 1024, 1_700_000_000_000, 2 ** 48 - 1]) {
      expect(encodeCrockfordNumber(value, 10)).toBe(reference(value, 10));
    }
  });

  it("draws random symbols from the alphabet only", () => {
    const drawn = randomCrockford(4000);
    expect(drawn).toHaveLength(4000);
    expect(new Set(drawn).size).toBe(32);
    for (const symbol of drawn) expect(CROCKFORD_ALPHABET).toContain(symbol);
  });

  it("reads what people type: any case, spaces and hyphens, I/L as 1 and O as 0", () => {
    expect(decodeCrockfordInput("7xk2m-9qhta", 10)).toBe("7XK2M9QHTA");
    expect(decodeCrockfordInput(" 0oIl 123456 ", 10)).toBe("0011123456");
    expect(decodeCrockfordInput("7XK2M-9QHTU", 10)).toBeNull();
    expect(decodeCrockfordInput("7XK2M", 10)).toBeNull();
  });
});
