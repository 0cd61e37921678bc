import { describe, expect, it } from "vitest";
import { parseAcceptLanguage, preferredLocale, resolveLocale } from "./request-wording.ts";

describe("parseAcceptLanguage", () => {
  it("reads ranges and weights in header order, lower-cased", () => {
    expect(parseAcceptLanguage("de-AT, en;q=0.5, *;q=0.1")).toEqual([
      { range: "de-at", q: 1 },
      { range: "en", q: 0.5 },
      { range: "*", q: 0.1 },
    ]);
  });

  it("accepts the qvalue forms of RFC 9110 and optional white space", () => {
    expect(parseAcceptLanguage("en;q=1.000,de ; Q = 0.25,fr;q=0.,it;q=0")).toEqual([
      { range: "en", q: 1 },
      { range: "de", q: 0.25 },
      { range: "fr", q: 0 },
      { range: "it", q: 0 },
    ]);
  });

  it("drops malformed entries on their own and keeps the rest", () => {
    expect(
      parseAcceptLanguage(
        "en;q=2, de;q=abc, fr;q=0.1234, 12, en_US, toolonglanguage, , ;q=1, de-DE;x=1, it",
      ),
    ).toEqual([{ range: "it", q: 1 }]);
  });

  it("answers nothing for an empty or absent header", () => {
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage(null)).toEqual([]);
    expect(parseAcceptLanguage("")).toEqual([]);
    expect(parseAcceptLanguage(" , ,")).toEqual([]);
  });
});

describe("preferredLocale", () => {
  it("picks the supported language with the highest weight", () => {
    expect(preferredLocale("de")).toBe("de");
    expect(preferredLocale("en")).toBe("en");
    expect(preferredLocale("en;q=0.4, de;q=0.9")).toBe("de");
    expect(preferredLocale("fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7")).toBe("de");
  });

  it("counts a region or script as its language", () => {
    expect(preferredLocale("de-AT")).toBe("de");
    expect(preferredLocale("de-CH-1996, en;q=0.5")).toBe("de");
    expect(preferredLocale("EN-gb")).toBe("en");
    expect(preferredLocale("fr-CA, de-Latn-DE;q=0.3")).toBe("de");
  });

  it("gives equal weights to the language named first", () => {
    expect(preferredLocale("en, de")).toBe("en");
    expect(preferredLocale("de, en")).toBe("de");
    expect(preferredLocale("en;q=0.5, de;q=0.5, en-GB")).toBe("en");
  });

  it("takes the highest weight any range gives a language", () => {
    expect(preferredLocale("en;q=0.6, de-AT;q=0.2, de;q=0.9")).toBe("de");
  });

  it("never picks a language weighted 0", () => {
    expect(preferredLocale("de;q=0, en;q=0.1")).toBe("en");
    expect(preferredLocale("de;q=0")).toBeNull();
  });

  it("states no preference for `*`, unsupported languages, garbage or nothing", () => {
    expect(preferredLocale("*")).toBeNull();
    expect(preferredLocale("fr, es;q=0.5, *;q=0.1")).toBeNull();
    expect(preferredLocale("x-klingon, 🙂, de;q=high")).toBeNull();
    expect(preferredLocale(";;;,,,===")).toBeNull();
    expect(preferredLocale("")).toBeNull();
    expect(preferredLocale(undefined)).toBeNull();
  });

  it("matches only the languages it is given", () => {
    expect(preferredLocale("de, en;q=0.5", ["en"])).toBe("en");
  });
});

describe("resolveLocale", () => {
  it("lets the header win over the saved locale", () => {
    expect(resolveLocale("en", "de")).toBe("en");
    expect(resolveLocale("de-AT", "en")).toBe("de");
  });

  it("falls back to the saved locale when the header states no preference", () => {
    expect(resolveLocale(undefined, "de")).toBe("de");
    expect(resolveLocale("*", "de")).toBe("de");
    expect(resolveLocale("fr-FR, es;q=0.8", "de")).toBe("de");
    expect(resolveLocale("nonsense;q=x", "de")).toBe("de");
  });

  it("falls back to English when neither says anything usable", () => {
    expect(resolveLocale(undefined, undefined)).toBe("en");
    expect(resolveLocale("fr", "fr")).toBe("en");
    expect(resolveLocale("*", "")).toBe("en");
  });
});
