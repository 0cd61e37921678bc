import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../accounts/customer-scope.ts";
import { addDays } from "../core/time.ts";
import { insertAsset, issueLicense } from "../test/download-fixtures.ts";
import { insertAccount, insertProduct, insertRelease, insertUser } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import {
  ASSET_DOWNLOADED,
  callerOfUser,
  downloadLinkId,
  recordAssetDownloadOnce,
} from "./asset-download-service.ts";
import { findEntitledAsset } from "./download-entitlement.ts";

let t: TestContext;
let caller: Caller;
let assetId: string;

beforeAll(async () => {
  t = await createTestContext();
  const accountId = await insertAccount(t.deps.db);
  const userId = await insertUser(t.deps.db, accountId, "admin");
  const productId = await insertProduct(t.deps.db);
  const releaseId = await insertRelease(t.deps.db, productId, "1.2.3", {
    publishedAt: addDays(new Date(), -1),
  });
  await issueLicense(t.deps.db, t.deps.keys, { productId, accountId });
  assetId = await insertAsset(t.deps.db, releaseId, { filename: "tool.zip" });
  caller = (await callerOfUser(t.deps.db, userId))!;
});
afterAll(() => t.close());

async function entries(linkId: string) {
  return t.deps.db
    .selectFrom("activity")
    .selectAll()
    .where("action", "=", ASSET_DOWNLOADED)
    .where((eb) => eb(eb.ref("data", "->>").key("link"), "=", linkId))
    .execute();
}

describe("callerOfUser", () => {
  it("builds the caller from the user as they are now", async () => {
    expect(caller).toEqual({ userId: caller.userId, accountId: expect.any(String), role: "admin" });
  });

  it("answers null for an unknown or malformed user id", async () => {
    expect(await callerOfUser(t.deps.db, "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNA")).toBeNull();
    expect(await callerOfUser(t.deps.db, "nope")).toBeNull();
  });
});

describe("downloadLinkId", () => {
  it("is stable, short and does not contain the signature", () => {
    const sig = "A".repeat(43);
    expect(downloadLinkId(sig)).toBe(downloadLinkId(sig));
    expect(downloadLinkId(sig)).toHaveLength(22);
    expect(downloadLinkId(sig)).not.toContain(sig.slice(0, 10));
    expect(downloadLinkId(sig)).not.toBe(downloadLinkId("B".repeat(43)));
  });
});

describe("recordAssetDownloadOnce", () => {
  it("writes one entry per link, also when many finish at the same moment", async () => {
    const asset = (await findEntitledAsset(t.deps.db, caller, assetId))!;
    const linkId = downloadLinkId("concurrent");
    const written = await Promise.all(
      Array.from({ length: 8 }, () =>
        recordAssetDownloadOnce(t.deps.db, { caller, asset, linkId, ip: "203.0.113.9" }),
      ),
    );
    expect(written.filter(Boolean)).toHaveLength(1);
    const [entry, ...more] = await entries(linkId);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      account_id: caller.accountId,
      user_id: caller.userId,
      actor: "customer",
      subject_type: "asset",
      subject_id: assetId,
      license_id: asset.licenseId,
      ip: "203.0.113.9",
      data: { assetId, filename: "tool.zip", version: "1.2.3", size: 1234, link: linkId },
    });
    expect(await recordAssetDownloadOnce(t.deps.db, { caller, asset, linkId })).toBe(false);
    expect(await recordAssetDownloadOnce(t.deps.db, { caller, asset, linkId: "another" })).toBe(
      true,
    );
  });
});
