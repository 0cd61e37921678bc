import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../accounts/customer-scope.ts";
import { createId } from "../core/ids.ts";
import { addDays } from "../core/time.ts";
import type { ExpirationStrategy } from "../db/schema.ts";
import { insertAsset, issueLicense } from "../test/download-fixtures.ts";
import {
  insertAccount,
  insertEntitlement,
  insertProduct,
  insertRelease,
  insertUser,
} from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { findEntitledAsset } from "./download-entitlement.ts";

/** The moment every check is made at; releases and expiries are placed around it. */
const NOW = new Date("2026-06-15T12:00:00.000Z");

let t: TestContext;
let owner: Caller;
let sso: string;

beforeAll(async () => {
  t = await createTestContext();
  const accountId = await insertAccount(t.deps.db);
  owner = { accountId, userId: await insertUser(t.deps.db, accountId, "owner"), role: "owner" };
  sso = await insertEntitlement(t.deps.db, "sso");
});
afterAll(() => t.close());

/** A product with releases published `days` from NOW, one installer each; answers the asset ids. */
async function product(...days: number[]) {
  const productId = await insertProduct(t.deps.db);
  const assets: string[] = [];
  for (const [index, offset] of days.entries()) {
    const release = await insertRelease(t.deps.db, productId, `1.${index}.0`, {
      publishedAt: addDays(NOW, offset),
    });
    assets.push(await insertAsset(t.deps.db, release));
  }
  return { productId, assets };
}

function license(
  productId: string,
  strategy: ExpirationStrategy,
  expires: number | null,
  maintenance?: number | null,
  more: { entitlements?: string[]; userIds?: string[]; accountId?: string } = {},
) {
  return issueLicense(t.deps.db, t.deps.keys, {
    productId,
    accountId: more.accountId ?? owner.accountId,
    strategy,
    expiresAt: expires === null ? null : addDays(NOW, expires),
    ...(maintenance === undefined
      ? {}
      : { maintenanceExpiresAt: maintenance === null ? null : addDays(NOW, maintenance) }),
    entitlements: more.entitlements ?? [],
    userIds: more.userIds ?? [],
    now: NOW,
  });
}

/** Which of the assets the caller may download at NOW. */
async function entitled(assets: readonly string[], caller: Caller = owner) {
  const answers = await Promise.all(
    assets.map((id) => findEntitledAsset(t.deps.db, caller, id, NOW)),
  );
  return answers.map((answer) => answer !== null);
}

describe("coverage per expiration strategy", () => {
  // Releases: 100 days ago, 20 days ago, 5 days ago.
  const RELEASES = [-100, -20, -5];

  it.each<ExpirationStrategy>(["revoke", "restrict", "maintain", "allow"])(
    "%s, before expiry: releases published up to the maintenance end",
    async (strategy) => {
      const { productId, assets } = await product(...RELEASES);
      await license(productId, strategy, 30, -10);
      expect(await entitled(assets)).toEqual([true, true, false]);
    },
  );

  it.each<ExpirationStrategy>(["revoke", "restrict", "maintain", "allow"])(
    "%s, no expiry and no maintenance end: every published release",
    async (strategy) => {
      const { productId, assets } = await product(...RELEASES);
      await license(productId, strategy, null);
      expect(await entitled(assets)).toEqual([true, true, true]);
    },
  );

  it.each<ExpirationStrategy>(["revoke", "maintain"])(
    "%s, after expiry: no downloads at all, however old the release",
    async (strategy) => {
      const { productId, assets } = await product(...RELEASES);
      await license(productId, strategy, -10);
      expect(await entitled(assets)).toEqual([false, false, false]);
    },
  );

  it("restrict, after expiry: releases published before the expiry", async () => {
    const { productId, assets } = await product(...RELEASES);
    await license(productId, "restrict", -10);
    expect(await entitled(assets)).toEqual([true, true, false]);
  });

  it("restrict, after expiry: a later maintenance end does not stretch it past the expiry", async () => {
    const { productId, assets } = await product(...RELEASES);
    await license(productId, "restrict", -30, -2);
    expect(await entitled(assets)).toEqual([true, false, false]);
  });

  it("restrict, after expiry: an earlier maintenance end is the bound", async () => {
    const { productId, assets } = await product(...RELEASES);
    await license(productId, "restrict", -2, -50);
    expect(await entitled(assets)).toEqual([true, false, false]);
  });

  it("allow, after expiry: releases up to the maintenance end, even past the expiry", async () => {
    const { productId, assets } = await product(...RELEASES);
    await license(productId, "allow", -30, -10);
    expect(await entitled(assets)).toEqual([true, true, false]);
  });

  it("allow, after expiry, without a maintenance end: up to the expiry", async () => {
    const { productId, assets } = await product(...RELEASES);
    await license(productId, "allow", -10, null);
    expect(await entitled(assets)).toEqual([true, true, false]);
  });

  it("a release published at the very moment maintenance ends is covered", async () => {
    const { productId, assets } = await product(-10);
    await license(productId, "restrict", 30, -10);
    expect(await entitled(assets)).toEqual([true]);
  });
});

describe("what else must hold", () => {
  it("the license must hold every required entitlement of the asset", async () => {
    const productId = await insertProduct(t.deps.db);
    const release = await insertRelease(t.deps.db, productId, "1.0.0", {
      publishedAt: addDays(NOW, -1),
    });
    const plain = await insertAsset(t.deps.db, release);
    const gated = await insertAsset(t.deps.db, release, { requiredEntitlementIds: [sso] });
    const without = await license(productId, "restrict", null);
    expect(await entitled([plain, gated])).toEqual([true, false]);
    const withSso = await license(productId, "restrict", null, undefined, {
      entitlements: ["sso"],
    });
    const answer = await findEntitledAsset(t.deps.db, owner, gated, NOW);
    expect(answer?.licenseId).toBe(withSso);
    expect(answer?.licenseId).not.toBe(without);
  });

  it("docs need only a license not suspended or revoked: no coverage, no entitlements", async () => {
    const productId = await insertProduct(t.deps.db);
    const release = await insertRelease(t.deps.db, productId, "1.0.0", {
      publishedAt: addDays(NOW, -1),
    });
    const manual = await insertAsset(t.deps.db, release, {
      kind: "docs",
      requiredEntitlementIds: [sso],
    });
    const installer = await insertAsset(t.deps.db, release);
    const lic = await license(productId, "revoke", -30);
    expect(await entitled([manual, installer])).toEqual([true, false]);
    await t.deps.db
      .updateTable("licenses")
      .set({ suspended_at: NOW })
      .where("id", "=", lic)
      .execute();
    expect(await entitled([manual, installer])).toEqual([false, false]);
  });

  it("a suspended or a revoked license entitles nothing", async () => {
    const { productId, assets } = await product(-5);
    const lic = await license(productId, "allow", null);
    expect(await entitled(assets)).toEqual([true]);
    await t.deps.db
      .updateTable("licenses")
      .set({ suspended_at: addDays(NOW, -1) })
      .where("id", "=", lic)
      .execute();
    expect(await entitled(assets)).toEqual([false]);
    await t.deps.db
      .updateTable("licenses")
      .set({ suspended_at: null, revoked_at: addDays(NOW, -1) })
      .where("id", "=", lic)
      .execute();
    expect(await entitled(assets)).toEqual([false]);
  });

  it("drafts and releases published later are not entitled until they are published", async () => {
    const productId = await insertProduct(t.deps.db);
    const draft = await insertAsset(
      t.deps.db,
      await insertRelease(t.deps.db, productId, "2.0.0", { publishedAt: null }),
      { kind: "docs" },
    );
    const future = await insertAsset(
      t.deps.db,
      await insertRelease(t.deps.db, productId, "1.9.0", { publishedAt: addDays(NOW, 1) }),
    );
    await license(productId, "allow", null);
    expect(await entitled([draft, future])).toEqual([false, false]);
    expect(await findEntitledAsset(t.deps.db, owner, future, addDays(NOW, 2))).not.toBeNull();
  });

  it("several licenses for one product are a union; the answer names one that entitles", async () => {
    const { productId, assets } = await product(-100, -5);
    const expired = await license(productId, "maintain", -50);
    expect(await entitled(assets)).toEqual([false, false]);
    const fresh = await license(productId, "restrict", 300, -20);
    expect(await entitled(assets)).toEqual([true, false]);
    const answer = await findEntitledAsset(t.deps.db, owner, assets[0]!, NOW);
    expect(answer?.licenseId).toBe(fresh);
    expect(answer?.licenseId).not.toBe(expired);
  });

  it("answers the asset's facts", async () => {
    const productId = await insertProduct(t.deps.db);
    const releaseId = await insertRelease(t.deps.db, productId, "3.1.4", {
      publishedAt: addDays(NOW, -1),
    });
    const assetId = await insertAsset(t.deps.db, releaseId, { filename: "studio-3.1.4.msi" });
    const licenseId = await license(productId, "allow", null);
    expect(await findEntitledAsset(t.deps.db, owner, assetId, NOW)).toEqual({
      id: assetId,
      filename: "studio-3.1.4.msi",
      kind: "installer",
      size: 1234,
      sha256: "a".repeat(64),
      contentType: "application/octet-stream",
      storageKey: assetId,
      releaseId,
      productId,
      version: "3.1.4",
      licenseId,
    });
  });
});

describe("scope", () => {
  it("a member is entitled only through the licenses assigned to them", async () => {
    const { productId, assets } = await product(-5);
    const member: Caller = {
      accountId: owner.accountId,
      userId: await insertUser(t.deps.db, owner.accountId, "member"),
      role: "member",
    };
    const admin: Caller = {
      accountId: owner.accountId,
      userId: await insertUser(t.deps.db, owner.accountId, "admin"),
      role: "admin",
    };
    await license(productId, "allow", null);
    expect(await entitled(assets, member)).toEqual([false]);
    expect(await entitled(assets, admin)).toEqual([true]);
    const assigned = await license(productId, "allow", null, undefined, {
      userIds: [member.userId],
    });
    const answer = await findEntitledAsset(t.deps.db, member, assets[0]!, NOW);
    expect(answer?.licenseId).toBe(assigned);
  });

  it("another account's license entitles nobody here", async () => {
    const { productId, assets } = await product(-5);
    const otherAccount = await insertAccount(t.deps.db, "Other");
    await license(productId, "allow", null, undefined, { accountId: otherAccount });
    expect(await entitled(assets)).toEqual([false]);
    const other: Caller = {
      accountId: otherAccount,
      userId: await insertUser(t.deps.db, otherAccount, "owner"),
      role: "owner",
    };
    expect(await entitled(assets, other)).toEqual([true]);
  });

  it("unknown and malformed ids answer null", async () => {
    await license(await insertProduct(t.deps.db), "allow", null);
    expect(await findEntitledAsset(t.deps.db, owner, createId("ast"), NOW)).toBeNull();
    for (const bad of ["", "ast_", "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA", "ast_' or 1=1 --"]) {
      expect(await findEntitledAsset(t.deps.db, owner, bad, NOW)).toBeNull();
    }
  });
});
