/// <reference types="mocha" />
import { expect } from "@open-wc/testing";
import type { MessageTemplate, Translation } from "./i18n.ts";
import { type StatusMessageKey, statusMessages } from "./status-messages.ts";

/** Every text of a template, each plural form on its own. */
const texts = (template: MessageTemplate): string[] =>
  typeof template === "string" ? [template] : Object.values(template);

describe("statusMessages", () => {
  const { en } = statusMessages.catalogues;
  let de: Translation<StatusMessageKey>;
  before(async () => {
    de = await statusMessages.load("de");
  });

  it("has every key, and the same plural forms, in English and German", () => {
    expect(Object.keys(de).sort()).to.deep.equal(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const forms = (template: MessageTemplate) =>
        typeof template === "string" ? "text" : Object.keys(template).sort().join(",");
      expect(forms(de[key]), key).to.equal(forms(en[key]));
    }
  });

  it("leaves no English string, nor English word, in the German strings", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      for (const text of texts(de[key])) expect(texts(en[key]), key).not.to.include(text);
    }
    // Words both languages spell alike; anything else found in English is a leftover.
    const sharedWords = new Set(["in"]);
    const englishWords = new Set(
      Object.values(en)
        .flatMap(texts)
        .flatMap((text) => text.replace(/\{\w+\}/g, "").match(/\p{L}+/gu) ?? [])
        .map((word) => word.toLowerCase())
        .filter((word) => !sharedWords.has(word)),
    );
    for (const [key, template] of Object.entries(de)) {
      for (const text of texts(template)) {
        const words = text.replace(/\{\w+\}/g, "").match(/\p{L}+/gu) ?? [];
        const leftovers = words.filter((word) => englishWords.has(word.toLowerCase()));
        expect(leftovers, `${key}: "${text}"`).to.deep.equal([]);
      }
    }
  });

  it("words the license statuses, counting days in both languages", () => {
    expect(statusMessages("en", "license.active")).to.equal("Active");
    expect(statusMessages("en", "license.expiring", { count: 12 })).to.equal("Expiring in 12 days");
    expect(statusMessages("en", "license.expiring", { count: 1 })).to.equal("Expiring in 1 day");
    expect(statusMessages("en", "license.expiring", { count: 0 })).to.equal("Expires today");
    expect(statusMessages("en", "license.expired", { count: 40 })).to.equal("Expired 40 days ago");
    expect(statusMessages("de", "license.expiring", { count: 1 })).to.equal("Läuft in 1 Tag ab");
    expect(statusMessages("de", "license.expired", { count: 1200 })).to.equal(
      "Seit 1.200 Tagen abgelaufen",
    );
    expect(statusMessages("de", "license.revoked")).to.equal("Widerrufen");
  });

  it("words the activation statuses", () => {
    expect(statusMessages("en", "activation.active")).to.equal("Active");
    expect(statusMessages("en", "activation.inactive")).to.equal("Not seen lately");
    expect(statusMessages("de", "activation.inactive")).to.equal("Länger inaktiv");
    expect(statusMessages("de", "activation.deactivated")).to.equal("Deaktiviert");
  });
});
