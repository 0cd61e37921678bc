import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { measureSdkBundle, PORTAL_CLIENT_BUDGET_BYTES } from "../bench/sdk-size.ts";

describe("the SDK in a browser bundle", () => {
  it.each([
    ["createPortalClient"],
    ["createLicensingClient"],
    ["createPortalClient", "createLicensingClient", "createVendorClient", "KeyportError"],
  ])("bundles %s for the browser without Node built-ins", async (...names) => {
    const bundle = await measureSdkBundle(names);
    expect(bundle.externalImports).toEqual([]);
    expect(bundle.minifiedBytes).toBeGreaterThan(0);
  });

  it("fails a bundle that imports a Node built-in (the check above can fail)", async () => {
    const bundle = build({
      stdin: { contents: `export { readFileSync } from "node:fs";`, loader: "ts" },
      bundle: true,
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    await expect(bundle).rejects.toThrow(/node:fs/);
  });

  it("keeps the portal client within its min+gzip budget, tree-shaking the other clients", async () => {
    const portal = await measureSdkBundle(["createPortalClient"]);
    const everything = await measureSdkBundle([
      "createPortalClient",
      "createLicensingClient",
      "createVendorClient",
    ]);
    expect(portal.gzippedBytes).toBeLessThanOrEqual(PORTAL_CLIENT_BUDGET_BYTES);
    expect(portal.minifiedBytes).toBeLessThan(everything.minifiedBytes);
  });
});
