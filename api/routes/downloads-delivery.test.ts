import { createHash, randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicApp } from "../app/public-app.ts";
import type { SigningKey } from "../config/config.ts";
import type { AppDeps } from "../core/deps.ts";
import { addDays } from "../core/time.ts";
import { signAssetUrl } from "../downloads/signed-url.ts";
import type { ByteRange } from "../downloads/stores/asset-store.ts";
import { LocalAssetStore } from "../downloads/stores/local-asset-store.ts";
import { issueLicense } from "../test/download-fixtures.ts";
import { insertProduct, insertRelease } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { type SignedInUser, signedInUser } from "../test/signed-in-user.ts";
import { ASSET_LINK_RULE } from "./customer/assets.ts";

const SIZE = 3 * 1024 * 1024 + 12_345;
const bytes = randomBytes(SIZE);
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const FILENAME = "Acme Setup 2.4.0.exe";
const k1: SigningKey = { kid: "k1", secret: randomBytes(32) };
const k2: SigningKey = { kid: "k2", secret: randomBytes(32) };

let t: TestContext;
let ada: SignedInUser;
let licenseId: string;
let productId: string;
let releaseId: string;
let assetId: string;

/** Uploads `body` through the Vendor API as the raw request body; answers the asset's id. */
async function upload(release: string, filename: string, body: Buffer): Promise<string> {
  const res = await t.vendorApp.request(
    `/vendor/v1/releases/${release}/assets?${new URLSearchParams({ filename, kind: "installer" })}`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.vendorKey}`,
        "content-type": "application/vnd.microsoft.portable-executable",
      },
      body: new Uint8Array(body),
    },
  );
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

beforeAll(async () => {
  t = await createTestContext({
    SIGNING_KEYS: `k1:${Buffer.from(k1.secret).toString("hex")}`,
    PUBLIC_URL: "https://portal.example.com",
  });
  ada = await signedInUser(t, { name: "Ada" });
  productId = await insertProduct(t.deps.db);
  releaseId = await insertRelease(t.deps.db, productId, "2.4.0", {
    publishedAt: addDays(new Date(), -1),
  });
  licenseId = await issueLicense(t.deps.db, t.deps.keys, {
    productId,
    accountId: ada.accountId,
  });
  assetId = await upload(releaseId, FILENAME, bytes);
});
afterAll(() => t.close());

/** A fresh signed link for Ada, as the path and query the public app serves. */
async function linkFor(user: SignedInUser = ada, id = assetId): Promise<string> {
  const res = await user.call("POST", `/v1/assets/${id}/link`);
  expect(res.status).toBe(200);
  const { url } = await res.json();
  return url.replace("https://portal.example.com", "");
}

function get(
  pathAndQuery: string,
  headers: Record<string, string> = {},
  app = t.publicApp,
  method = "GET",
) {
  return app.request(pathAndQuery, { method, headers });
}

/** The link with one query parameter replaced. */
function withParam(pathAndQuery: string, name: string, value: string): string {
  const url = new URL(pathAndQuery, "http://x");
  url.searchParams.set(name, value);
  return `${url.pathname}?${url.searchParams}`;
}

async function body(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

async function downloadsOf(asset = assetId) {
  return t.deps.db
    .selectFrom("activity")
    .selectAll()
    .where("action", "=", "asset.downloaded")
    .where("subject_id", "=", asset)
    .execute();
}

/** A public app over the same database with other signing keys or another store. */
function appWith(overrides: Partial<AppDeps>) {
  return createPublicApp({ ...t.deps, ...overrides });
}

describe("POST /v1/assets/{id}/link", () => {
  it("answers an absolute link on PUBLIC_URL that expires after DOWNLOAD_LINK_SECONDS", async () => {
    const before = Date.now();
    const res = await ada.call("POST", `/v1/assets/${assetId}/link`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { url, expiresAt } = await res.json();
    const parsed = new URL(url);
    expect(parsed.origin).toBe("https://portal.example.com");
    expect(parsed.pathname).toBe(`/dl/${assetId}/Acme%20Setup%202.4.0.exe`);
    expect([...parsed.searchParams.keys()]).toEqual(["exp", "sub", "kid", "sig"]);
    expect(parsed.searchParams.get("sub")).toBe(ada.userId);
    expect(parsed.searchParams.get("kid")).toBe("k1");
    const expires = new Date(expiresAt).getTime();
    expect(expires).toBe(Number(parsed.searchParams.get("exp")) * 1000);
    expect(expires).toBeGreaterThanOrEqual(before + 600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 601_000);
  });

  it("needs a session", async () => {
    const res = await t.publicApp.request(`/v1/assets/${assetId}/link`, { method: "POST" });
    expect(res.status).toBe(401);
  });

  it("answers 404 for unknown, malformed and not-entitled asset ids alike", async () => {
    const otherProduct = await insertProduct(t.deps.db);
    const otherRelease = await insertRelease(t.deps.db, otherProduct, "1.0.0", {
      publishedAt: addDays(new Date(), -1),
    });
    const notMine = await upload(otherRelease, "other.exe", randomBytes(100));
    const stranger = await signedInUser(t, { name: "Stranger" });
    for (const [user, id] of [
      [ada, notMine],
      [ada, "ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNA"],
      [ada, "ast_nope"],
      [stranger, assetId],
    ] as const) {
      const res = await user.call("POST", `/v1/assets/${id}/link`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).code).toBe("NOT_FOUND");
    }
  });

  it("answers 404 to a member for an asset only an unassigned license entitles", async () => {
    const member = await signedInUser(t, { role: "member", accountId: ada.accountId });
    const res = await member.call("POST", `/v1/assets/${assetId}/link`);
    expect(res.status).toBe(404);
    const assigned = await signedInUser(t, { role: "member", accountId: ada.accountId });
    await issueLicense(t.deps.db, t.deps.keys, {
      productId,
      accountId: ada.accountId,
      userIds: [assigned.userId],
    });
    expect((await assigned.call("POST", `/v1/assets/${assetId}/link`)).status).toBe(200);
  });

  it("is throttled per user: 429 with Retry-After once the limit is used up", async () => {
    const busy = await signedInUser(t, { accountId: ada.accountId });
    await t.deps.db
      .insertInto("throttle_counters")
      .values({
        key: `asset-link:${busy.userId}`,
        count: ASSET_LINK_RULE.limit,
        window_started_at: new Date(),
        blocked_until: null,
      })
      .execute();
    const res = await busy.call("POST", `/v1/assets/${assetId}/link`);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).code).toBe("RATE_LIMITED");
    // Others are not affected.
    expect((await ada.call("POST", `/v1/assets/${assetId}/link`)).status).toBe(200);
  });
});

describe("GET /dl/{assetId}/{filename}", () => {
  it("streams the whole file with its headers", async () => {
    const res = await get(await linkFor());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(SIZE));
    expect(res.headers.get("content-type")).toBe("application/vnd.microsoft.portable-executable");
    expect(res.headers.get("etag")).toBe(`"${sha256(bytes)}"`);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="Acme Setup 2.4.0.exe"',
    );
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    // The app's own headers are there too.
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(sha256(await body(res))).toBe(sha256(bytes));
  });

  it("answers HEAD with the GET's headers and no body", async () => {
    const link = await linkFor();
    const res = await get(link, {}, t.publicApp, "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(SIZE));
    expect(res.headers.get("etag")).toBe(`"${sha256(bytes)}"`);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect((await body(res)).length).toBe(0);
    // Range is defined for GET only: a HEAD describes the whole file.
    const ranged = await get(link, { range: "bytes=0-9" }, t.publicApp, "HEAD");
    expect(ranged.status).toBe(200);
    expect(ranged.headers.get("content-length")).toBe(String(SIZE));
  });

  it("serves single ranges byte-exact: the joined parts hash to the asset's sha256", async () => {
    const link = await linkFor();
    const cuts = ["bytes=0-999999", "bytes=1000000-2499999", "bytes=2500000-"];
    const parts: Buffer[] = [];
    for (const range of cuts) {
      const res = await get(link, { range });
      expect(res.status).toBe(206);
      const part = await body(res);
      expect(res.headers.get("content-length")).toBe(String(part.length));
      const [start, end] = res.headers
        .get("content-range")!
        .match(/^bytes (\d+)-(\d+)\/(\d+)$/)!
        .slice(1, 3)
        .map(Number);
      expect(res.headers.get("content-range")).toMatch(new RegExp(`/${SIZE}$`));
      expect(part.length).toBe(end! - start! + 1);
      parts.push(part);
    }
    expect(sha256(Buffer.concat(parts))).toBe(sha256(bytes));
  });

  it("serves suffix ranges and clips an end past the file", async () => {
    const link = await linkFor();
    const suffix = await get(link, { range: "bytes=-1000" });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get("content-range")).toBe(`bytes ${SIZE - 1000}-${SIZE - 1}/${SIZE}`);
    expect((await body(suffix)).equals(bytes.subarray(SIZE - 1000))).toBe(true);
    const clipped = await get(link, { range: `bytes=${SIZE - 10}-${SIZE + 5000}` });
    expect(clipped.status).toBe(206);
    expect((await body(clipped)).equals(bytes.subarray(SIZE - 10))).toBe(true);
    const oneByte = await get(link, { range: "bytes=7-7" });
    expect((await body(oneByte)).equals(bytes.subarray(7, 8))).toBe(true);
  });

  it("answers 416 with Content-Range for a range outside the file", async () => {
    const link = await linkFor();
    for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 10}-${SIZE + 20}`, "bytes=5-2"]) {
      const res = await get(link, { range });
      expect(res.status).toBe(416);
      expect(res.headers.get("content-range")).toBe(`bytes */${SIZE}`);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).code).toBe("RANGE_NOT_SATISFIABLE");
    }
  });

  it("answers 400 naming the header for a malformed range", async () => {
    const link = await linkFor();
    for (const range of ["bytes", "bytes=abc", "bytes=1-x", "bytes=-"]) {
      const res = await get(link, { range });
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem.code).toBe("MALFORMED_RANGE");
      expect(problem.errors[0].field).toBe("header.range");
    }
  });

  it("answers the whole file for several ranges or another unit", async () => {
    const link = await linkFor();
    for (const range of ["bytes=0-9,100-199", "items=0-5"]) {
      const res = await get(link, { range });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-range")).toBeNull();
      expect(sha256(await body(res))).toBe(sha256(bytes));
    }
    // Overlapping ranges that combine into one are one range.
    const combined = await get(link, { range: "bytes=0-9,5-19" });
    expect(combined.status).toBe(206);
    expect(combined.headers.get("content-range")).toBe(`bytes 0-19/${SIZE}`);
    await body(combined);
  });

  it("answers 304 to If-None-Match with the ETag (weak comparison, lists, *)", async () => {
    const link = await linkFor();
    const etag = `"${sha256(bytes)}"`;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const res = await get(link, { "if-none-match": header });
      expect(res.status).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect((await body(res)).length).toBe(0);
    }
    const changed = await get(link, { "if-none-match": '"something-else"' });
    expect(changed.status).toBe(200);
    await body(changed);
  });

  it("honours If-Range only for the same strong ETag", async () => {
    const link = await linkFor();
    const etag = `"${sha256(bytes)}"`;
    const same = await get(link, { range: "bytes=0-9", "if-range": etag });
    expect(same.status).toBe(206);
    expect((await body(same)).equals(bytes.subarray(0, 10))).toBe(true);
    for (const ifRange of ['"old-version"', `W/${etag}`, "Mon, 30 Nov 2026 10:00:00 GMT"]) {
      const res = await get(link, { range: "bytes=0-9", "if-range": ifRange });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-length")).toBe(String(SIZE));
      await body(res);
    }
  });

  it("serves filenames with reserved characters, however the client encodes the path", async () => {
    const name = "a+b #1 (100%) ~x.exe";
    const content = randomBytes(64);
    const id = await upload(releaseId, name, content);
    const link = await linkFor(ada, id);
    expect(link).toContain("/a%2Bb%20%231%20(100%25)%20~x.exe?");
    const res = await get(link);
    expect(res.status).toBe(200);
    expect((await body(res)).equals(content)).toBe(true);
    // Another spelling of the same path (encoded parentheses and tilde) is the same link.
    const respelt = link.replace("(100%25)", "%28100%25%29").replace("~x", "%7Ex");
    const again = await get(respelt);
    expect(again.status).toBe(200);
    await body(again);
  });

  it("names a non-ASCII file safely (RFC 6266 fallback plus RFC 5987 filename*)", async () => {
    const id = await upload(releaseId, "Ünïcode Setup €.exe", randomBytes(10));
    const res = await get(await linkFor(ada, id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      "attachment; filename=\"?n?code Setup ?.exe\"; filename*=UTF-8''%C3%9Cn%C3%AFcode%20Setup%20%E2%82%AC.exe",
    );
    await body(res);
  });
});

describe("GET /dl: the signature", () => {
  it.each([
    ["exp", (link: string) => withParam(link, "exp", String(Number(param(link, "exp")) + 60))],
    ["sub", (link: string) => withParam(link, "sub", "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNB")],
    ["sig", (link: string) => withParam(link, "sig", flip(param(link, "sig")))],
    ["path (filename)", (link: string) => link.replace("Acme%20Setup", "Acme%20Setuq")],
    ["path (asset id)", (link: string) => link.replace(assetId, "ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNA")],
  ])("answers 403 when %s is changed", async (_, tamper) => {
    const res = await get(tamper(await linkFor()));
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).code).toBe("LINK_INVALID");
  });

  it("answers 403 when the method is not the signed GET", async () => {
    const link = await linkFor();
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await get(link, {}, t.publicApp, method);
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe("LINK_INVALID");
    }
  });

  it("answers 403 for an unknown kid and for another known kid", async () => {
    const link = await linkFor();
    expect((await get(withParam(link, "kid", "nope"))).status).toBe(403);
    const twoKeys = appWith({ config: { ...t.deps.config, signingKeys: [k2, k1] } });
    expect((await get(withParam(link, "kid", "k2"), {}, twoKeys)).status).toBe(403);
  });

  it("answers 410 for an expired link, but 403 when the expiry was forged", async () => {
    const { pathAndQuery } = signAssetUrl([k1], {
      assetId,
      filename: FILENAME,
      userId: ada.userId,
      expiresAt: new Date(Date.now() - 1000),
    });
    const res = await get(pathAndQuery);
    expect(res.status).toBe(410);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).code).toBe("LINK_EXPIRED");
    const fresh = await linkFor();
    const forged = withParam(fresh, "exp", String(Math.floor(Date.now() / 1000) - 60));
    expect((await get(forged)).status).toBe(403);
  });

  it("answers 403 for a link signed to work more than 24 hours", async () => {
    const { pathAndQuery } = signAssetUrl(t.deps.config.signingKeys, {
      assetId,
      filename: FILENAME,
      userId: ada.userId,
      expiresAt: addDays(new Date(), 30),
    });
    const res = await get(pathAndQuery);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("LINK_INVALID");
  });

  it("rotates keys: an overlapping old key still works, a rotated-out key fails", async () => {
    const oldLink = await linkFor();
    const rotated = appWith({ config: { ...t.deps.config, signingKeys: [k2, k1] } });
    const overlap = await get(oldLink, {}, rotated);
    expect(overlap.status).toBe(200);
    await body(overlap);
    // The rotated app signs with k2, and its links verify.
    const res = await rotated.request(`/v1/assets/${assetId}/link`, {
      method: "POST",
      headers: { authorization: `Bearer ${ada.token}` },
    });
    const newLink = new URL((await res.json()).url);
    expect(newLink.searchParams.get("kid")).toBe("k2");
    const fresh = await get(`${newLink.pathname}${newLink.search}`, {}, rotated);
    expect(fresh.status).toBe(200);
    await body(fresh);
    // Once k1 is retired, its links stop working.
    const retired = appWith({ config: { ...t.deps.config, signingKeys: [k2] } });
    const gone = await get(oldLink, {}, retired);
    expect(gone.status).toBe(403);
    expect((await gone.json()).code).toBe("LINK_INVALID");
  });
});

describe("GET /dl: bad input", () => {
  it("answers 400 naming each missing, repeated, unknown or over-long parameter", async () => {
    const link = await linkFor();
    const [path, query] = link.split("?") as [string, string];
    const cases: [string, string][] = [
      [`${path}?${new URLSearchParams(query).toString().replace(/&sig=[^&]*/, "")}`, "query.sig"],
      [`${link}&exp=1`, "query.exp"],
      [`${link}&sub=${ada.userId}`, "query.sub"],
      [`${link}&utm_source=mail`, "query.utm_source"],
      [withParam(link, "sub", `usr_${"A".repeat(100)}`), "query.sub"],
      [withParam(link, "sig", "A".repeat(65)), "query.sig"],
      [withParam(link, "kid", "k".repeat(33)), "query.kid"],
      [withParam(link, "exp", "9".repeat(13)), "query.exp"],
      [withParam(link, "exp", "soon"), "query.exp"],
      [withParam(link, "exp", ""), "query.exp"],
      [withParam(link, "exp", "0123"), "query.exp"],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      const problem = await res.json();
      expect(problem.code).toBe("MALFORMED_LINK");
      expect(problem.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const bare = await get(path);
    expect(bare.status).toBe(400);
    expect((await bare.json()).errors.map((error: { field: string }) => error.field)).toEqual([
      "query.exp",
      "query.sub",
      "query.kid",
      "query.sig",
    ]);
  });

  it("answers 4xx to path traversal, encoded or not, and never touches the file system", async () => {
    const link = await linkFor();
    const query = link.split("?")[1];
    for (const path of [
      `/dl/${assetId}/..%2F..%2Fsecrets.json`,
      `/dl/${assetId}/%2E%2E`,
      `/dl/${assetId}/..%5Csecrets.json`,
      `/dl/${assetId}/.keyport`,
      `/dl/..%2F${assetId}/${encodeURIComponent(FILENAME)}`,
      `/dl/${assetId}/../secrets.json`,
      `/dl/${assetId}/a%00b`,
    ]) {
      const res = await get(`${path}?${query}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("answers 404 when a valid signature names another filename of the asset or a vanished user", async () => {
    const keys = t.deps.config.signingKeys;
    const expiresAt = new Date(Date.now() + 60_000);
    const renamed = signAssetUrl(keys, {
      assetId,
      filename: "other.exe",
      userId: ada.userId,
      expiresAt,
    });
    expect((await get(renamed.pathAndQuery)).status).toBe(404);
    const ghost = signAssetUrl(keys, {
      assetId,
      filename: FILENAME,
      userId: "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNB",
      expiresAt,
    });
    expect((await get(ghost.pathAndQuery)).status).toBe(404);
    const unknownAsset = signAssetUrl(keys, {
      assetId: "ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNA",
      filename: FILENAME,
      userId: ada.userId,
      expiresAt,
    });
    expect((await get(unknownAsset.pathAndQuery)).status).toBe(404);
  });
});

describe("GET /dl: entitlement at use", () => {
  it("stops an old link once the license is suspended, and works again once reinstated", async () => {
    const bob = await signedInUser(t, { name: "Bob" });
    const bobsLicense = await issueLicense(t.deps.db, t.deps.keys, {
      productId,
      accountId: bob.accountId,
    });
    const link = await linkFor(bob);
    expect((await t.vendor("POST", `/vendor/v1/licenses/${bobsLicense}/suspend`)).status).toBe(200);
    const res = await get(link);
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe("NOT_FOUND");
    expect((await get(link, {}, t.publicApp, "HEAD")).status).toBe(404);
    expect((await t.vendor("POST", `/vendor/v1/licenses/${bobsLicense}/reinstate`)).status).toBe(
      200,
    );
    const again = await get(link);
    expect(again.status).toBe(200);
    await body(again);
  });
});

describe("GET /dl: activity", () => {
  it("writes one entry per link once the last byte went out, with who, which asset and the size", async () => {
    const carol = await signedInUser(t, { name: "Carol", accountId: ada.accountId });
    const link = await linkFor(carol);
    const entriesOfCarol = async () =>
      (await downloadsOf()).filter((entry) => entry.user_id === carol.userId);

    // HEAD, 304 and a range short of the end are no download.
    await get(link, {}, t.publicApp, "HEAD");
    await get(link, { "if-none-match": `"${sha256(bytes)}"` });
    await body(await get(link, { range: "bytes=0-99" }));
    expect(await entriesOfCarol()).toHaveLength(0);

    // A download cancelled halfway records nothing.
    const cancelled = await get(link);
    const reader = cancelled.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(await entriesOfCarol()).toHaveLength(0);

    // Resuming with the rest of the file completes it.
    await body(await get(link, { range: `bytes=${SIZE - 100}-` }));
    const [entry, ...more] = await entriesOfCarol();
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      account_id: ada.accountId,
      user_id: carol.userId,
      actor: "customer",
      subject_type: "asset",
      subject_id: assetId,
      license_id: licenseId,
      data: { assetId, filename: FILENAME, version: "2.4.0", size: SIZE, link: expect.any(String) },
    });
    expect(JSON.stringify(entry!.data)).not.toContain(param(link, "sig"));

    // The same link again is the same download; a new link is a new one.
    await body(await get(link));
    expect(await entriesOfCarol()).toHaveLength(1);
    const another = signAssetUrl(t.deps.config.signingKeys, {
      assetId,
      filename: FILENAME,
      userId: carol.userId,
      expiresAt: new Date(Date.now() + 120_000),
    });
    await body(await get(another.pathAndQuery));
    expect(await entriesOfCarol()).toHaveLength(2);
  });

  it("writes one entry when the same link is downloaded in parallel", async () => {
    const gina = await signedInUser(t, { accountId: ada.accountId });
    const link = await linkFor(gina);
    const responses = await Promise.all([get(link), get(link), get(link)]);
    await Promise.all(responses.map((res) => body(res)));
    expect((await downloadsOf()).filter((entry) => entry.user_id === gina.userId)).toHaveLength(1);
  });

  it("shows the download in the customer's activity", async () => {
    await body(await get(await linkFor()));
    const res = await ada.call("GET", "/v1/activity?limit=100");
    const { data } = await res.json();
    expect(JSON.stringify(data)).toContain("asset.downloaded");
  });
});

/** A store that fails the way broken disks and networks do. */
class BrokenStore extends LocalAssetStore {
  constructor(
    root: string,
    readonly mode: "throws" | "missing" | "breaks-midway" | "short",
  ) {
    super(root);
  }

  override async read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    if (this.mode === "throws") throw new Error("EIO: disk on fire");
    if (this.mode === "missing") return null;
    const inner = await super.read(key, range);
    const reader = inner!.getReader();
    let sent = 0;
    const mode = this.mode;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done || (mode === "short" && sent > 1024 * 1024)) {
          await reader.cancel();
          return controller.close();
        }
        sent += value.length;
        if (mode === "breaks-midway" && sent > 1024 * 1024) {
          await reader.cancel();
          return controller.error(new Error("ECONNRESET from the store"));
        }
        controller.enqueue(value);
      },
    });
  }
}

const storeRoot = () => `${t.dataDir}/assets`;

describe("GET /dl: store failures", () => {
  it("answers 503 problem+json when the store throws and 502 when the file is gone", async () => {
    const link = await linkFor();
    const throwing = await get(
      link,
      {},
      appWith({ assets: new BrokenStore(storeRoot(), "throws") }),
    );
    expect(throwing.status).toBe(503);
    expect(throwing.headers.get("content-type")).toBe("application/problem+json");
    expect(throwing.headers.get("retry-after")).toBe("30");
    expect((await throwing.json()).code).toBe("STORE_UNAVAILABLE");
    const missing = await get(
      link,
      {},
      appWith({ assets: new BrokenStore(storeRoot(), "missing") }),
    );
    expect(missing.status).toBe(502);
    expect((await missing.json()).code).toBe("ASSET_FILE_MISSING");
  });

  it("errors the body when the store breaks or ends early, and records no download", async () => {
    for (const mode of ["breaks-midway", "short"] as const) {
      const dave = await signedInUser(t, { accountId: ada.accountId });
      const res = await get(
        await linkFor(dave),
        {},
        appWith({ assets: new BrokenStore(storeRoot(), mode) }),
      );
      expect(res.status).toBe(200);
      await expect(res.arrayBuffer()).rejects.toThrow();
      expect((await downloadsOf()).filter((entry) => entry.user_id === dave.userId)).toHaveLength(
        0,
      );
    }
  });
});

/** The local store plus a `readUrl`, like a store that serves downloads itself (S3). */
class RedirectingStore extends LocalAssetStore {
  readonly asked: { key: string; filename: string; expiresInSeconds: number }[] = [];
  constructor(
    root: string,
    readonly failing = false,
  ) {
    super(root);
  }

  async readUrl(
    key: string,
    options: { filename: string; contentType: string; expiresInSeconds: number },
  ): Promise<string> {
    if (this.failing) throw new Error("ECONNREFUSED");
    this.asked.push({
      key,
      filename: options.filename,
      expiresInSeconds: options.expiresInSeconds,
    });
    return `https://bucket.example.com/${key}?X-Amz-Signature=abc`;
  }
}

describe("GET /dl: stores with their own URLs", () => {
  it("redirects to the store's URL after every check and records the download then, once", async () => {
    const store = new RedirectingStore(storeRoot());
    const app = appWith({ assets: store });
    const erin = await signedInUser(t, { accountId: ada.accountId });
    const link = await linkFor(erin);
    const res = await get(link, { range: "bytes=0-9" }, app);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(
      `https://bucket.example.com/${assetId}?X-Amz-Signature=abc`,
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(store.asked[0]).toMatchObject({ filename: FILENAME, expiresInSeconds: 300 });
    await get(link, {}, app);
    const entries = (await downloadsOf()).filter((entry) => entry.user_id === erin.userId);
    expect(entries).toHaveLength(1);
    // HEAD answers itself, from the asset's row.
    const head = await get(link, {}, app, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(SIZE));
    // A bad link never reaches the store.
    const asked = store.asked.length;
    expect((await get(withParam(link, "sig", flip(param(link, "sig"))), {}, app)).status).toBe(403);
    expect(store.asked).toHaveLength(asked);
  });

  it("answers 503 when the store cannot make its URL", async () => {
    const res = await get(
      await linkFor(),
      {},
      appWith({ assets: new RedirectingStore(storeRoot(), true) }),
    );
    expect(res.status).toBe(503);
    expect((await res.json()).code).toBe("STORE_UNAVAILABLE");
  });
});

describe("GET /dl over real HTTP", () => {
  let server: Server;
  let base: string;
  let brokenServer: Server;
  let brokenBase: string;

  function listen(app: ReturnType<typeof createPublicApp>): Promise<[Server, string]> {
    return new Promise((resolve) => {
      const running = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
        resolve([running as Server, `http://127.0.0.1:${(info as AddressInfo).port}`]),
      ) as Server;
    });
  }

  beforeAll(async () => {
    [server, base] = await listen(t.publicApp);
    [brokenServer, brokenBase] = await listen(
      appWith({ assets: new BrokenStore(storeRoot(), "breaks-midway") }),
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => brokenServer.close(resolve));
  });

  it("streams with a Content-Length (not chunked), serves ranges and HEAD, and records once finished", async () => {
    const frank = await signedInUser(t, { accountId: ada.accountId });
    const link = await linkFor(frank);
    const head = await fetch(`${base}${link}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(SIZE));
    expect(head.headers.get("transfer-encoding")).toBeNull();

    const first = await fetch(`${base}${link}`, { headers: { range: "bytes=0-1999999" } });
    expect(first.status).toBe(206);
    expect(first.headers.get("content-range")).toBe(`bytes 0-1999999/${SIZE}`);
    const rest = await fetch(`${base}${link}`, { headers: { range: "bytes=2000000-" } });
    expect(rest.status).toBe(206);
    const joined = Buffer.concat([await body(first), await body(rest)]);
    expect(sha256(joined)).toBe(sha256(bytes));

    const full = await fetch(`${base}${link}`);
    expect(full.headers.get("content-length")).toBe(String(SIZE));
    expect(full.headers.get("transfer-encoding")).toBeNull();
    expect(sha256(await body(full))).toBe(sha256(bytes));
    await expect
      .poll(
        async () => (await downloadsOf()).filter((entry) => entry.user_id === frank.userId).length,
      )
      .toBe(1);
  });

  it("cuts the connection when the store breaks mid-body instead of hanging", async () => {
    const res = await fetch(`${brokenBase}${await linkFor()}`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const error = await res.arrayBuffer().then(
      () => null,
      (reason: Error) => reason,
    );
    expect(error).not.toBeNull();
    expect(error!.name).not.toBe("TimeoutError");
  });

  it("answers problems as problem+json over the wire too", async () => {
    const res = await fetch(`${base}/dl/${assetId}/${encodeURIComponent(FILENAME)}?exp=1`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    await res.arrayBuffer();
  });
});

function param(link: string, name: string): string {
  return new URL(link, "http://x").searchParams.get(name)!;
}

function flip(value: string): string {
  return `${value[0] === "A" ? "B" : "A"}${value.slice(1)}`;
}
