import { describe, expect, it } from "vitest";
import { isLocale, isTimeZone } from "./user-preferences.ts";

describe("isTimeZone", () => {
  it("accepts every zone Intl lists, and UTC", () => {
    for (const zone of Intl.supportedValuesOf("timeZone"))
      expect(isTimeZone(zone), zone).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
  });

  it("accepts IANA names the list leaves out", () => {
    for (const zone of [
      "Asia/Kolkata",
      "Europe/Kyiv",
      "Etc/GMT+5",
      "Etc/UTC",
      "America/Argentina/Buenos_Aires",
    ]) {
      expect(isTimeZone(zone), zone).toBe(true);
    }
  });

  it("refuses unknown, mis-cased and odd values", () => {
    for (const value of [
      "",
      "Mars/Olympus_Mons",
      "europe/berlin",
      "EUROPE/BERLIN",
      "utc",
      "Europe/Berlin ",
      "+02:00",
      "Europe/../UTC",
      "x".repeat(300),
    ]) {
      expect(isTimeZone(value), value).toBe(false);
    }
  });
});

describe("isLocale", () => {
  it("knows exactly English and German", () => {
    expect(isLocale("en")).toBe(true);
    expect(isLocale("de")).toBe(true);
    for (const value of ["EN", "fr", "en-US", ""]) expect(isLocale(value), value).toBe(false);
  });
});
