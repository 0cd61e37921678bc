/// <reference types="mocha" />
import { expect } from "@open-wc/testing";
import { formatBytes, formatDate, formatDateTime, formatRelativeTime } from "./format.ts";

const dateOnly = { day: "numeric", month: "long", year: "numeric" } as const;

describe("formatDate", () => {
  it("writes the absolute date the way DESIGN.md shows it", () => {
    const value = "2027-03-14T12:00:00Z";
    expect(formatDate(value, { locale: "en", timezone: "UTC" })).to.equal("14 March 2027");
    expect(formatDate(value, { locale: "de", timezone: "UTC" })).to.equal("14. März 2027");
  });

  it("matches Intl.DateTimeFormat given the same options", () => {
    const value = new Date("2026-11-02T08:15:00Z");
    for (const [locale, tag] of [
      ["en", "en-GB"],
      ["de", "de-DE"],
    ] as const) {
      const reference = new Intl.DateTimeFormat(tag, { ...dateOnly, timeZone: "Asia/Tokyo" });
      expect(formatDate(value, { locale, timezone: "Asia/Tokyo" })).to.equal(
        reference.format(value),
      );
    }
  });

  it("shows the calendar date of the user's time zone", () => {
    // 23:30 UTC on 14 March is already 15 March in Berlin and still 14 March in Los Angeles.
    const lateEvening = "2027-03-14T23:30:00Z";
    expect(formatDate(lateEvening, { locale: "en", timezone: "UTC" })).to.equal("14 March 2027");
    expect(formatDate(lateEvening, { locale: "en", timezone: "Europe/Berlin" })).to.equal(
      "15 March 2027",
    );
    const earlyMorning = "2027-03-14T02:00:00Z";
    expect(formatDate(earlyMorning, { locale: "en", timezone: "America/Los_Angeles" })).to.equal(
      "13 March 2027",
    );
  });

  it("accepts a Date, an ISO string and epoch milliseconds alike", () => {
    const date = new Date("2027-03-14T12:00:00Z");
    const settings = { locale: "en", timezone: "UTC" } as const;
    const expected = formatDate(date, settings);
    expect(formatDate(date.toISOString(), settings)).to.equal(expected);
    expect(formatDate(date.getTime(), settings)).to.equal(expected);
  });

  it("rejects a value that is not a date", () => {
    expect(() => formatDate("next Tuesday-ish", { locale: "en", timezone: "UTC" })).to.throw(
      RangeError,
      /next Tuesday-ish/,
    );
  });
});

describe("formatDateTime", () => {
  it("matches Intl.DateTimeFormat with time of day and zone name", () => {
    const value = "2027-01-10T09:05:00Z";
    const reference = new Intl.DateTimeFormat("en-GB", {
      ...dateOnly,
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "Europe/Berlin",
      timeZoneName: "short",
    }).format(new Date(value));
    const formatted = formatDateTime(value, { locale: "en", timezone: "Europe/Berlin" });
    expect(formatted).to.equal(reference);
    expect(formatted, "09:05 UTC is 10:05 in Berlin in winter").to.contain("10:05");
  });
});

describe("formatRelativeTime", () => {
  const now = new Date("2027-03-14T12:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  const en = new Intl.RelativeTimeFormat("en-GB", { numeric: "always" });
  const de = new Intl.RelativeTimeFormat("de-DE", { numeric: "always" });

  it("says how long ago in minutes, hours, days (up to a year) or years", () => {
    expect(formatRelativeTime(ago(3 * 86_400), { locale: "en", now })).to.equal("3 days ago");
    expect(formatRelativeTime(ago(3 * 86_400), { locale: "de", now })).to.equal("vor 3 Tagen");
    expect(formatRelativeTime(ago(5 * 60), { locale: "en", now })).to.equal(
      en.format(-5, "minute"),
    );
    expect(formatRelativeTime(ago(2 * 3_600), { locale: "de", now })).to.equal(
      de.format(-2, "hour"),
    );
    expect(formatRelativeTime(ago(140 * 86_400), { locale: "en", now })).to.equal("140 days ago");
    expect(formatRelativeTime(ago(364 * 86_400), { locale: "de", now })).to.equal("vor 364 Tagen");
    expect(formatRelativeTime(ago(800 * 86_400), { locale: "en", now })).to.equal(
      en.format(-2, "year"),
    );
  });

  it("says 1 day ago, not yesterday, as elapsed time cannot know the calendar day", () => {
    expect(formatRelativeTime(ago(30 * 3_600), { locale: "en", now })).to.equal("1 day ago");
  });

  it("describes the future too", () => {
    const inTwoHours = new Date(now.getTime() + 2 * 3_600_000);
    expect(formatRelativeTime(inTwoHours, { locale: "en", now })).to.equal("in 2 hours");
  });

  it("calls anything within a minute now", () => {
    expect(formatRelativeTime(ago(12), { locale: "en", now })).to.equal("now");
    expect(formatRelativeTime(ago(12), { locale: "de", now })).to.equal("jetzt");
    expect(formatRelativeTime(ago(61), { locale: "en", now })).to.equal("1 minute ago");
  });

  it("accepts ISO strings as the API sends them", () => {
    expect(
      formatRelativeTime("2027-03-11T12:00:00Z", { locale: "en", now: "2027-03-14T12:00:00Z" }),
    ).to.equal("3 days ago");
  });
});

describe("formatBytes", () => {
  const unit = (tag: string, name: string, display: "long" | "short") =>
    new Intl.NumberFormat(tag, {
      style: "unit",
      unit: name,
      unitDisplay: display,
      maximumFractionDigits: 1,
    });

  it("uses decimal units with one decimal at most", () => {
    expect(formatBytes(1_500_000, { locale: "en" })).to.equal("1.5 MB");
    expect(formatBytes(1_500_000, { locale: "de" })).to.equal("1,5 MB");
    expect(formatBytes(734_003_200, { locale: "en" })).to.equal(
      unit("en-GB", "megabyte", "short").format(734.0032),
    );
    expect(formatBytes(4_200_000_000, { locale: "de" })).to.equal(
      unit("de-DE", "gigabyte", "short").format(4.2),
    );
  });

  it("spells out bytes below a kilobyte", () => {
    expect(formatBytes(512, { locale: "en" })).to.equal("512 bytes");
    expect(formatBytes(1, { locale: "en" })).to.equal("1 byte");
    expect(formatBytes(0, { locale: "en" })).to.equal(unit("en-GB", "byte", "long").format(0));
    expect(formatBytes(999, { locale: "en" })).to.equal("999 bytes");
    expect(formatBytes(1000, { locale: "en" })).to.equal("1 kB");
  });

  it("moves to the next unit when rounding would show 1000", () => {
    expect(formatBytes(999_960, { locale: "en" })).to.equal("1 MB");
    expect(formatBytes(999_940, { locale: "en" })).to.equal("999.9 kB");
  });

  it("rejects what is not a byte count", () => {
    expect(() => formatBytes(-1, { locale: "en" })).to.throw(RangeError);
    expect(() => formatBytes(Number.NaN, { locale: "en" })).to.throw(RangeError);
  });
});
