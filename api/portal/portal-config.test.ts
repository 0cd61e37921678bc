import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "../config/config.ts";
import { loopbackAliases } from "../config/loopback.ts";
import { contrastRatio, portalThemeCss, readableOn } from "./portal-theme.ts";

const dataDir = mkdtempSync(join(tmpdir(), "keyport-portal-config-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });

function issuesOf(env: Record<string, string>): readonly string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("PORTAL_* configuration", () => {
  it("defaults to Keyport's name and colours, without a logo", () => {
    expect(load({}).portal).toEqual({
      title: "Keyport",
      logoUrl: undefined,
      primaryColor: undefined,
    });
    expect(CONFIG_VARIABLES).toEqual(
      expect.arrayContaining(["PORTAL_TITLE", "PORTAL_LOGO_URL", "PORTAL_PRIMARY_COLOR"]),
    );
  });

  it("takes a name, an http(s) logo and a hex colour in either length", () => {
    const { portal } = load({
      PORTAL_TITLE: "  Acme Licensing ",
      PORTAL_LOGO_URL: "https://cdn.acme.example/logo.svg",
      PORTAL_PRIMARY_COLOR: "#08C",
    });
    expect(portal).toEqual({
      title: "Acme Licensing",
      logoUrl: "https://cdn.acme.example/logo.svg",
      primaryColor: "#0088cc",
    });
    expect(load({ PORTAL_PRIMARY_COLOR: "#0F766E" }).portal.primaryColor).toBe("#0f766e");
  });

  it.each([
    ["PORTAL_PRIMARY_COLOR", "teal", "expected a hex colour like #0f766e"],
    ["PORTAL_PRIMARY_COLOR", "#12345", "expected a hex colour"],
    ["PORTAL_PRIMARY_COLOR", "0f766e", "expected a hex colour"],
    ["PORTAL_PRIMARY_COLOR", "#0f766e; background: red", "expected a hex colour"],
    ["PORTAL_LOGO_URL", "javascript:alert(1)", "expected an http(s):// URL of an image"],
    ["PORTAL_LOGO_URL", "/logo.svg", "expected an http(s):// URL"],
    ["PORTAL_TITLE", "x".repeat(81), "expected at most 80 characters"],
    ["PORTAL_TITLE", "Acme\nLicensing", "without control characters"],
    ["PORTAL_TITLE", "   ", "expected a name"],
  ])("refuses %s=%j, naming the variable", (name, value, message) => {
    const issues = issuesOf({ [name]: value });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`^${name}: `));
    expect(issues[0]).toContain(message);
  });
});

describe("loopback spellings of PUBLIC_URL", () => {
  it("names the other loopback spellings of a loopback origin, with its scheme and port", () => {
    expect(loopbackAliases("http://localhost:8787")).toEqual([
      "http://127.0.0.1:8787",
      "http://[::1]:8787",
    ]);
    expect(loopbackAliases("http://127.0.0.1:9000/portal")).toEqual([
      "http://localhost:9000",
      "http://[::1]:9000",
    ]);
    expect(loopbackAliases("https://localhost")).toEqual(["https://127.0.0.1", "https://[::1]"]);
  });

  it("names none for any other host", () => {
    for (const url of [
      "https://licensing.example.com",
      "http://localhost.example.com:8787",
      "http://127.0.0.2:8787",
      "http://10.0.0.1:8787",
    ]) {
      expect(loopbackAliases(url), url).toEqual([]);
    }
  });
});

describe("the portal theme", () => {
  it("keeps a readable colour as given and adjusts one that is not, per colour scheme", () => {
    expect(readableOn("#0f766e", "#ffffff")).toBe("#0f766e");
    const lightYellow = readableOn("#facc15", "#ffffff");
    expect(contrastRatio(lightYellow, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    const darkIndigo = readableOn("#312e81", "#111318");
    expect(contrastRatio(darkIndigo, "#111318")).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
  });

  it("writes nothing to override without a configured colour", () => {
    expect(portalThemeCss({ primaryColor: undefined })).not.toContain("--keyport");
    const css = portalThemeCss({ primaryColor: "#facc15" });
    // A yellow button gets dark text, not white.
    expect(css).toMatch(/--keyport-color-on-primary: #111318;/);
  });
});
