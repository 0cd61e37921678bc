/// <reference types="mocha" />
import { expect } from "@open-wc/testing";
import { defineMessages, interpolate, msg, resolveLocale, whenLocaleLoaded } from "./i18n.ts";
import messagesDe from "./messages-de.ts";
import { messagesEn } from "./messages-en.ts";
import { deferred } from "./test-helpers.ts";

describe("i18n", () => {
  it("has a German string, different from the English one, for every key", () => {
    const keys = Object.keys(messagesEn) as (keyof typeof messagesEn)[];
    expect(Object.keys(messagesDe).sort()).to.deep.equal([...keys].sort());
    for (const key of keys) {
      expect(messagesDe[key], key).to.be.a("string").and.not.equal("");
      expect(messagesDe[key], key).not.to.equal(messagesEn[key]);
    }
  });

  it("looks strings up by locale", async () => {
    await whenLocaleLoaded("de");
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

  describe("defineMessages", () => {
    const messages = defineMessages({
      en: {
        title: "My Licenses",
        machines: { one: "{count} machine", other: "{count} machines" },
        left: { "=0": "No deactivations left", one: "{count} left", other: "{count} left" },
      },
      de: {
        title: "Meine Lizenzen",
        machines: { one: "{count} Gerät", other: "{count} Geräte" },
        left: { "=0": "Keine Deaktivierung übrig", one: "Noch {count}", other: "Noch {count}" },
      },
    });

    it("looks up each language's string", () => {
      expect(messages("en", "title")).to.equal("My Licenses");
      expect(messages("de", "title")).to.equal("Meine Lizenzen");
    });

    it("picks the plural form by count through Intl.PluralRules", () => {
      expect(messages("en", "machines", { count: 1 })).to.equal("1 machine");
      expect(messages("en", "machines", { count: 2 })).to.equal("2 machines");
      expect(messages("en", "machines", { count: 0 })).to.equal("0 machines");
      expect(messages("de", "machines", { count: 1 })).to.equal("1 Gerät");
      expect(messages("de", "machines", { count: 1500 })).to.equal("1.500 Geräte");
    });

    it("prefers an exact =0 form, and uses other without a count", () => {
      expect(messages("en", "left", { count: 0 })).to.equal("No deactivations left");
      expect(messages("de", "left", { count: 1 })).to.equal("Noch 1");
      expect(messages("en", "machines")).to.equal("{count} machines");
    });

    it("makes a missing or an extra German key a type error", () => {
      // The assertions are the @ts-expect-error lines: `tsc` fails if either compiles.
      // @ts-expect-error German lacks "b".
      defineMessages({ en: { a: "A", b: "B" }, de: { a: "Ä" } });
      // @ts-expect-error German has "c", which English does not.
      defineMessages({ en: { a: "A" }, de: { a: "Ä", c: "C" } });
      // @ts-expect-error "nope" is not a key of the catalogue.
      const unknownKey = () => messages("en", "nope");
      expect(unknownKey).to.be.a("function");
    });
  });

  describe("German loaded on demand", () => {
    const en = {
      title: "My Licenses",
      seats: { one: "{count} machine", other: "{count} machines" },
    };
    const de = {
      title: "Meine Lizenzen",
      seats: { one: "{count} Gerät", other: "{count} Geräte" },
    };

    it("is fetched once, when first asked for; English stands in until it is there", async () => {
      const module = deferred<{ default: typeof de }>();
      let calls = 0;
      const messages = defineMessages({
        en,
        de: () => {
          calls += 1;
          return module.promise;
        },
      });
      expect(calls, "nothing is fetched for a page that does not need German").to.equal(0);
      expect(whenLocaleLoaded("en"), "English is always at hand").to.equal(undefined);
      const loaded = whenLocaleLoaded("de");
      expect(loaded).to.be.an.instanceOf(Promise);
      expect(messages("de", "title")).to.equal("My Licenses");
      expect(messages.catalogues.de).to.equal(undefined);
      module.resolve({ default: de });
      await loaded;
      expect(calls).to.equal(1);
      expect(messages("de", "seats", { count: 1500 })).to.equal("1.500 Geräte");
      expect(messages.catalogues.de).to.equal(de);
      expect(whenLocaleLoaded("de"), "nothing left to wait for").to.equal(undefined);
    });

    it("gives way to English when it cannot be loaded, rather than keeping elements waiting", async () => {
      const warn = console.warn;
      const warnings: unknown[] = [];
      console.warn = (...args: unknown[]) => warnings.push(args[0]);
      try {
        const messages = defineMessages({ en, de: () => Promise.reject(new Error("offline")) });
        await whenLocaleLoaded("de");
        expect(whenLocaleLoaded("de")).to.equal(undefined);
        expect(messages("de", "title")).to.equal("My Licenses");
        expect(await messages.load("de")).to.equal(en);
        expect(warnings).to.deep.equal(["Keyport: the German strings could not be loaded"]);
      } finally {
        console.warn = warn;
      }
    });

    it("makes a missing or an extra key in a loaded module a type error", () => {
      // The assertions are the @ts-expect-error lines: `tsc` fails if either compiles.
      // @ts-expect-error German lacks "b".
      defineMessages({ en: { a: "A", b: "B" }, de: async () => ({ default: { a: "Ä" } }) });
      // @ts-expect-error German has "c", which English does not.
      defineMessages({ en: { a: "A" }, de: async () => ({ default: { a: "Ä", c: "C" } }) });
    });
  });
});
