import { createHash, randomBytes } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { create as contentDisposition } from "content-disposition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, startTestS3Server, type TestS3Server } from "../../test/s3-server.ts";
import { AssetStoreError, UploadTooLargeError } from "./asset-store.ts";
import { S3AssetStore } from "./s3-asset-store.ts";

const MiB = 1024 * 1024;
const PREFIX = "keyport/assets";

let s3: TestS3Server;
let store: S3AssetStore;
/** A plain client to look into the bucket behind the store's back. */
let client: S3Client;

beforeAll(async () => {
  s3 = await startTestS3Server();
  store = new S3AssetStore({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
    prefix: `/${PREFIX}/`,
  });
  client = new S3Client({
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
  });
});
afterAll(async () => {
  store.close();
  client.destroy();
  await s3.close();
});

function streamOf(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

/** `bytes`, then an error instead of the rest, as when a client disconnects. */
function failingStreamOf(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.error(new Error("connection reset"));
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

async function bytesOf(stream: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  if (!stream) throw new Error("no such object");
  return Buffer.from(await new Response(stream).arrayBuffer());
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Every object key in the bucket. */
async function objectKeys(): Promise<string[]> {
  const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
  return Contents.map((object) => object.Key!);
}

/** Keys of the multipart uploads begun but neither completed nor aborted. */
async function pendingUploads(): Promise<string[]> {
  const { Uploads = [] } = await client.send(
    new ListMultipartUploadsCommand({ Bucket: s3.bucket }),
  );
  return Uploads.map((upload) => upload.Key!);
}

async function headStatus(key: string): Promise<number> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${PREFIX}/${key}` }));
    return 200;
  } catch (error) {
    return (error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode;
  }
}

describe("S3AssetStore", () => {
  it("round-trips a multipart upload and reports its size and sha256", async () => {
    // Larger than one 5 MiB part, so lib-storage uploads three parts.
    const bytes = randomBytes(12 * MiB + 123);
    const stored = await store.put("ast_roundtrip", streamOf(bytes), { maxBytes: 20 * MiB });
    expect(stored).toEqual({ size: bytes.length, sha256: sha256(bytes) });
    expect(sha256(await bytesOf(await store.read("ast_roundtrip")))).toBe(sha256(bytes));
    expect(await objectKeys()).toContain(`${PREFIX}/ast_roundtrip`);
    expect(await pendingUploads()).toEqual([]);
  });

  it("round-trips a small upload as a single object", async () => {
    const bytes = randomBytes(1000);
    const stored = await store.put("ast_small", streamOf(bytes, 100), { maxBytes: 1000 });
    expect(stored).toEqual({ size: 1000, sha256: sha256(bytes) });
    expect((await bytesOf(await store.read("ast_small"))).equals(bytes)).toBe(true);
  });

  it("stores an empty body as an empty object (the service refuses it afterwards)", async () => {
    const stored = await store.put("ast_empty", streamOf(new Uint8Array(0)), { maxBytes: 10 });
    expect(stored).toEqual({ size: 0, sha256: sha256(new Uint8Array(0)) });
    expect((await bytesOf(await store.read("ast_empty"))).length).toBe(0);
  });

  it("reads exactly the requested range, both ends inclusive", async () => {
    const bytes = randomBytes(4096);
    await store.put("ast_range", streamOf(bytes, 333), { maxBytes: MiB });
    // No [0, 0]: s3rver reads `bytes=0-0` as the whole object (real S3 does not).
    for (const [start, end] of [
      [1, 1],
      [0, 99],
      [100, 2047],
      [4095, 4095],
      [1000, 4095],
    ] as const) {
      const part = await bytesOf(await store.read("ast_range", { start, end }));
      expect(part.length, `${start}-${end}`).toBe(end - start + 1);
      expect(part.equals(bytes.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
  });

  it("answers null for a missing object and deletes idempotently", async () => {
    expect(await store.read("ast_missing")).toBeNull();
    expect(await store.read("ast_missing", { start: 0, end: 9 })).toBeNull();
    await store.put("ast_delete", streamOf(randomBytes(10)), { maxBytes: 100 });
    expect(await headStatus("ast_delete")).toBe(200);
    await store.delete("ast_delete");
    expect(await headStatus("ast_delete")).toBe(404);
    expect(await store.read("ast_delete")).toBeNull();
    await expect(store.delete("ast_delete")).resolves.toBeUndefined();
  });

  it("keeps nothing when a small upload exceeds the limit", async () => {
    await expect(
      store.put("ast_too_big_small", streamOf(randomBytes(2001), 500), { maxBytes: 2000 }),
    ).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(await headStatus("ast_too_big_small")).toBe(404);
    // Under one part: lib-storage never began a multipart upload.
    expect(s3.abortedUploads).not.toContain(`${PREFIX}/ast_too_big_small`);

    // Exactly at the limit is fine.
    const stored = await store.put("ast_at_limit", streamOf(randomBytes(2000), 500), {
      maxBytes: 2000,
    });
    expect(stored.size).toBe(2000);
  });

  it("aborts the multipart upload when the body outgrows the limit", async () => {
    // Two parts are already uploaded when the third crosses the limit.
    const error = await store
      .put("ast_too_big", streamOf(randomBytes(16 * MiB)), { maxBytes: 11 * MiB })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect((error as UploadTooLargeError).maxBytes).toBe(11 * MiB);
    expect(s3.abortedUploads).toContain(`${PREFIX}/ast_too_big`);
    expect(await headStatus("ast_too_big")).toBe(404);
    expect(await objectKeys()).not.toContain(`${PREFIX}/ast_too_big`);
    expect(await pendingUploads()).toEqual([]);
  });

  it("aborts the multipart upload when the body fails midway", async () => {
    await expect(
      store.put("ast_interrupted", failingStreamOf(randomBytes(11 * MiB)), { maxBytes: 1 << 30 }),
    ).rejects.toThrow("connection reset");
    expect(s3.abortedUploads).toContain(`${PREFIX}/ast_interrupted`);
    expect(await headStatus("ast_interrupted")).toBe(404);
    expect(await pendingUploads()).toEqual([]);

    await expect(
      store.put("ast_interrupted_small", failingStreamOf(randomBytes(1000), 100), {
        maxBytes: 1 << 30,
      }),
    ).rejects.toThrow("connection reset");
    expect(await headStatus("ast_interrupted_small")).toBe(404);
  });

  it("sees pending uploads, so the checks above can fail", async () => {
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: "left/behind" }),
    );
    expect(UploadId).toBeTruthy();
    expect(await pendingUploads()).toEqual(["left/behind"]);
    await client.send(
      new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: "left/behind", UploadId }),
    );
    expect(await pendingUploads()).toEqual([]);
  });

  it("signs a GET that plain fetch downloads with the filename and content type", async () => {
    const bytes = randomBytes(3000);
    await store.put("ast_presigned", streamOf(bytes), { maxBytes: MiB });
    for (const filename of ["setup-1.2.3.exe", 'Überblick "final" 100%.pdf', "手册.zip"]) {
      const url = await store.readUrl("ast_presigned", {
        filename,
        contentType: "application/x-msdownload",
        expiresInSeconds: 60,
      });
      expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("60");
      const response = await fetch(url);
      expect(response.status, filename).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/x-msdownload");
      expect(response.headers.get("content-disposition")).toBe(contentDisposition(filename));
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  it("signs URLs that stop working once expired", async () => {
    // s3rver checks expiry but not SigV4 signatures, so tampering is S3's to refuse;
    // what we can check is that the overrides are query parameters, which SigV4 signs.
    await store.put("ast_expiring", streamOf(randomBytes(10)), { maxBytes: 100 });
    const url = await store.readUrl("ast_expiring", {
      filename: "a.bin",
      contentType: "application/octet-stream",
      expiresInSeconds: 1,
    });
    const query = new URL(url).searchParams;
    expect(query.get("response-content-type")).toBe("application/octet-stream");
    expect(query.get("response-content-disposition")).toBe(contentDisposition("a.bin"));
    expect(query.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect((await fetch(url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await fetch(url)).status).toBe(403);
  });

  it("refuses keys that are not ids", async () => {
    for (const key of ["../x", "a/b", "..", "", "a\\b"]) {
      await expect(store.read(key), key).rejects.toThrow(/Invalid storage key/);
      await expect(store.delete(key), key).rejects.toThrow(/Invalid storage key/);
    }
  });
});

describe("S3AssetStore failures", () => {
  it("throws AssetStoreError with the cause for a missing bucket, not null", async () => {
    const wrongBucket = new S3AssetStore({
      bucket: "no-such-bucket",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    const error = await wrongBucket.read("ast_x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AssetStoreError);
    expect((error as AssetStoreError).cause).toMatchObject({ name: "NoSuchBucket" });
    await expect(
      wrongBucket.put("ast_x", streamOf(randomBytes(10)), { maxBytes: 100 }),
    ).rejects.toBeInstanceOf(AssetStoreError);
    wrongBucket.close();
  });

  it("ends the read stream with an error, never a short body, when S3's connection breaks mid-transfer", async () => {
    const size = 16 * MiB;
    await store.put("ast_cut", streamOf(randomBytes(size)), { maxBytes: size });
    // A TCP relay in front of S3, so the test can cut the connection as a network would.
    const sockets = new Set<Socket>();
    const target = new URL(s3.endpoint);
    const relay: Server = createServer((downstream) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [downstream, upstream]) {
        sockets.add(socket);
        socket.on("error", () => {});
        socket.on("close", () => sockets.delete(socket));
      }
      downstream.pipe(upstream).pipe(downstream);
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const address = relay.address();
    const relayed = new S3AssetStore({
      bucket: s3.bucket,
      endpoint: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
      forcePathStyle: true,
      credentials: s3.credentials,
      prefix: `/${PREFIX}/`,
    });
    try {
      const reader = (await relayed.read("ast_cut"))!.getReader();
      let received = (await reader.read()).value?.byteLength ?? 0;
      expect(received).toBeGreaterThan(0);
      for (const socket of sockets) socket.destroy();
      const ending = await (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return "ended";
          received += value.byteLength;
        }
      })().catch((error: unknown) => error);
      expect(ending).toBeInstanceOf(Error);
      expect(received).toBeLessThan(size);
    } finally {
      relayed.close();
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it("fails fast with AssetStoreError when S3 cannot be reached", async () => {
    const port = await closedPort();
    const unreachable = new S3AssetStore({
      bucket: s3.bucket,
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    const started = Date.now();
    await expect(unreachable.read("ast_x")).rejects.toBeInstanceOf(AssetStoreError);
    await expect(unreachable.delete("ast_x")).rejects.toBeInstanceOf(AssetStoreError);
    await expect(
      unreachable.put("ast_x", streamOf(randomBytes(10)), { maxBytes: 100 }),
    ).rejects.toBeInstanceOf(AssetStoreError);
    expect(Date.now() - started).toBeLessThan(10_000);
    unreachable.close();
  });
});
