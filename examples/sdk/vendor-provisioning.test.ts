import { createVendorClient, KeyportError, type VendorClient } from "@keyport/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeyportProcess, startKeyport } from "../testing/keyport-process.ts";
import { provisionSale } from "./vendor-provisioning.ts";

let keyport: KeyportProcess;
let vendor: VendorClient;

beforeAll(async () => {
  keyport = await startKeyport();
  vendor = createVendorClient({ baseUrl: keyport.vendorUrl, apiKey: keyport.demo.vendorKey });
});
afterAll(async () => {
  await keyport?.close();
});

describe("examples/sdk/vendor-provisioning", () => {
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
    expect((await vendor.licenses.get(second.licenseId)).policyId).toBe(license.policyId);
    // The demo's own products are there too; the sale's product exists once.
    const products = await vendor.products.list({ limit: 100 });
    expect(products.data.filter((product) => product.slug === "photon-editor")).toHaveLength(1);
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
