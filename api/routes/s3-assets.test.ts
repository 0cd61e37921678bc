import { createHash, randomBytes } from "node:crypto";
import {
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { create as contentDisposition } from "content-disposition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVendorApp } from "../app/vendor-app.ts";
import { addDays } from "../core/time.ts";
import { S3AssetStore } from "../downloads/stores/s3-asset-store.ts";
import { issueLicense } from "../test/download-fixtures.ts";
import { insertProduct, insertRelease } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { closedPort, startTestS3Server, type TestS3Server } from "../test/s3-server.ts";
import { signedInUser } from "../test/signed-in-user.ts";

const MiB = 1024 * 1024;

let s3: TestS3Server;
let t: TestContext;
let client: S3Client;
let releaseId: string;
beforeAll(async () => {
  s3 = await startTestS3Server();
  t = await createTestContext({
    ...s3.env,
    S3_PREFIX: "assets",
    PUBLIC_URL: "https://portal.example.com",
    UPLOAD_MAX_BYTES: String(8 * MiB),
  });
  client = new S3Client({
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
  });
  releaseId = await insertRelease(t.deps.db, await insertProduct(t.deps.db));
});
afterAll(async () => {
  client.destroy();
  await t.close();
  await s3.close();
});

/** Posts a stream as the raw upload body, without Content-Length (as a chunked client does). */
async function upload(
  filename: string,
  body: ReadableStream<Uint8Array>,
  app = t.vendorApp,
  release = releaseId,
): Promise<Response> {
  return app.request(
    `/vendor/v1/releases/${release}/assets?${new URLSearchParams({ filename, kind: "installer" })}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${t.vendorKey}`, "content-type": "application/zip" },
      body,
      duplex: "half",
    } as RequestInit,
  );
}

function streamOf(bytes: Uint8Array, { failAtEnd = false } = {}): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        if (failAtEnd) controller.error(new Error("client went away"));
        else controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + 256 * 1024));
      offset += 256 * 1024;
    },
  });
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function bucketKeys(): Promise<string[]> {
  const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
  return Contents.map((object) => object.Key!);
}

async function pendingUploads(): Promise<number> {
  const { Uploads = [] } = await client.send(
    new ListMultipartUploadsCommand({ Bucket: s3.bucket }),
  );
  return Uploads.length;
}

describe("asset uploads with ASSET_STORE=s3", () => {
  it("uses the S3 store the configuration chose", () => {
    expect(t.deps.assets).toBeInstanceOf(S3AssetStore);
  });

  it("streams an upload into the bucket and reads it back byte for byte", async () => {
    const bytes = randomBytes(6 * MiB + 7);
    const res = await upload("setup.zip", streamOf(bytes));
    expect(res.status).toBe(201);
    const asset = await res.json();
    expect(asset).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });

    // In the bucket under the prefix, as one object with exactly these bytes.
    expect(await bucketKeys()).toContain(`assets/${asset.id}`);
    const object = await client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: `assets/${asset.id}` }),
    );
    expect(sha256(await object.Body!.transformToByteArray())).toBe(sha256(bytes));
    expect(await pendingUploads()).toBe(0);

    // And through the store the delivery uses, directly and as a presigned redirect target.
    const streamed = await new Response(await t.deps.assets.read(asset.id)).arrayBuffer();
    expect(sha256(new Uint8Array(streamed))).toBe(sha256(bytes));
    const url = await t.deps.assets.readUrl!(asset.id, {
      filename: "setup.zip",
      contentType: asset.contentType,
      expiresInSeconds: 60,
    });
    const download = await fetch(url);
    expect(download.headers.get("content-type")).toBe("application/zip");
    expect(download.headers.get("content-disposition")).toBe("attachment; filename=setup.zip");
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(bytes));

    // Deleting the asset deletes the object.
    expect((await t.vendor("DELETE", `/vendor/v1/assets/${asset.id}`)).status).toBe(204);
    expect(await bucketKeys()).not.toContain(`assets/${asset.id}`);
  });

  it("answers 413 for a stream past UPLOAD_MAX_BYTES and keeps nothing", async () => {
    const before = await bucketKeys();
    const res = await upload("huge.zip", streamOf(randomBytes(12 * MiB)));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE", maxBytes: 8 * MiB });
    expect(await bucketKeys()).toEqual(before);
    expect(await pendingUploads()).toBe(0);
    const rows = await t.deps.db
      .selectFrom("assets")
      .select("id")
      .where("filename", "=", "huge.zip")
      .execute();
    expect(rows).toEqual([]);
  });

  it("answers 422 for an empty streamed body and removes the empty object again", async () => {
    const before = await bucketKeys();
    const res = await upload("empty.zip", streamOf(new Uint8Array(0)));
    expect(res.status).toBe(422);
    expect(await bucketKeys()).toEqual(before);
  });

  it("answers 400 for a body that breaks off and keeps nothing", async () => {
    const before = await bucketKeys();
    const res = await upload("broken.zip", streamOf(randomBytes(7 * MiB), { failAtEnd: true }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "UPLOAD_INTERRUPTED" });
    expect(await bucketKeys()).toEqual(before);
    expect(await pendingUploads()).toBe(0);
  });
});

describe("downloads with ASSET_STORE=s3", () => {
  it("redirects a signed link to a presigned GET that delivers the file under its name", async () => {
    const productId = await insertProduct(t.deps.db);
    const release = await insertRelease(t.deps.db, productId, "3.0.0", {
      publishedAt: addDays(new Date(), -1),
    });
    const ada = await signedInUser(t, { name: "Ada" });
    await issueLicense(t.deps.db, t.deps.keys, { productId, accountId: ada.accountId });
    const bytes = randomBytes(5 * MiB + 99);
    const filename = "Überblick Setup 3.0.0.zip";
    const uploaded = await upload(filename, streamOf(bytes), t.vendorApp, release);
    expect(uploaded.status).toBe(201);
    const { id } = await uploaded.json();

    const linked = await ada.call("POST", `/v1/assets/${id}/link`);
    expect(linked.status).toBe(200);
    const { url } = await linked.json();
    const redirect = await t.publicApp.request(url.replace("https://portal.example.com", ""));
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get("location")!;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/assets/${id}?`)).toBe(true);

    // The client follows the redirect to the bucket, which answers with the name and type.
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/zip");
    const disposition = download.headers.get("content-disposition");
    expect(disposition).toBe(contentDisposition(filename));
    expect(disposition).toContain("filename*=UTF-8''%C3%9Cberblick%20Setup%203.0.0.zip");
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(bytes));
  });
});

describe("asset uploads when S3 is down", () => {
  it("answers 503 STORE_UNAVAILABLE as problem+json and records nothing", async () => {
    const dead = new S3AssetStore({
      bucket: s3.bucket,
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    const app = createVendorApp({ ...t.deps, assets: dead });
    const res = await upload("unstored.zip", streamOf(randomBytes(1000)), app);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await res.json()).toMatchObject({ code: "STORE_UNAVAILABLE" });
    const rows = await t.deps.db
      .selectFrom("assets")
      .select("id")
      .where("filename", "=", "unstored.zip")
      .execute();
    expect(rows).toEqual([]);
    dead.close();
  });
});
