import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UploadTooLargeError } from "./asset-store.ts";
import { LocalAssetStore } from "./local-asset-store.ts";

let root: string;
let store: LocalAssetStore;
beforeAll(() => {
  root = join(mkdtempSync(join(tmpdir(), "keyport-store-")), "assets");
  store = new LocalAssetStore(root);
});
afterAll(() => rmSync(join(root, ".."), { recursive: true, force: true }));

function streamOf(bytes: Uint8Array, chunkSize = 1000): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

async function bytesOf(stream: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  if (!stream) throw new Error("no such object");
  return Buffer.from(await new Response(stream).arrayBuffer());
}

const incoming = () => readdirSync(join(root, ".incoming"));

describe("LocalAssetStore", () => {
  it("round-trips bytes and reports their size and sha256", async () => {
    const bytes = randomBytes(10_000);
    const stored = await store.put("ast_roundtrip", streamOf(bytes), { maxBytes: 1 << 20 });
    expect(stored).toEqual({
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    expect((await bytesOf(await store.read("ast_roundtrip"))).equals(bytes)).toBe(true);
    expect(readFileSync(join(root, "ast_roundtrip")).equals(bytes)).toBe(true);
    expect(incoming()).toEqual([]);
  });

  it("reads exactly the requested range, both ends inclusive", async () => {
    const bytes = randomBytes(4096);
    await store.put("ast_range", streamOf(bytes, 333), { maxBytes: 1 << 20 });
    for (const [start, end] of [
      [0, 0],
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
    await store.put("ast_delete", streamOf(randomBytes(10)), { maxBytes: 100 });
    await store.delete("ast_delete");
    expect(await store.read("ast_delete")).toBeNull();
    await expect(store.delete("ast_delete")).resolves.toBeUndefined();
  });

  it("keeps nothing when the upload exceeds the limit", async () => {
    await expect(
      store.put("ast_too_big", streamOf(randomBytes(2001), 500), { maxBytes: 2000 }),
    ).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(existsSync(join(root, "ast_too_big"))).toBe(false);
    expect(incoming()).toEqual([]);

    // Exactly at the limit is fine.
    const stored = await store.put("ast_at_limit", streamOf(randomBytes(2000), 500), {
      maxBytes: 2000,
    });
    expect(stored.size).toBe(2000);
  });

  it("keeps nothing when the body stream fails midway", async () => {
    let sent = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(new Uint8Array(100));
        else controller.error(new Error("connection reset"));
      },
    });
    await expect(store.put("ast_failed", failing, { maxBytes: 1 << 20 })).rejects.toThrow(
      "connection reset",
    );
    expect(existsSync(join(root, "ast_failed"))).toBe(false);
    expect(incoming()).toEqual([]);
  });

  it("refuses keys that could leave its directory", async () => {
    for (const key of ["../x", "a/b", "..", "", "a\\b", "/etc/passwd", ".incoming"]) {
      await expect(store.read(key), key).rejects.toThrow(/Invalid storage key/);
      await expect(store.delete(key), key).rejects.toThrow(/Invalid storage key/);
      await expect(
        store.put(key, streamOf(new Uint8Array(1)), { maxBytes: 10 }),
        key,
      ).rejects.toThrow(/Invalid storage key/);
    }
    expect(existsSync(join(root, "..", "x"))).toBe(false);
    expect(incoming()).toEqual([]);
  });
});
