/// <reference types="mocha" />

import type { Me, PortalClient } from "@keyport/sdk";
import { expect } from "@open-wc/testing";
import { browserTimeZone, type PortalContextValue, resolvePortal } from "./context.ts";

describe("resolvePortal", () => {
  const fetchToken = async () => "fresh";
  const provided: PortalContextValue = {
    apiBase: "https://keyport.example",
    token: "provider-token",
    fetchToken,
    locale: "de",
    timezone: "Europe/Berlin",
  };

  it("uses the provider's settings when the element sets none", () => {
    expect(resolvePortal(provided, {})).to.deep.equal(provided);
  });

  it("lets each setting on the element win", () => {
    const own = { token: "own-token", locale: "en", timezone: "Asia/Tokyo" };
    expect(resolvePortal(provided, own)).to.deep.equal({ ...provided, ...own });
  });

  it("drops the provider's credentials for another API", () => {
    const resolved = resolvePortal(provided, { apiBase: "https://elsewhere.example" });
    expect(resolved.apiBase).to.equal("https://elsewhere.example");
    expect(resolved).not.to.have.property("token");
    expect(resolved).not.to.have.property("fetchToken");
  });

  it("defaults standalone to this origin, the page's language and the browser's zone", () => {
    const resolved = resolvePortal(undefined, {}, { defaultApiBase: "https://portal.example" });
    expect(resolved).to.deep.equal({
      apiBase: "https://portal.example",
      locale: document.documentElement.lang.startsWith("de") ? "de" : "en",
      timezone: browserTimeZone(),
    });
    expect(resolvePortal(undefined, {}).apiBase).to.equal(location.origin);
  });

  it("normalises locale tags and falls back to English", () => {
    expect(resolvePortal(undefined, { locale: "de-AT" }).locale).to.equal("de");
    expect(resolvePortal(undefined, { locale: "fr" }).locale).to.equal("en");
  });

  it("falls back to the browser's zone when given one Intl does not know", () => {
    expect(resolvePortal(provided, { timezone: "Mars/Olympus_Mons" }).timezone).to.equal(
      browserTimeZone(),
    );
  });

  it("passes the shared client, session and user on only to elements using the provider's credentials", () => {
    const client = {} as PortalClient;
    const me = { id: "usr_1" } as Me;
    const sharing: PortalContextValue = { ...provided, client, session: "signed-in", me };

    expect(resolvePortal(sharing, { apiBase: provided.apiBase, locale: "en" })).to.include({
      client,
      session: "signed-in",
      me,
    });
    for (const own of [
      { token: "own" },
      { fetchToken: async () => "own" },
      { apiBase: "https://elsewhere.example" },
    ]) {
      const resolved = resolvePortal(sharing, own);
      expect(resolved, Object.keys(own)[0]).not.to.have.any.keys("client", "session", "me");
    }
  });
});
