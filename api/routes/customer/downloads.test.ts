import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createId } from "../../core/ids.ts";
import { addDays, DAY_MS } from "../../core/time.ts";
import { listDownloads } from "../../downloads/download-service.ts";
import { insertAsset, issueLicense } from "../../test/download-fixtures.ts";
import { englishDay } from "../../test/english-day.ts";
import {
  insertAccount,
  insertEntitlement,
  insertProduct,
  insertRelease,
} from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

interface Reason {
  code: string;
  message: string;
  at: string | null;
  missingEntitlements?: string[];
}
interface Asset {
  id: string;
  filename: string;
  kind: string;
  requiredEntitlements: string[];
  downloadable: boolean;
  reason: Reason | null;
}
interface Release {
  id: string;
  version: string;
  channel: string;
  publishedAt: string;
  covered: boolean;
  reason: Reason | null;
  assets: Asset[];
}
interface Product {
  id: string;
  name: string;
  slug: string;
  releases: Release[];
  nextCursor: string | null;
}

const now = new Date();
let t: TestContext;
let owner: SignedInUser;
let member: SignedInUser;
let studio: string;
let vault: string;
let echo: string;
let foreign: string;
const studioAssets: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext();
  const db = t.deps.db;
  owner = await signedInUser(t, { name: "Olive Owner" });
  member = await signedInUser(t, { role: "member", accountId: owner.accountId });
  const sso = await insertEntitlement(db, "sso");

  // Studio: restrict, running another 200 days, maintenance ended 10 days ago.
  studio = await insertProduct(db, "studio");
  await issueLicense(db, t.deps.keys, {
    productId: studio,
    accountId: owner.accountId,
    strategy: "restrict",
    expiresAt: addDays(now, 200),
    maintenanceExpiresAt: addDays(now, -10),
  });
  const releases: [string, number | null][] = [
    ["1.0.0", -200],
    ["2.0.0", -100],
    ["2.1.0-beta.1", -40],
    ["2.0.1", -30],
    ["3.0.0", -5],
    ["3.1.0", 5],
    ["4.0.0", null],
  ];
  for (const [version, days] of releases) {
    const release = await insertRelease(db, studio, version, {
      publishedAt: days === null ? null : addDays(now, days),
    });
    studioAssets[version] = await insertAsset(db, release, { filename: `studio-${version}.exe` });
    if (version === "2.0.0") {
      studioAssets["2.0.0-sso"] = await insertAsset(db, release, {
        filename: "studio-2.0.0-sso.exe",
        requiredEntitlementIds: [sso],
      });
    }
    if (version === "3.0.0") {
      studioAssets["3.0.0-docs"] = await insertAsset(db, release, {
        filename: "manual-3.0.0.pdf",
        kind: "docs",
        platform: null,
        arch: null,
      });
    }
  }

  // Vault: maintain, expired 10 days ago, assigned to the member.
  vault = await insertProduct(db, "vault");
  await issueLicense(db, t.deps.keys, {
    productId: vault,
    accountId: owner.accountId,
    strategy: "maintain",
    expiresAt: addDays(now, -10),
    userIds: [member.userId],
  });
  await insertAsset(
    db,
    await insertRelease(db, vault, "1.0.0", { publishedAt: addDays(now, -50) }),
  );

  // Echo: suspended.
  echo = await insertProduct(db, "echo");
  const echoLicense = await issueLicense(db, t.deps.keys, {
    productId: echo,
    accountId: owner.accountId,
    strategy: "allow",
  });
  await db
    .updateTable("licenses")
    .set({ suspended_at: addDays(now, -3) })
    .where("id", "=", echoLicense)
    .execute();
  await insertRelease(db, echo, "1.0.0", { publishedAt: addDays(now, -60) });

  // Forge: only another account holds a license.
  foreign = await insertProduct(db, "forge");
  await issueLicense(db, t.deps.keys, {
    productId: foreign,
    accountId: await insertAccount(db, "Elsewhere"),
    strategy: "allow",
  });
  await insertRelease(db, foreign, "1.0.0", { publishedAt: addDays(now, -1) });
});
afterAll(() => t.close());

async function downloads(user: SignedInUser, query = ""): Promise<Product[]> {
  const res = await user.call("GET", `/v1/downloads${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Product[] }).data;
}

/** The day as the English reasons write it, for the owner (time zone UTC). */
const day = (date: Date) => englishDay(date, "UTC");

describe("GET /v1/downloads", () => {
  it("lists the caller's products by name, each with published releases newest by SemVer", async () => {
    const products = await downloads(owner);
    expect(products.map((product) => product.slug)).toEqual(["echo", "studio", "vault"]);
    const studioEntry = products.find((product) => product.id === studio)!;
    expect(studioEntry.name).toBe("Product studio");
    expect(studioEntry.releases.map((release) => release.version)).toEqual([
      "3.0.0",
      "2.1.0-beta.1",
      "2.0.1",
      "2.0.0",
      "1.0.0",
    ]);
    expect(studioEntry.releases.map((release) => release.channel)).toEqual([
      "stable",
      "beta",
      "stable",
      "stable",
      "stable",
    ]);
    expect(studioEntry.nextCursor).toBeNull();
  });

  it("orders versions numerically, and sorts a version that is not SemVer last", async () => {
    const db = t.deps.db;
    const productId = await insertProduct(db);
    const someone = await signedInUser(t);
    await issueLicense(db, t.deps.keys, { productId, accountId: someone.accountId });
    for (const [version, days] of [
      ["1.9.0", -3],
      ["weekly", -1],
      ["1.10.0", -5],
      ["1.10.0-rc.1", -6],
    ] as const) {
      await insertRelease(db, productId, version, { publishedAt: addDays(now, days) });
    }
    const [entry] = await downloads(someone);
    expect(entry!.releases.map((release) => release.version)).toEqual([
      "1.10.0",
      "1.10.0-rc.1",
      "1.9.0",
      "weekly",
    ]);
  });

  it("answers every field of a release and its assets", async () => {
    const studioEntry = (await downloads(owner, `?productId=${studio}`))[0]!;
    const release = studioEntry.releases.find((entry) => entry.version === "2.0.1")!;
    expect(release).toEqual({
      id: expect.stringMatching(/^rel_/),
      version: "2.0.1",
      channel: "stable",
      publishedAt: addDays(now, -30).toISOString(),
      notes: null,
      covered: true,
      reason: null,
      assets: [
        {
          id: studioAssets["2.0.1"],
          filename: "studio-2.0.1.exe",
          kind: "installer",
          platform: "windows",
          arch: "x64",
          size: 1234,
          sha256: "a".repeat(64),
          contentType: "application/octet-stream",
          requiredEntitlements: [],
          downloadable: true,
          reason: null,
        },
      ],
    });
  });

  it("lists a release past the maintenance end with the reason naming both dates", async () => {
    const studioEntry = (await downloads(owner, `?productId=${studio}`))[0]!;
    const newest = studioEntry.releases[0]!;
    expect(newest.version).toBe("3.0.0");
    expect(newest.covered).toBe(false);
    expect(newest.reason).toEqual({
      code: "MAINTENANCE_ENDED",
      message: `Released on ${day(addDays(now, -5))} after your maintenance ended on ${day(addDays(now, -10))}; renew to get 3.0.0.`,
      at: addDays(now, -10).toISOString(),
    });
    const installer = newest.assets.find((asset) => asset.kind === "installer")!;
    expect(installer.downloadable).toBe(false);
    expect(installer.reason?.code).toBe("MAINTENANCE_ENDED");
    const manual = newest.assets.find((asset) => asset.kind === "docs")!;
    expect(manual).toMatchObject({
      filename: "manual-3.0.0.pdf",
      downloadable: true,
      reason: null,
    });
  });

  it("marks an asset whose entitlements the license lacks, in a covered release", async () => {
    const studioEntry = (await downloads(owner, `?productId=${studio}`))[0]!;
    const release = studioEntry.releases.find((entry) => entry.version === "2.0.0")!;
    expect(release.covered).toBe(true);
    const plain = release.assets.find((asset) => asset.filename === "studio-2.0.0.exe");
    const gated = release.assets.find((asset) => asset.filename === "studio-2.0.0-sso.exe");
    expect(plain).toMatchObject({ filename: "studio-2.0.0.exe", downloadable: true });
    expect(gated).toMatchObject({
      filename: "studio-2.0.0-sso.exe",
      requiredEntitlements: ["sso"],
      downloadable: false,
      reason: {
        code: "ENTITLEMENT_MISSING",
        message: "This file needs the entitlement sso, which your license does not include.",
        at: null,
        missingEntitlements: ["sso"],
      },
    });
  });

  it("writes the days of a reason in words, checked against fixed dates", async () => {
    // Fixed days in the past, so the sentence can be written out by hand: a check on `day` too.
    const db = t.deps.db;
    const someone = await signedInUser(t);
    const productId = await insertProduct(db);
    await issueLicense(db, t.deps.keys, {
      productId,
      accountId: someone.accountId,
      strategy: "restrict",
      expiresAt: addDays(now, 200),
      maintenanceExpiresAt: new Date("2026-03-10T12:00:00.000Z"),
    });
    await insertRelease(db, productId, "1.0.0", {
      publishedAt: new Date("2026-03-15T12:00:00.000Z"),
    });
    const [entry] = await downloads(someone);
    expect(entry!.releases[0]!.reason).toEqual({
      code: "MAINTENANCE_ENDED",
      message:
        "Released on 15 March 2026 after your maintenance ended on 10 March 2026; renew to get 1.0.0.",
      at: "2026-03-10T12:00:00.000Z",
    });
  });

  it("explains an expired license that allows no downloads and a suspended one", async () => {
    const products = await downloads(owner);
    const vaultRelease = products.find((product) => product.id === vault)!.releases[0]!;
    expect(vaultRelease).toMatchObject({
      covered: false,
      reason: {
        code: "LICENSE_EXPIRED",
        message: `Your license expired on ${day(addDays(now, -10))}; renew it to download again.`,
      },
    });
    expect(vaultRelease.assets[0]).toMatchObject({
      downloadable: false,
      reason: { code: "LICENSE_EXPIRED" },
    });
    const echoRelease = products.find((product) => product.id === echo)!.releases[0]!;
    expect(echoRelease).toMatchObject({
      covered: false,
      reason: { code: "LICENSE_SUSPENDED", at: addDays(now, -3).toISOString() },
      assets: [],
    });
  });

  it("a member sees only the products of licenses assigned to them", async () => {
    const products = await downloads(member);
    expect(products.map((product) => product.id)).toEqual([vault]);
    expect(await downloads(member, `?productId=${studio}`)).toEqual([]);
  });

  it("never shows another account's products", async () => {
    expect(await downloads(owner, `?productId=${foreign}`)).toEqual([]);
    const elsewhere = await signedInUser(t);
    expect(await downloads(elsewhere)).toEqual([]);
  });

  it("filters by channel and by product", async () => {
    const beta = await downloads(owner, `?channel=beta&productId=${studio}`);
    expect(beta[0]!.releases.map((release) => release.version)).toEqual(["2.1.0-beta.1"]);
    const stable = await downloads(owner, `?channel=stable&productId=${studio}`);
    expect(stable[0]!.releases.map((release) => release.version)).toEqual([
      "3.0.0",
      "2.0.1",
      "2.0.0",
      "1.0.0",
    ]);
    const all = await downloads(owner, "?channel=beta");
    // Products stay listed when the filter leaves them no releases.
    expect(all.map((product) => [product.slug, product.releases.length])).toEqual([
      ["echo", 0],
      ["studio", 1],
      ["vault", 0],
    ]);
    expect(await downloads(owner, "?productId=prd_nope")).toEqual([]);
  });

  it("caps releases per product and continues a product with its cursor", async () => {
    const first = await downloads(owner, "?releasesPerProduct=2");
    const studioEntry = first.find((product) => product.id === studio)!;
    expect(studioEntry.releases.map((release) => release.version)).toEqual([
      "3.0.0",
      "2.1.0-beta.1",
    ]);
    expect(first.find((product) => product.id === vault)!.nextCursor).toBeNull();
    const versions = studioEntry.releases.map((release) => release.version);
    let cursor = studioEntry.nextCursor;
    while (cursor !== null) {
      const [next] = await downloads(
        owner,
        `?releasesPerProduct=2&productId=${studio}&cursor=${cursor}`,
      );
      versions.push(...next!.releases.map((release) => release.version));
      cursor = next!.nextCursor;
    }
    expect(versions).toEqual(["3.0.0", "2.1.0-beta.1", "2.0.1", "2.0.0", "1.0.0"]);
  });

  it("answers 422 naming the field for a bad query", async () => {
    const cases: [string, string][] = [
      ["?channel=nightly", "query.channel"],
      ["?releasesPerProduct=0", "query.releasesPerProduct"],
      ["?releasesPerProduct=101", "query.releasesPerProduct"],
      ["?releasesPerProduct=many", "query.releasesPerProduct"],
      [`?productId=${"p".repeat(65)}`, "query.productId"],
      ["?cursor=cmVsXzAx", "query.cursor"],
      [`?productId=${studio}&cursor=not-a-cursor`, "query.cursor"],
      [`?productId=${studio}&cursor=${btoa(createId("rel")).replace(/=+$/, "")}`, "query.cursor"],
    ];
    for (const [query, field] of cases) {
      const res = await owner.call("GET", `/v1/downloads${query}`);
      expect(res.status, query).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await res.json()) as { code: string; errors: { field: string }[] };
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.errors.map((error) => error.field)).toContain(field);
    }
  });

  it("needs a session", async () => {
    const res = await t.publicApp.request("/v1/downloads");
    expect(res.status).toBe(401);
  });

  it("reads a product with 200 releases in as many queries as one with 2", async () => {
    const db = t.deps.db;
    async function productWith(count: number) {
      const productId = await insertProduct(db);
      await issueLicense(db, t.deps.keys, {
        productId,
        accountId: owner.accountId,
        strategy: "restrict",
        expiresAt: addDays(now, 30),
        // Only releases older than the 100 newest are covered.
        maintenanceExpiresAt: addDays(now, -count / 2 - 0.5),
      });
      const rows = Array.from({ length: count }, (_, index) => ({
        id: createId("rel"),
        product_id: productId,
        version: `1.${index}.0`,
        channel: "stable" as const,
        published_at: new Date(now.getTime() - (count - index) * DAY_MS),
        notes: null,
      }));
      await db.insertInto("releases").values(rows).execute();
      await db
        .insertInto("assets")
        .values(
          rows.map((row) => ({
            id: createId("ast"),
            release_id: row.id,
            filename: "setup.exe",
            kind: "installer" as const,
            size: 1,
            sha256: "b".repeat(64),
            content_type: "application/octet-stream",
            storage_key: row.id,
          })),
        )
        .execute();
      return productId;
    }
    async function queriesFor(productId: string) {
      let queries = 0;
      const counter: KyselyPlugin = {
        transformQuery: (args) => {
          queries++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const products = await listDownloads(
        db.withPlugin(counter),
        { userId: owner.userId, accountId: owner.accountId, role: "owner" },
        { productId, releasesPerProduct: 100 },
      );
      return { queries, releases: products[0]!.releases };
    }
    const small = await queriesFor(await productWith(2));
    const large = await queriesFor(await productWith(200));
    expect(small.releases).toHaveLength(2);
    expect(large.releases).toHaveLength(100);
    expect(large.releases[0]!.version).toBe("1.199.0");
    expect(large.releases.filter((release) => release.covered)).toHaveLength(0);
    expect(large.queries).toBe(small.queries);
  });
});
