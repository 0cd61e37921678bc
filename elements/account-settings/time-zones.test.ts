/// <reference types="mocha" />
import { expect } from "@open-wc/testing";
import "../internal/test-helpers.ts";
import { filterTimeZones, formatLocalTime, timeZoneOptions, zoneLabel } from "./time-zones.ts";

describe("time zones", () => {
  it("lists every zone Intl knows, UTC included, sorted by name", () => {
    const ids = timeZoneOptions().map((option) => option.id);
    expect(ids.length).to.equal(new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]).size);
    expect(ids).to.include.members(["Europe/Berlin", "America/New_York", "UTC"]);
    const labels = timeZoneOptions().map((option) => option.label);
    expect(labels).to.deep.equal([...labels].sort((a, b) => a.localeCompare(b, "en")));
  });

  it("adds a saved zone the list lacks, such as an old alias", () => {
    const ids = timeZoneOptions(["Asia/Calcutta"]).map((option) => option.id);
    expect(ids).to.include("Asia/Calcutta");
    expect(timeZoneOptions(["Not/AZone"]).some((o) => o.id === "Not/AZone")).to.equal(false);
  });

  it("finds zones by city, with spaces for underscores, accents ignored, and by offset", () => {
    const all = timeZoneOptions();
    const ids = (query: string) => filterTimeZones(all, query).map((option) => option.id);
    expect(ids("new york")).to.deep.equal(["America/New_York"]);
    expect(ids("NEW_YORK")).to.deep.equal(["America/New_York"]);
    expect(ids("são paulo")).to.deep.equal(["America/Sao_Paulo"]);
    expect(ids("europe ber")).to.deep.equal(["Europe/Berlin"]);
    expect(ids("gmt+9")).to.include("Asia/Tokyo");
    expect(ids("")).to.have.length(all.length);
    // A city starting with the query comes before one that merely contains it.
    expect(ids("paris")[0]).to.equal("Europe/Paris");
  });

  it("writes labels and the local time as people read them", () => {
    expect(zoneLabel("America/Argentina/Buenos_Aires")).to.equal("America/Argentina/Buenos Aires");
    const noon = new Date("2026-12-01T11:05:00Z");
    expect(formatLocalTime(noon, { locale: "en", timezone: "Europe/Berlin" })).to.equal(
      "Tuesday 1 December at 12:05",
    );
    expect(formatLocalTime(noon, { locale: "de", timezone: "Asia/Tokyo" })).to.equal(
      "Dienstag, 1. Dezember um 20:05",
    );
  });
});
