import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { AssetStore, ByteRange, StoredObject } from "./asset-store.ts";
import { UploadTooLargeError } from "./asset-store.ts";

/**
 * Asset files on the local filesystem under one directory. Writes go to a
 * temporary file and are renamed into place only when complete, so an
 * interrupted or oversized upload leaves nothing behind.
 */
export class LocalAssetStore implements AssetStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async put(
    key: string,
    body: ReadableStream<Uint8Array>,
    { maxBytes }: { readonly maxBytes: number },
  ): Promise<StoredObject> {
    // Owner-only, as all of DATA_DIR (config/data-dir.ts), whatever the umask.
    await mkdir(join(this.#root, ".incoming"), { recursive: true, mode: 0o700 });
    const temporary = join(this.#root, ".incoming", randomUUID());
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) return callback(new UploadTooLargeError(maxBytes));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(
        Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
        meter,
        createWriteStream(temporary, { flags: "wx", mode: 0o600 }),
      );
      await rename(temporary, this.#path(key));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { size, sha256: hash.digest("hex") };
  }

  async read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    const path = this.#path(key);
    try {
      await stat(path);
    } catch {
      return null;
    }
    const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  #path(key: string): string {
    // Keys are ids we made; refuse anything that could climb out of the root.
    if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`Invalid storage key: ${key}`);
    return join(this.#root, key);
  }
}
