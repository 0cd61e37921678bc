import { describe, expect, it } from "vitest";
import { CROCKFORD_ALPHABET } from "./crockford-base32.ts";
import { createId, type IdPrefix, isId } from "./ids.ts";

/** Reads the millisecond timestamp back out of an id's first ten characters. */
function timeOf(id: string): number {
  const time = id.slice(id.indexOf("_") + 1, id.indexOf("_") + 11);
  let ms = 0;
  for (const char of time) ms = ms * 32 + CROCKFORD_ALPHABET.indexOf(char);
  return ms;
}

describe("createId", () => {
  it("is the prefix, an underscore and 26 Crockford base32 characters", () => {
    const prefixes: IdPrefix[] = ["acc", "usr", "lic", "act", "prd", "rel", "ast", "ses", "vk"];
    for (const prefix of prefixes) {
      expect(createId(prefix)).toMatch(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`));
    }
  });

  it("starts with the creation time in milliseconds", () => {
    const now = Date.now();
    expect(timeOf(createId("lic", now))).toBe(now);
    expect(timeOf(createId("lic"))).toBeGreaterThanOrEqual(now);
    expect(createId("lic", 0).slice(4, 14)).toBe("0000000000");
    // 48 bits of milliseconds last until the year 10889.
    expect(timeOf(createId("lic", 2 ** 48 - 1))).toBe(2 ** 48 - 1);
  });

  it("sorts by creation time, also across digit carries", () => {
    const times = [0, 1, 31, 32, 33, 1023, 1024, 1_700_000_000_000, 1_700_000_000_001, Date.now()];
    times.push(Date.UTC(2100, 0, 1), 2 ** 48 - 1);
    const ids = times.map((time) => createId("act", time));
    expect([...ids].sort()).toEqual(ids);
    // Plain string comparison: digits before letters, as keyset pagination relies on.
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1]! < ids[i]!).toBe(true);
  });

  it("never repeats within one millisecond, and keeps the order of creation there too", () => {
    const now = Date.now();
    const ids = Array.from({ length: 5000 }, () => createId("evt", now));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1]! < ids[i]!).toBe(true);
  });

  it("starts from fresh random bits in each new millisecond", () => {
    const a = createId("evt", 1_000);
    const b = createId("evt", 1_000);
    const c = createId("evt", 1_001);
    expect(b > a).toBe(true);
    // Counting up changes only the last digits; a new millisecond is not a continuation of it.
    expect(c.slice(14, 24)).not.toBe(b.slice(14, 24));
  });
});

describe("isId", () => {
  const id = createId("lic");

  it("accepts an id of the given kind", () => {
    expect(isId("lic", id)).toBe(true);
  });

  it("rejects another kind, a bare or altered value", () => {
    expect(isId("acc", id)).toBe(false);
    expect(isId("lic", id.slice(4))).toBe(false);
    expect(isId("lic", id.toLowerCase())).toBe(false);
    expect(isId("lic", id.slice(0, -1))).toBe(false);
    expect(isId("lic", `${id}0`)).toBe(false);
    expect(isId("lic", `${id}\n`)).toBe(false);
    expect(isId("lic", ` ${id}`)).toBe(false);
    expect(isId("lic", "")).toBe(false);
  });

  it("rejects characters outside the Crockford alphabet", () => {
    for (const char of ["I", "L", "O", "U", "-", "_"]) {
      expect(isId("lic", `${id.slice(0, -1)}${char}`)).toBe(false);
    }
  });
});
