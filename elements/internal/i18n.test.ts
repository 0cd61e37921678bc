/// <reference types="mocha" />
import { expect } from "@open-wc/testing";
import { interpolate, msg, resolveLocale } from "./i18n.ts";
import { messagesDe } from "./messages-de.ts";
import { messagesEn } from "./messages-en.ts";

describe("i18n", () => {
  it("has a German string, different from the English one, for every key", () => {
    const keys = Object.keys(messagesEn) as (keyof typeof messagesEn)[];
    expect(Object.keys(messagesDe).sort()).to.deep.equal([...keys].sort());
    for (const key of keys) {
      expect(messagesDe[key], key).to.be.a("string").and.not.equal("");
      expect(messagesDe[key], key).not.to.equal(messagesEn[key]);
    }
  });

  it("looks strings up by locale", () => {
    expect(msg("en", "state.retry")).to.equal("Try again");
    expect(msg("de", "state.retry")).to.equal("Erneut versuchen");
  });

  it("fills placeholders, formatting numbers for the locale", () => {
    const template = "{used} of {limit} machines on {name}";
    expect(interpolate("en", template, { used: 2, limit: 1500, name: "Acme" })).to.equal(
      "2 of 1,500 machines on Acme",
    );
    expect(interpolate("de", template, { used: 2, limit: 1500, name: "Acme" })).to.equal(
      "2 of 1.500 machines on Acme",
    );
  });

  it("leaves an unknown placeholder visible", () => {
    expect(interpolate("en", "Hello {name}", {})).to.equal("Hello {name}");
  });

  it("maps language tags to a supported locale", () => {
    expect(resolveLocale("de-CH")).to.equal("de");
    expect(resolveLocale("DE")).to.equal("de");
    expect(resolveLocale("en-US")).to.equal("en");
    expect(resolveLocale("fr-FR")).to.equal("en");
    expect(resolveLocale(undefined)).to.equal("en");
  });
});
