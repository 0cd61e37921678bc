import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertProduct } from "../../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
let productId: string;
beforeAll(async () => {
  t = await createTestContext();
  productId = await insertProduct(t.deps.db);
});
afterAll(() => t.close());

async function countReleases(where: { productId: string; version?: string }): Promise<number> {
  let query = t.deps.db
    .selectFrom("releases")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("product_id", "=", where.productId);
  if (where.version) query = query.where("version", "=", where.version);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

async function fieldsOf(res: Response): Promise<string[]> {
  const problem = await res.json();
  return problem.errors.map((error: { field: string }) => error.field);
}

describe("Vendor API: releases", () => {
  it("creates a stable release published now, reads it with its assets, and lists it without", async () => {
    const before = Date.now();
    const res = await t.vendor("POST", "/vendor/v1/releases", { productId, version: "1.2.3" });
    expect(res.status).toBe(201);
    const release = await res.json();
    expect(release).toMatchObject({
      productId,
      version: "1.2.3",
      channel: "stable",
      notes: null,
    });
    expect(release.id).toMatch(/^rel_[0-9A-Z]{26}$/);
    expect(Date.parse(release.publishedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(release.publishedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(release).not.toHaveProperty("assets");

    const read = await t.vendor("GET", `/vendor/v1/releases/${release.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ ...release, assets: [] });

    const list = await (await t.vendor("GET", `/vendor/v1/releases?productId=${productId}`)).json();
    expect(list.data[0]).toEqual(release);
  });

  it("puts prerelease versions on the beta channel unless told otherwise", async () => {
    const beta = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "2.0.0-beta.1",
    });
    expect((await beta.json()).channel).toBe("beta");

    const explicit = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "2.0.0-rc.1",
      channel: "stable",
    });
    expect((await explicit.json()).channel).toBe("stable");

    const stableAsBeta = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "1.9.0",
      channel: "beta",
    });
    expect((await stableAsBeta.json()).channel).toBe("beta");
  });

  it("keeps drafts unpublished, normalises offsets to UTC and stores notes", async () => {
    const draft = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "3.0.0",
      publishedAt: null,
      notes: "Draft notes",
    });
    expect(draft.status).toBe(201);
    expect(await draft.json()).toMatchObject({ publishedAt: null, notes: "Draft notes" });

    const dated = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "3.0.1",
      publishedAt: "2026-01-01T10:00:00+02:00",
    });
    expect((await dated.json()).publishedAt).toBe("2026-01-01T08:00:00.000Z");
  });

  it("accepts only strict SemVer 2.0.0 versions and writes nothing otherwise", async () => {
    const product = await insertProduct(t.deps.db);
    for (const version of [
      "v1.2.3",
      "=1.2.3",
      " 1.2.3",
      "1.2.3 ",
      "1.2",
      "1",
      "01.2.3",
      "1.02.3",
      "1.2.3-",
      "1.2.3-01",
      "1.2.3-beta..1",
      "1.2.3+",
      "latest",
      "",
      "99999999999999999999.0.0",
    ]) {
      const res = await t.vendor("POST", "/vendor/v1/releases", { productId: product, version });
      expect(res.status, version).toBe(422);
      expect(await fieldsOf(res), version).toEqual(["body.version"]);
    }
    const wrongType = await t.vendor("POST", "/vendor/v1/releases", {
      productId: product,
      version: 123,
    });
    expect(await fieldsOf(wrongType)).toEqual(["body.version"]);
    expect(await countReleases({ productId: product })).toBe(0);

    for (const version of ["0.0.0", "10.20.30", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0+20130313"]) {
      const res = await t.vendor("POST", "/vendor/v1/releases", { productId: product, version });
      expect(res.status, version).toBe(201);
      expect((await res.json()).version).toBe(version);
    }
  });

  it("answers 409 naming the version for a duplicate, also one differing only in build metadata", async () => {
    const product = await insertProduct(t.deps.db);
    const first = await t.vendor("POST", "/vendor/v1/releases", {
      productId: product,
      version: "4.0.0+build.1",
    });
    expect(first.status).toBe(201);

    for (const version of ["4.0.0+build.1", "4.0.0", "4.0.0+build.2"]) {
      const res = await t.vendor("POST", "/vendor/v1/releases", { productId: product, version });
      expect(res.status, version).toBe(409);
      expect(await res.json()).toMatchObject({
        code: "CONFLICT",
        errors: [{ field: "body.version" }],
      });
    }
    expect(await countReleases({ productId: product })).toBe(1);

    // A prerelease of the same core is a different version, and other products are independent.
    const prerelease = await t.vendor("POST", "/vendor/v1/releases", {
      productId: product,
      version: "4.0.0-rc.1",
    });
    expect(prerelease.status).toBe(201);
    const other = await t.vendor("POST", "/vendor/v1/releases", {
      productId: await insertProduct(t.deps.db),
      version: "4.0.0",
    });
    expect(other.status).toBe(201);
  });

  it("answers 422 UNKNOWN_REFERENCE for an unknown product", async () => {
    for (const unknown of ["prd_00000000000000000000000000", "nonsense"]) {
      const res = await t.vendor("POST", "/vendor/v1/releases", {
        productId: unknown,
        version: "1.0.0",
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        code: "UNKNOWN_REFERENCE",
        errors: [{ field: "body.productId" }],
      });
    }
    const count = await t.deps.db
      .selectFrom("releases")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("product_id", "in", ["prd_00000000000000000000000000", "nonsense"])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("answers 422 naming each bad, missing or unknown field", async () => {
    const bad = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "5.0.0",
      channel: "nightly",
      publishedAt: "yesterday",
      notes: "x".repeat(20001),
    });
    expect(bad.status).toBe(422);
    expect((await fieldsOf(bad)).sort()).toEqual([
      "body.channel",
      "body.notes",
      "body.publishedAt",
    ]);

    const noZone = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "5.0.0",
      publishedAt: "2026-01-01T00:00:00",
    });
    expect(await fieldsOf(noZone)).toEqual(["body.publishedAt"]);

    const missing = await t.vendor("POST", "/vendor/v1/releases", { productId });
    expect(await fieldsOf(missing)).toEqual(["body.version"]);

    const unknown = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "5.0.0",
      codename: "x",
    });
    expect(unknown.status).toBe(422);
    expect(await countReleases({ productId, version: "5.0.0" })).toBe(0);

    const maxNotes = await t.vendor("POST", "/vendor/v1/releases", {
      productId,
      version: "5.0.0",
      notes: "x".repeat(20000),
    });
    expect(maxNotes.status).toBe(201);
  });

  it("lists newest first, filters by product and pages with a cursor", async () => {
    const product = await insertProduct(t.deps.db);
    for (const version of ["1.0.0", "1.1.0", "1.2.0"]) {
      await t.vendor("POST", "/vendor/v1/releases", { productId: product, version });
    }
    const first = await (
      await t.vendor("GET", `/vendor/v1/releases?productId=${product}&limit=2`)
    ).json();
    expect(first.data.map((r: { version: string }) => r.version)).toEqual(["1.2.0", "1.1.0"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (
      await t.vendor(
        "GET",
        `/vendor/v1/releases?productId=${product}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second.data.map((r: { version: string }) => r.version)).toEqual(["1.0.0"]);
    expect(second.nextCursor).toBeNull();

    const all = await (await t.vendor("GET", "/vendor/v1/releases?limit=100")).json();
    const ids = all.data.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(all.data.some((r: { productId: string }) => r.productId === productId)).toBe(true);

    const none = await (
      await t.vendor("GET", "/vendor/v1/releases?productId=prd_00000000000000000000000000")
    ).json();
    expect(none).toEqual({ data: [], nextCursor: null });

    const badCursor = await t.vendor("GET", "/vendor/v1/releases?cursor=nonsense");
    expect(await fieldsOf(badCursor)).toEqual(["query.cursor"]);
  });

  it("updates channel, publication and notes but never the version", async () => {
    const created = await (
      await t.vendor("POST", "/vendor/v1/releases", { productId, version: "6.0.0" })
    ).json();
    const res = await t.vendor("PATCH", `/vendor/v1/releases/${created.id}`, {
      channel: "beta",
      publishedAt: null,
      notes: "Pulled for a fix",
    });
    expect(res.status).toBe(200);
    const updated = await res.json();
    expect(updated).toMatchObject({
      id: created.id,
      version: "6.0.0",
      channel: "beta",
      publishedAt: null,
      notes: "Pulled for a fix",
      createdAt: created.createdAt,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));

    const republished = await t.vendor("PATCH", `/vendor/v1/releases/${created.id}`, {
      publishedAt: "2026-02-01T00:00:00Z",
    });
    expect(await republished.json()).toMatchObject({
      publishedAt: "2026-02-01T00:00:00.000Z",
      channel: "beta",
      notes: "Pulled for a fix",
    });

    const version = await t.vendor("PATCH", `/vendor/v1/releases/${created.id}`, {
      version: "6.0.1",
    });
    expect(version.status).toBe(422);
    expect((await version.json()).errors).toEqual([
      expect.objectContaining({ field: "body.version" }),
    ]);
    const wrongType = await t.vendor("PATCH", `/vendor/v1/releases/${created.id}`, {
      channel: 1,
    });
    expect(await fieldsOf(wrongType)).toEqual(["body.channel"]);
    const row = await t.deps.db
      .selectFrom("releases")
      .select(["version", "channel"])
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ version: "6.0.0", channel: "beta" });
  });

  it("answers 404 for unknown and malformed release ids", async () => {
    for (const id of [
      "rel_00000000000000000000000000",
      "nonsense",
      "prd_00000000000000000000000000",
    ]) {
      const read = await t.vendor("GET", `/vendor/v1/releases/${id}`);
      expect(read.status).toBe(404);
      expect((await read.json()).code).toBe("NOT_FOUND");
      const patch = await t.vendor("PATCH", `/vendor/v1/releases/${id}`, { notes: "x" });
      expect(patch.status).toBe(404);
    }
  });
});
