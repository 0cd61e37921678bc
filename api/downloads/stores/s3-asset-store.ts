import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { create as contentDisposition } from "content-disposition";
import type { AssetStore, ByteRange, StoredObject } from "./asset-store.ts";
import { AssetStoreError, UploadTooLargeError } from "./asset-store.ts";

export interface S3AssetStoreOptions {
  readonly bucket: string;
  /** Default `us-east-1`. */
  readonly region?: string | undefined;
  /** For S3-compatible services (MinIO, R2, …); AWS itself needs none. */
  readonly endpoint?: string | undefined;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`; most S3-compatible services want it. */
  readonly forcePathStyle?: boolean | undefined;
  /** Without them the SDK's default credential chain applies (environment, profile, instance role). */
  readonly credentials?:
    | { readonly accessKeyId: string; readonly secretAccessKey: string }
    | undefined;
  /** Prepended to every key, as a folder: `keyport/assets` stores `keyport/assets/ast_…`. */
  readonly prefix?: string | undefined;
  /** How long to wait for a connection before giving up, so a dead endpoint fails fast. */
  readonly connectionTimeoutMs?: number | undefined;
}

/**
 * Asset files in an S3 bucket (or an S3-compatible service). Uploads stream as a
 * multipart upload of unknown length while they are hashed; an oversized or broken
 * upload is aborted so the bucket keeps neither an object nor orphaned parts.
 * Downloads are served by the bucket itself through presigned GETs (`readUrl`).
 *
 * @example
 * const store = new S3AssetStore({ bucket: "keyport-assets", region: "eu-central-1" });
 * const { size, sha256 } = await store.put("ast_123", request.body, { maxBytes: 1e9 });
 */
export class S3AssetStore implements AssetStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor({
    bucket,
    region = "us-east-1",
    endpoint,
    forcePathStyle = false,
    credentials,
    prefix = "",
    connectionTimeoutMs = 5_000,
  }: S3AssetStoreOptions) {
    this.#bucket = bucket;
    const folder = prefix.replace(/^\/+|\/+$/g, "");
    this.#prefix = folder ? `${folder}/` : "";
    this.#client = new S3Client({
      region,
      forcePathStyle,
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      requestHandler: { connectionTimeout: connectionTimeoutMs },
    });
  }

  async put(
    key: string,
    body: ReadableStream<Uint8Array>,
    { maxBytes }: { readonly maxBytes: number },
  ): Promise<StoredObject> {
    const objectKey = this.#key(key);
    const hash = createHash("sha256");
    let size = 0;
    // What went wrong on our side of the stream (too large, client went away); it
    // beats whatever S3 said while the upload was being aborted.
    let failure: unknown;
    async function* meter(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      try {
        for await (const chunk of source) {
          size += chunk.byteLength;
          if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
          hash.update(chunk);
          yield chunk;
        }
      } catch (error) {
        failure = error;
        throw error;
      }
    }
    const metered = Readable.from(meter(Readable.fromWeb(body as NodeReadableStream<Uint8Array>)), {
      objectMode: false,
    });
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.#bucket, Key: objectKey, Body: metered },
      // On failure lib-storage sends AbortMultipartUpload, so no parts stay billed.
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      if (failure !== undefined) throw failure;
      throw new AssetStoreError(`Cannot store ${key} in bucket ${this.#bucket}`, { cause: error });
    } finally {
      // Stops reading the request body when S3 failed first.
      metered.destroy();
    }
    return { size, sha256: hash.digest("hex") };
  }

  async read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    const objectKey = this.#key(key);
    try {
      const { Body } = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: objectKey,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!Body) throw new Error("GetObject answered without a body");
      return Body.transformToWebStream() as ReadableStream<Uint8Array>;
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw new AssetStoreError(`Cannot read ${key} from bucket ${this.#bucket}`, {
        cause: error,
      });
    }
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.#key(key);
    try {
      // S3 answers 204 for a key that is not there, so deleting twice is fine.
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: objectKey }));
    } catch (error) {
      throw new AssetStoreError(`Cannot delete ${key} from bucket ${this.#bucket}`, {
        cause: error,
      });
    }
  }

  /**
   * A presigned GET whose response carries `Content-Disposition: attachment` with
   * the filename (RFC 6266, with an RFC 5987 `filename*` for non-ASCII names) and
   * the asset's content type. Signing is local: no request reaches S3 here.
   */
  async readUrl(
    key: string,
    {
      filename,
      contentType,
      expiresInSeconds,
    }: {
      readonly filename: string;
      readonly contentType: string;
      readonly expiresInSeconds: number;
    },
  ): Promise<string> {
    const objectKey = this.#key(key);
    try {
      return await getSignedUrl(
        this.#client,
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: objectKey,
          ResponseContentDisposition: contentDisposition(filename),
          ResponseContentType: contentType,
        }),
        { expiresIn: expiresInSeconds },
      );
    } catch (error) {
      // Typically no credentials could be found.
      throw new AssetStoreError(`Cannot sign a URL for ${key}`, { cause: error });
    }
  }

  /** Closes the client's idle connections (on shutdown). */
  close(): void {
    this.#client.destroy();
  }

  #key(key: string): string {
    // Keys are ids we made; the same rule as the local store keeps both interchangeable.
    if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`Invalid storage key: ${key}`);
    return this.#prefix + key;
  }
}

/** Only "no such key" means absent; a missing bucket or a denied read is an error. */
function isMissingObject(error: unknown): boolean {
  return (
    error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound")
  );
}
