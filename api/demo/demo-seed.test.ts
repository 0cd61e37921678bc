import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeVendorApiKey } from "../auth/vendor-key-service.ts";
import { addDays } from "../core/time.ts";
import { verifyPassword } from "../credentials/password.ts";
import { listDownloads } from "../downloads/download-service.ts";
import { deriveLicenseStatus } from "../licenses/license-status.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import {
  currentDemoInfo,
  DEMO_PASSWORD,
  isDatabaseEmpty,
  seedDemo,
  shouldSeedDemo,
} from "./demo-seed.ts";

let t: TestContext;
const now = new Date("2026-11-30T09:00:00Z");
let info: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  t = await createTestContext();
  expect(await isDatabaseEmpty(t.deps.db)).toBe(true);
  info = await seedDemo(t.deps, now);
});
afterAll(() => t.close());

describe("seedDemo", () => {
  it("creates the demo people with their roles, all signing in with the demo password", async () => {
    const users = await t.deps.db
      .selectFrom("users")
      .innerJoin("accounts", "accounts.id", "users.account_id")
      .select(["users.email", "users.role", "users.password_hash", "accounts.name as account"])
      .orderBy("users.email")
      .execute();
    expect(users.map(({ email, role, account }) => [email, role, account])).toEqual([
      ["adam.admin@example.com", "admin", "Northwind Studio"],
      ["ivan.indie@example.com", "owner", "Ivan Indie"],
      ["max.member@example.com", "member", "Northwind Studio"],
      ["mia.member@example.com", "member", "Northwind Studio"],
      ["olivia.owner@example.com", "owner", "Northwind Studio"],
    ]);
    expect(await verifyPassword(users[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(users[0]!.password_hash, "wrong-password")).toBe(false);
    expect(info.logins.map((login) => login.email).sort()).toEqual(users.map((u) => u.email));
  });

  it("issues licenses in every status, members holding assigned ones", async () => {
    const licenses = await t.deps.db
      .selectFrom("licenses")
      .innerJoin("accounts", "accounts.id", "licenses.account_id")
      .selectAll("licenses")
      .select("accounts.expiry_warning_days")
      .execute();
    const statuses = licenses.map((license) =>
      deriveLicenseStatus(license, license.expiry_warning_days, now),
    );
    expect(new Set(statuses)).toEqual(
      new Set(["active", "expiring", "expired", "suspended", "revoked"]),
    );
    const assigned = await t.deps.db
      .selectFrom("license_users")
      .innerJoin("users", "users.id", "license_users.user_id")
      .select("users.email")
      .execute();
    expect(assigned.map((row) => row.email).sort()).toEqual([
      "max.member@example.com",
      "mia.member@example.com",
    ]);
  });

  it("has machine and domain activations, one license at its limit, and long-unseen machines", async () => {
    const active = await t.deps.db
      .selectFrom("activations")
      .innerJoin("licenses", "licenses.id", "activations.license_id")
      .innerJoin("policies", "policies.id", "licenses.policy_id")
      .select([
        "activations.license_id",
        "activations.kind",
        "activations.last_seen_at",
        "policies.max_machines",
        "licenses.max_machines as override",
      ])
      .where("activations.deactivated_at", "is", null)
      .execute();
    expect(new Set(active.map((a) => a.kind))).toEqual(new Set(["machine", "domain"]));
    const machinesPerLicense = new Map<string, { used: number; limit: number }>();
    for (const a of active.filter((row) => row.kind === "machine")) {
      const entry = machinesPerLicense.get(a.license_id) ?? {
        used: 0,
        limit: a.override ?? a.max_machines,
      };
      entry.used++;
      machinesPerLicense.set(a.license_id, entry);
    }
    expect([...machinesPerLicense.values()].some(({ used, limit }) => used === limit)).toBe(true);
    const unseen = active.filter((a) => a.last_seen_at < addDays(now, -90));
    expect(unseen.length).toBeGreaterThanOrEqual(2);
    const ended = await t.deps.db
      .selectFrom("activations")
      .select("deactivated_by")
      .where("deactivated_at", "is not", null)
      .execute();
    expect(ended.length).toBeGreaterThan(0);
  });

  it("records a validation history with failures", async () => {
    const events = await t.deps.db
      .selectFrom("validation_events")
      .select(["code", "valid"])
      .execute();
    expect(events.some((event) => event.valid && event.code === "VALID")).toBe(true);
    const failures = new Set(events.filter((event) => !event.valid).map((event) => event.code));
    expect(failures).toContain("MACHINE_LIMIT_REACHED");
    expect(failures.size).toBeGreaterThanOrEqual(3);
  });

  it("publishes releases whose files are stored with the sizes and hashes on record", async () => {
    const assets = await t.deps.db
      .selectFrom("assets")
      .innerJoin("releases", "releases.id", "assets.release_id")
      .select([
        "assets.storage_key",
        "assets.size",
        "assets.sha256",
        "assets.kind",
        "releases.channel",
      ])
      .execute();
    expect(new Set(assets.map((asset) => asset.kind))).toEqual(
      new Set(["installer", "docs", "other"]),
    );
    expect(new Set(assets.map((asset) => asset.channel))).toEqual(new Set(["stable", "beta"]));
    for (const asset of assets) {
      const stream = await t.deps.assets.read(asset.storage_key);
      const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      expect(bytes.length).toBe(asset.size);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(asset.sha256);
    }
    const pdf = assets.find((asset) => asset.kind === "docs")!;
    const text = await new Response(await t.deps.assets.read(pdf.storage_key)).text();
    expect(text.startsWith("%PDF-1.4")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
  });

  it("hands out a working vendor key, remembered only while it is live", async () => {
    const res = await t.vendorApp.request("/vendor/v1/products", {
      headers: { authorization: `Bearer ${info.vendorKey}` },
    });
    expect(res.status).toBe(200);
    const slugs = ((await res.json()) as { data: { slug: string }[] }).data.map((p) => p.slug);
    expect(slugs.sort()).toEqual(["acme-forms", "acme-studio"]);

    expect(await currentDemoInfo(t.deps.db, t.deps.config)).toEqual(info);
    const { id } = await t.deps.db
      .selectFrom("vendor_api_keys")
      .select("id")
      .where("name", "=", "Demo vendor key")
      .executeTakeFirstOrThrow();
    await revokeVendorApiKey(t.deps.db, id);
    expect(await currentDemoInfo(t.deps.db, t.deps.config)).toBeNull();
  });

  it("seeds only an empty database, and PostgreSQL only when asked", async () => {
    const { db } = t.deps;
    expect(await isDatabaseEmpty(db)).toBe(false);
    expect(await shouldSeedDemo(db, { seedDemo: "always", databaseUrl: undefined })).toBe(false);
    await db
      .transaction()
      .execute(async (trx) => {
        // Look at an empty database without emptying this one: answer inside a rolled-back transaction.
        for (const table of [
          "validation_events",
          "activity",
          "activations",
          "license_users",
          "license_entitlements",
          "licenses",
          "policy_entitlements",
          "policies",
          "asset_entitlements",
          "assets",
          "releases",
          "products",
          "users",
          "accounts",
        ] as const) {
          await trx.deleteFrom(table).execute();
        }
        expect(await shouldSeedDemo(trx, { seedDemo: "auto", databaseUrl: undefined })).toBe(true);
        expect(await shouldSeedDemo(trx, { seedDemo: "auto", databaseUrl: "postgres://x/y" })).toBe(
          false,
        );
        expect(
          await shouldSeedDemo(trx, { seedDemo: "always", databaseUrl: "postgres://x/y" }),
        ).toBe(true);
        expect(await shouldSeedDemo(trx, { seedDemo: "never", databaseUrl: undefined })).toBe(
          false,
        );
        throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
    expect(await isDatabaseEmpty(db)).toBe(false);
  });
  it("shows Ivan the releases after his maintenance ended as not covered, with the reason", async () => {
    const ivan = await t.deps.db
      .selectFrom("users")
      .select(["id", "account_id", "role"])
      .where("email", "=", "ivan.indie@example.com")
      .executeTakeFirstOrThrow();
    const products = await listDownloads(
      t.deps.db,
      { userId: ivan.id, accountId: ivan.account_id, role: ivan.role },
      { releasesPerProduct: 20, now },
    );
    const studio = products.find((product) => product.name === "Acme Studio")!;
    const coverage = Object.fromEntries(
      studio.releases.map((release) => [release.version, release.reason?.code ?? "covered"]),
    );
    expect(coverage).toMatchObject({
      "2.5.0": "covered",
      "3.0.0": "MAINTENANCE_ENDED",
      "3.1.0-beta.1": "MAINTENANCE_ENDED",
    });
  });
});

class RollBack extends Error {}
