import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../api/app/server.ts";
import { createVendorApiKey } from "../api/auth/vendor-key-service.ts";
import { loadConfig } from "../api/config/config.ts";
import { createTestDatabaseUrl } from "../api/test/harness.ts";
import { createVendorClient, KeyportError, type VendorClient } from "../sdk/index.ts";
import { provisionSale } from "./vendor-provisioning.ts";

let server: RunningServer;
let vendor: VendorClient;
let database: Awaited<ReturnType<typeof createTestDatabaseUrl>>;
const dataDir = mkdtempSync(join(tmpdir(), "keyport-example-"));

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  const config = {
    ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", DATABASE_URL: database.url ?? "" }),
    port: 0,
    vendorPort: 0,
  };
  server = await startServer(config);
  const { key } = await createVendorApiKey(server.runtime.deps.db, "example");
  vendor = createVendorClient({ baseUrl: server.vendorUrl, apiKey: key });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("examples/vendor-provisioning", () => {
  it("provisions a sale over real HTTP, and a second sale reuses the product and policy", async () => {
    const first = await provisionSale(vendor, {
      company: "Globex",
      email: "hank@globex.example",
      ownerName: "Hank",
    });
    expect(first.key).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}$/);
    const license = await vendor.licenses.get(first.licenseId);
    expect(license).toMatchObject({
      accountId: first.accountId,
      userIds: [first.userId],
      status: "active",
    });

    const second = await provisionSale(vendor, {
      company: "Initech",
      email: "peter@initech.example",
      ownerName: "Peter",
    });
    expect(second.accountId).not.toBe(first.accountId);
    const products = await vendor.products.list();
    expect(products.data).toHaveLength(1);
  });

  it("surfaces the API's problems as KeyportError naming the field", async () => {
    const error = await provisionSale(vendor, {
      company: "Dupe",
      email: "hank@globex.example",
      ownerName: "Hank",
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyportError);
    expect(error).toMatchObject({
      status: 409,
      code: "CONFLICT",
      fieldErrors: [{ field: "body.email" }],
    });
  });
});
