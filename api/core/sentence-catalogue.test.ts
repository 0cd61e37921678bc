import { describe, expect, it } from "vitest";
import { phrasingFor, type Sentence, sentenceWriter } from "./sentence-catalogue.ts";
import { DAY_MS } from "./time.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const ahead = (days: number) => new Date(NOW.getTime() + days * DAY_MS);
// 23:30 UTC: already the next day in Berlin, still the same day in New York.
const LATE = new Date("2027-03-14T23:30:00Z");

const en = phrasingFor({ locale: "en", timeZone: "UTC" });
const de = phrasingFor({ locale: "de", timeZone: "UTC" });

describe("phrasing: days", () => {
  it("writes English and German days spelled out", () => {
    expect(en.day(new Date("2027-03-14T10:00:00Z"))).toBe("14 March 2027");
    expect(en.day(new Date("2027-01-05T10:00:00Z"))).toBe("5 January 2027");
    expect(de.day(new Date("2027-03-14T10:00:00Z"))).toBe("14. März 2027");
    expect(de.day(new Date("2027-01-05T10:00:00Z"))).toBe("5. Januar 2027");
  });

  it("gives the calendar day of the reader's time zone", () => {
    const zoned = (locale: "en" | "de", timeZone: string) =>
      phrasingFor({ locale, timeZone }).day(LATE);
    expect([
      zoned("en", "UTC"),
      zoned("en", "Europe/Berlin"),
      zoned("en", "America/New_York"),
    ]).toEqual(["14 March 2027", "15 March 2027", "14 March 2027"]);
    expect([zoned("de", "UTC"), zoned("de", "Europe/Berlin")]).toEqual([
      "14. März 2027",
      "15. März 2027",
    ]);
  });

  it("agrees with Intl's own long date in German", () => {
    const reference = new Intl.DateTimeFormat("de-DE", {
      timeZone: "Asia/Tokyo",
      dateStyle: "long",
    });
    for (const date of [LATE, NOW, ago(400), ahead(1000)]) {
      expect(phrasingFor({ locale: "de", timeZone: "Asia/Tokyo" }).day(date)).toBe(
        reference.format(date),
      );
    }
  });

  it("falls back to UTC for a zone the runtime does not know", () => {
    expect(phrasingFor({ locale: "de", timeZone: "Mars/Olympus" }).day(LATE)).toBe("14. März 2027");
  });

  it("counts whole days back and ahead in each language", () => {
    expect([0, 1, 140.5].map((n) => en.ago(ago(n), NOW))).toEqual([
      "today",
      "yesterday",
      "140 days ago",
    ]);
    expect([0, 1, 140.5].map((n) => de.ago(ago(n), NOW))).toEqual([
      "heute",
      "gestern",
      "vor 140 Tagen",
    ]);
    expect([0, 0.5, 12].map((n) => en.ahead(ahead(n), NOW))).toEqual([
      "today",
      "tomorrow",
      "in 12 days",
    ]);
    expect([0, 0.5, 12].map((n) => de.ahead(ahead(n), NOW))).toEqual([
      "heute",
      "morgen",
      "in 12 Tagen",
    ]);
  });
});

describe("phrasing: words", () => {
  it("counts nouns, with the German dative plural where asked", () => {
    expect([en.count(1, "machine"), en.count(3, "machine")]).toEqual(["1 machine", "3 machines"]);
    expect([de.count(1, "machine"), de.count(3, "machine")]).toEqual(["1 Gerät", "3 Geräte"]);
    expect([de.count(1, "machine", "dative"), de.count(3, "machine", "dative")]).toEqual([
      "1 Gerät",
      "3 Geräten",
    ]);
    expect(de.count(30, "day", "dative")).toBe("30 Tagen");
  });

  it("lists and quotes as each language does", () => {
    expect([en.list(["a"]), en.list(["a", "b"]), en.list(["a", "b", "c"])]).toEqual([
      "a",
      "a and b",
      "a, b and c",
    ]);
    expect(de.list(["a", "b", "c"])).toBe("a, b und c");
    expect([en.quote("OLD-PC"), de.quote("OLD-PC")]).toEqual(["“OLD-PC”", "„OLD-PC“"]);
  });

  it("writes durations and intervals in the largest whole unit", () => {
    expect([en.duration(7200), en.duration(180), en.duration(90)]).toEqual([
      "2 hours",
      "3 minutes",
      "90 seconds",
    ]);
    expect([de.duration(7200), de.duration(172_800)]).toEqual(["2 Stunden", "2 Tage"]);
    expect([en.every(86_400), en.every(3600), en.every(7200)]).toEqual([
      "every day",
      "every hour",
      "every 2 hours",
    ]);
    expect([de.every(86_400), de.every(3600), de.every(60), de.every(7200)]).toEqual([
      "jeden Tag",
      "jede Stunde",
      "jede Minute",
      "alle 2 Stunden",
    ]);
  });
});

describe("sentenceWriter", () => {
  const LIMIT: Sentence<{ used: number; limit: number }> = {
    en: ({ used, limit }, say) => `${used} of ${say.count(limit, "machine")} are in use.`,
    de: ({ used, limit }, say) =>
      `${used} von ${say.count(limit, "machine", "dative")} sind belegt.`,
  };

  it("writes the reader's definition with the same facts", () => {
    expect(
      sentenceWriter({ locale: "en", timeZone: "UTC" }).write(LIMIT, { used: 3, limit: 3 }),
    ).toBe("3 of 3 machines are in use.");
    expect(
      sentenceWriter({ locale: "de", timeZone: "UTC" }).write(LIMIT, { used: 3, limit: 3 }),
    ).toBe("3 von 3 Geräten sind belegt.");
    expect(sentenceWriter().fixed({ en: "Hello", de: "Hallo" })).toBe("Hello");
  });
});
