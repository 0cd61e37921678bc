import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../api/app/server.ts";
import { createVendorApiKey } from "../api/auth/vendor-key-service.ts";
import { loadConfig } from "../api/config/config.ts";
import { createTestDatabaseUrl } from "../api/test/harness.ts";
import {
  createLicensingClient,
  createPortalClient,
  createVendorClient,
  KeyportError,
} from "../sdk/index.ts";
import { houseKeeping } from "./sdk-script.ts";

const DAY = 86_400_000;
const PASSWORD = "correct horse battery staple";

let server: RunningServer;
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

  // A customer with an expiring license and two machines, one unseen for 200 days.
  const vendor = createVendorClient({ baseUrl: server.vendorUrl, apiKey: key });
  const product = await vendor.products.create({ name: "Photon", slug: "photon" });
  const policy = await vendor.policies.create({
    productId: product.id,
    name: "Annual",
    maxMachines: 5,
    maxDomains: 0,
    durationDays: 365,
    expirationStrategy: "revoke",
  });
  const account = await vendor.accounts.create({ name: "Globex", kind: "organization" });
  await vendor.users.create({
    accountId: account.id,
    email: "hank@globex.example",
    name: "Hank",
    role: "owner",
    password: PASSWORD,
  });
  const license = await vendor.licenses.create({
    accountId: account.id,
    policyId: policy.id,
    name: "Photon for Globex",
    expiresAt: new Date(Date.now() + 5 * DAY).toISOString(),
  });
  await vendor.licenses.create({ accountId: account.id, policyId: policy.id, name: "Long one" });
  const licensing = createLicensingClient({ baseUrl: server.publicUrl });
  for (const name of ["OLD-PC", "NEW-PC"]) {
    await licensing.activate({ key: license.key!, fingerprint: `fp-${name}`, name });
  }
  await server.runtime.deps.db
    .updateTable("activations")
    .set({ last_seen_at: new Date(Date.now() - 200 * DAY) })
    .where("name", "=", "OLD-PC")
    .execute();
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("examples/sdk-script", () => {
  it("signs in, reports the expiring license and frees the stale machine, over real HTTP", async () => {
    const client = createPortalClient({ baseUrl: server.publicUrl });
    await client.auth.login({
      email: "hank@globex.example",
      password: PASSWORD,
      tokenType: "bearer",
    });

    const report = await houseKeeping(client, { deactivateAfterDays: 90 });

    const expiresOn = new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10);
    expect(report.expiring).toEqual([`Photon for Globex (Photon): expires ${expiresOn}`]);
    expect(report.deactivated).toEqual(["OLD-PC"]);
    const live = await client.activations.list({ status: "active" });
    expect(live.data.map((activation) => activation.name)).toEqual(["NEW-PC"]);
  });

  it("fails with a KeyportError naming the field for a bad sign-in", async () => {
    const client = createPortalClient({ baseUrl: server.publicUrl });
    const error = await client.auth
      .login({ email: "not-an-address", password: PASSWORD })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyportError);
    expect(error).toMatchObject({ status: 422, fieldErrors: [{ field: "body.email" }] });
  });
});
