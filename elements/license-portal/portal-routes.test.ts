/// <reference types="mocha" />
import { expect } from "@open-wc/testing";
import "../internal/test-helpers.ts";
import {
  areaOfRoute,
  normaliseBasePath,
  type PortalRoute,
  parseRoute,
  routeHref,
  routeOfNavigation,
} from "./portal-routes.ts";

const at = (href: string) => new URL(href, "https://portal.example");

describe("portal routes", () => {
  it("reads every page from its path", () => {
    const cases: [string, PortalRoute][] = [
      ["/", { page: "dashboard" }],
      ["/licenses", { page: "licenses" }],
      ["/licenses/", { page: "licenses" }],
      ["/licenses?status=expiring", { page: "licenses", status: "expiring" }],
      ["/licenses?status=bogus", { page: "licenses" }],
      ["/licenses/lic_01J", { page: "license", licenseId: "lic_01J" }],
      [
        "/licenses/lic_01J#diagnosis",
        { page: "license", licenseId: "lic_01J", section: "diagnosis" },
      ],
      [
        "/licenses/lic_01J#activations",
        { page: "license", licenseId: "lic_01J", section: "activations" },
      ],
      ["/licenses/lic_01J#other", { page: "license", licenseId: "lic_01J" }],
      ["/activations", { page: "activations" }],
      ["/downloads", { page: "downloads" }],
      ["/profile", { page: "profile" }],
      ["/settings", { page: "settings" }],
      ["/account", { page: "settings" }],
      ["/dashboard", { page: "dashboard" }],
      ["/sign-in", { page: "sign-in" }],
      ["/reset-password?token=abc", { page: "reset-password", token: "abc" }],
      ["/accept-invitation?token=x%2By", { page: "accept-invitation", token: "x+y" }],
      ["/confirm-email", { page: "confirm-email", token: "" }],
      ["/nope", { page: "not-found", path: "/nope" }],
      ["/licenses/a/b", { page: "not-found", path: "/licenses/a/b" }],
      ["/downloads/x", { page: "not-found", path: "/downloads/x" }],
      ["/licenses/%E0%A4%A", { page: "not-found", path: "/licenses/%E0%A4%A" }],
    ];
    for (const [href, route] of cases) expect(parseRoute(at(href)), href).to.deep.equal(route);
  });

  it("lives under a base path, and nothing outside it is the portal's", () => {
    expect(normaliseBasePath("portal")).to.equal("/portal/");
    expect(normaliseBasePath("/portal/")).to.equal("/portal/");
    expect(normaliseBasePath("")).to.equal("/");
    expect(normaliseBasePath(undefined)).to.equal("/");
    expect(parseRoute(at("/portal"), "/portal")).to.deep.equal({ page: "dashboard" });
    expect(parseRoute(at("/portal/"), "/portal")).to.deep.equal({ page: "dashboard" });
    expect(parseRoute(at("/portal/downloads"), "/portal")).to.deep.equal({ page: "downloads" });
    expect(parseRoute(at("/portalx/downloads"), "/portal").page).to.equal("not-found");
    expect(parseRoute(at("/downloads"), "/portal").page).to.equal("not-found");
  });

  it("writes a URL that reads back as the same route", () => {
    const routes: PortalRoute[] = [
      { page: "dashboard" },
      { page: "licenses" },
      { page: "licenses", status: "suspended" },
      { page: "license", licenseId: "lic_01J" },
      { page: "license", licenseId: "lic_01J", section: "activations" },
      { page: "activations" },
      { page: "downloads" },
      { page: "profile" },
      { page: "settings" },
      { page: "sign-in" },
      { page: "reset-password", token: "a b&c" },
      { page: "accept-invitation", token: "tok" },
    ];
    for (const base of ["/", "/portal/", "/a/b"]) {
      for (const route of routes) {
        const href = routeHref(route, base);
        expect(href.startsWith(normaliseBasePath(base)), href).to.equal(true);
        expect(parseRoute(at(href), base), href).to.deep.equal(route);
      }
    }
    expect(routeHref({ page: "dashboard" }, "/portal")).to.equal("/portal/");
    expect(routeHref({ page: "license", licenseId: "lic_1", section: "diagnosis" })).to.equal(
      "/licenses/lic_1#diagnosis",
    );
  });

  it("turns an element's keyport-navigate into a page", () => {
    expect(routeOfNavigation({ area: "licenses" })).to.deep.equal({ page: "licenses" });
    expect(routeOfNavigation({ area: "licenses", status: "expiring" })).to.deep.equal({
      page: "licenses",
      status: "expiring",
    });
    expect(
      routeOfNavigation({ area: "licenses", licenseId: "lic_1", section: "diagnosis" }),
    ).to.deep.equal({ page: "license", licenseId: "lic_1", section: "diagnosis" });
    expect(routeOfNavigation({ area: "activations" })).to.deep.equal({ page: "activations" });
    expect(routeOfNavigation({ area: "account" })).to.deep.equal({ page: "settings" });
    expect(routeOfNavigation({ area: "activity" })).to.deep.equal({ page: "profile" });
    expect(routeOfNavigation({ area: "dashboard" })).to.deep.equal({ page: "dashboard" });
  });

  it("marks the sidebar entry a page belongs to", () => {
    expect(areaOfRoute({ page: "license", licenseId: "x" })).to.equal("licenses");
    expect(areaOfRoute({ page: "settings" })).to.equal("settings");
    expect(areaOfRoute({ page: "sign-in" })).to.equal(undefined);
    expect(areaOfRoute({ page: "not-found", path: "/x" })).to.equal(undefined);
  });
});
