import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertEntitlement, insertProduct, insertRelease } from "../../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
let releaseId: string;
beforeAll(async () => {
  t = await createTestContext();
  releaseId = await insertRelease(t.deps.db, await insertProduct(t.deps.db));
  await insertEntitlement(t.deps.db, "sso");
  await insertEntitlement(t.deps.db, "export");
  await insertEntitlement(t.deps.db, "audit");
});
afterAll(() => t.close());

type Query = Record<string, string>;

/** Posts `body` as the raw upload body (streams need `duplex: "half"`). */
async function upload(
  context: TestContext,
  release: string,
  query: Query,
  body: BodyInit | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  const init = {
    method: "POST",
    headers: { authorization: `Bearer ${context.vendorKey}`, ...headers },
    body,
    duplex: "half",
  } as RequestInit;
  return context.vendorApp.request(
    `/vendor/v1/releases/${release}/assets?${new URLSearchParams(query)}`,
    init,
  );
}

/** The files in the store, and what is left in its temporary directory. */
function storedFiles(context: TestContext): { files: string[]; incoming: string[] } {
  const root = join(context.dataDir, "assets");
  if (!existsSync(root)) return { files: [], incoming: [] };
  const incoming = join(root, ".incoming");
  return {
    files: readdirSync(root).filter((name) => name !== ".incoming"),
    incoming: existsSync(incoming) ? readdirSync(incoming) : [],
  };
}

async function assetCount(context: TestContext, release: string): Promise<number> {
  const row = await context.deps.db
    .selectFrom("assets")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("release_id", "=", release)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function readStored(context: TestContext, key: string): Promise<Buffer | null> {
  const stream = await context.deps.assets.read(key);
  return stream ? Buffer.from(await new Response(stream).arrayBuffer()) : null;
}

async function fieldsOf(res: Response): Promise<string[]> {
  return ((await res.json()).errors ?? []).map((error: { field: string }) => error.field);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A stream that delivers `chunks` and then fails, like a client that disconnects. */
function failingStream(chunks: number, chunkSize = 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < chunks) controller.enqueue(new Uint8Array(chunkSize).fill(7));
      else controller.error(new Error("connection reset by peer"));
    },
  });
}

function streamOf(bytes: Uint8Array, chunkSize = 256): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

describe("Vendor API: asset upload", () => {
  it("stores the body and records size, sha256, type and entitlements computed by the server", async () => {
    const bytes = randomBytes(5000);
    const res = await upload(
      t,
      releaseId,
      {
        filename: "Acme Setup 1.0.exe",
        kind: "installer",
        platform: "windows",
        arch: "x64",
        requiredEntitlements: "sso, export,,sso",
      },
      bytes,
      { "content-type": "application/vnd.microsoft.portable-executable" },
    );
    expect(res.status).toBe(201);
    const asset = await res.json();
    expect(asset).toEqual({
      id: expect.stringMatching(/^ast_[0-9A-Z]{26}$/),
      releaseId,
      filename: "Acme Setup 1.0.exe",
      kind: "installer",
      platform: "windows",
      arch: "x64",
      size: 5000,
      sha256: sha256(bytes),
      contentType: "application/vnd.microsoft.portable-executable",
      requiredEntitlements: ["export", "sso"],
      createdAt: expect.any(String),
    });
    const row = await t.deps.db
      .selectFrom("assets")
      .select("storage_key")
      .where("id", "=", asset.id)
      .executeTakeFirstOrThrow();
    expect(row.storage_key).toBe(asset.id);
    expect((await readStored(t, asset.id))?.equals(bytes)).toBe(true);

    expect(await (await t.vendor("GET", `/vendor/v1/assets/${asset.id}`)).json()).toEqual(asset);
    const release = await (await t.vendor("GET", `/vendor/v1/releases/${releaseId}`)).json();
    expect(release.assets).toContainEqual(asset);
  });

  it("streams a 3 MiB upload past the 1 MiB JSON limit, even in small chunks without a length", async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    const res = await upload(t, releaseId, { filename: "big.zip", kind: "other" }, bytes, {
      "content-type": "application/zip",
      "content-length": String(bytes.length),
    });
    expect(res.status).toBe(201);
    const asset = await res.json();
    expect(asset).toMatchObject({
      size: bytes.length,
      sha256: sha256(bytes),
      contentType: "application/zip",
      platform: null,
      arch: null,
      requiredEntitlements: [],
    });
    expect((await readStored(t, asset.id))?.equals(bytes)).toBe(true);

    const chunked = await upload(
      t,
      releaseId,
      { filename: "big-chunked.zip", kind: "other" },
      streamOf(bytes, 64 * 1024),
    );
    expect(chunked.status).toBe(201);
    expect(await chunked.json()).toMatchObject({
      size: bytes.length,
      sha256: sha256(bytes),
      contentType: "application/octet-stream",
    });
  });

  it("takes the Content-Type as given, defaults it, and refuses multipart and nonsense", async () => {
    const json = await upload(t, releaseId, { filename: "manifest.json", kind: "docs" }, "{}", {
      "content-type": "application/json",
    });
    expect(json.status).toBe(201);
    expect((await json.json()).contentType).toBe("application/json");

    // The 1 MiB limit on JSON request bodies does not apply to a JSON file being uploaded.
    const bigJson = `[${"1,".repeat(700 * 1024)}1]`;
    const big = await upload(t, releaseId, { filename: "big.json", kind: "docs" }, bigJson, {
      "content-type": "application/json",
    });
    expect(big.status).toBe(201);
    expect((await big.json()).size).toBe(bigJson.length);

    const curl = await upload(t, releaseId, { filename: "curl.bin", kind: "other" }, "abc", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect((await curl.json()).contentType).toBe("application/octet-stream");

    const before = await assetCount(t, releaseId);
    const multipart = await upload(t, releaseId, { filename: "form.bin", kind: "other" }, "x", {
      "content-type": "multipart/form-data; boundary=abc",
    });
    expect(multipart.status).toBe(415);
    const nonsense = await upload(t, releaseId, { filename: "odd.bin", kind: "other" }, "x", {
      "content-type": "not a type",
    });
    expect(await fieldsOf(nonsense)).toEqual(["header.content-type"]);
    expect(await assetCount(t, releaseId)).toBe(before);
  });

  it("answers 422 naming the filename for unsafe names, and stores nothing", async () => {
    const before = { rows: await assetCount(t, releaseId), files: storedFiles(t).files.length };
    for (const filename of [
      "../x",
      "..",
      "x..y",
      "a/b",
      "a\\b",
      "",
      "a\u0000b",
      "a\nb",
      "tab\there",
      "del\u007f",
      ".hidden",
      "evil\u202Eexe.jpg",
      " padded.exe",
      "x".repeat(256),
    ]) {
      const res = await upload(t, releaseId, { filename, kind: "installer" }, "data");
      expect(res.status, JSON.stringify(filename)).toBe(422);
      expect(await fieldsOf(res), JSON.stringify(filename)).toEqual(["query.filename"]);
    }
    const missing = await upload(t, releaseId, { kind: "installer" }, "data");
    expect(await fieldsOf(missing)).toEqual(["query.filename"]);
    expect(await assetCount(t, releaseId)).toBe(before.rows);
    expect(storedFiles(t).files.length).toBe(before.files);

    const longest = await upload(t, releaseId, { filename: "x".repeat(255), kind: "other" }, "d");
    expect(longest.status).toBe(201);
  });

  it("answers 422 naming kind, platform and arch when they are missing or malformed", async () => {
    const missingKind = await upload(t, releaseId, { filename: "k.bin" }, "data");
    expect(await fieldsOf(missingKind)).toEqual(["query.kind"]);
    const badKind = await upload(t, releaseId, { filename: "k.bin", kind: "driver" }, "data");
    expect(await fieldsOf(badKind)).toEqual(["query.kind"]);
    const bad = await upload(
      t,
      releaseId,
      { filename: "k.bin", kind: "other", platform: "Windows", arch: "x".repeat(33) },
      "data",
    );
    expect((await fieldsOf(bad)).sort()).toEqual(["query.arch", "query.platform"]);
  });

  it("answers 422 UNKNOWN_REFERENCE for unknown entitlements, and stores nothing", async () => {
    const before = { rows: await assetCount(t, releaseId), files: storedFiles(t).files.length };
    const res = await upload(
      t,
      releaseId,
      { filename: "ent.bin", kind: "installer", requiredEntitlements: "sso,nonexistent" },
      "data",
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: "UNKNOWN_REFERENCE",
      errors: [{ field: "query.requiredEntitlements" }],
    });
    expect(await assetCount(t, releaseId)).toBe(before.rows);
    expect(storedFiles(t).files.length).toBe(before.files);
  });

  it("answers 404 for an unknown release before storing anything", async () => {
    const before = storedFiles(t).files.length;
    for (const id of ["rel_00000000000000000000000000", "nonsense"]) {
      const res = await upload(t, id, { filename: "a.bin", kind: "other" }, randomBytes(100));
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe("NOT_FOUND");
    }
    expect(storedFiles(t).files.length).toBe(before);
    const list = await t.vendor("GET", "/vendor/v1/releases/rel_00000000000000000000000000/assets");
    expect(list.status).toBe(404);
  });

  it("answers 422 for an empty body and keeps nothing", async () => {
    const before = { rows: await assetCount(t, releaseId), files: storedFiles(t).files.length };
    for (const body of [null, new Uint8Array(0), streamOf(new Uint8Array(0))]) {
      const res = await upload(t, releaseId, { filename: "empty.bin", kind: "other" }, body);
      expect(res.status).toBe(422);
      expect(await fieldsOf(res)).toEqual(["body"]);
    }
    expect(await assetCount(t, releaseId)).toBe(before.rows);
    expect(storedFiles(t)).toEqual({ files: expect.any(Array), incoming: [] });
    expect(storedFiles(t).files.length).toBe(before.files);
  });

  it("leaves nothing behind when the body stream fails midway", async () => {
    const before = { rows: await assetCount(t, releaseId), files: storedFiles(t).files.length };
    const res = await upload(
      t,
      releaseId,
      { filename: "broken.bin", kind: "other" },
      failingStream(20),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("UPLOAD_INTERRUPTED");
    expect(await assetCount(t, releaseId)).toBe(before.rows);
    expect(storedFiles(t).files.length).toBe(before.files);
    expect(storedFiles(t).incoming).toEqual([]);
  });

  it("answers 409 naming the filename for a duplicate, leaving no stray file", async () => {
    const release = await insertRelease(t.deps.db, await insertProduct(t.deps.db));
    const first = await upload(t, release, { filename: "dup.bin", kind: "other" }, "one");
    expect(first.status).toBe(201);
    const files = storedFiles(t).files.length;
    const second = await upload(t, release, { filename: "dup.bin", kind: "other" }, "two");
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({
      code: "CONFLICT",
      errors: [{ field: "query.filename" }],
    });
    expect(storedFiles(t).files.length).toBe(files);
    expect(await assetCount(t, release)).toBe(1);

    // The same name in another release is fine.
    const elsewhere = await upload(t, releaseId, { filename: "dup.bin", kind: "other" }, "three");
    expect(elsewhere.status).toBe(201);
  });

  it("removes the stored file when two uploads race for one filename and the row loses", async () => {
    const release = await insertRelease(t.deps.db, await insertProduct(t.deps.db));
    const files = storedFiles(t).files.length;
    // Both bodies are held until both requests have passed their checks and are reading.
    const gates = [0, 1].map(() => {
      let open!: () => void;
      let reading!: () => void;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      const started = new Promise<void>((resolve) => {
        reading = resolve;
      });
      let done = false;
      const stream = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (done) return controller.close();
            reading();
            await opened;
            controller.enqueue(randomBytes(64));
            done = true;
          },
        },
        { highWaterMark: 0 },
      );
      return { stream, open, started };
    });
    const responses = gates.map((gate) =>
      upload(t, release, { filename: "race.bin", kind: "other" }, gate.stream),
    );
    await Promise.all(gates.map((gate) => gate.started));
    for (const gate of gates) gate.open();
    const statuses = (await Promise.all(responses)).map((res) => res.status).sort();
    expect(statuses).toEqual([201, 409]);
    expect(await assetCount(t, release)).toBe(1);
    expect(storedFiles(t).files.length).toBe(files + 1);
  });
});

describe("Vendor API: asset upload limit", () => {
  let small: TestContext;
  let release: string;
  beforeAll(async () => {
    small = await createTestContext({ UPLOAD_MAX_BYTES: "1000" });
    release = await insertRelease(small.deps.db, await insertProduct(small.deps.db));
  });
  afterAll(() => small.close());

  it("answers 413 naming the limit and keeps no file and no row", async () => {
    const streamed = await upload(
      small,
      release,
      { filename: "big.bin", kind: "other" },
      streamOf(randomBytes(1001), 100),
    );
    expect(streamed.status).toBe(413);
    const problem = await streamed.json();
    expect(problem).toMatchObject({ code: "PAYLOAD_TOO_LARGE", maxBytes: 1000 });
    expect(problem.detail).toContain("1000");

    // An announced oversize is refused unread: this body would fail if it were read.
    const announced = await upload(
      small,
      release,
      { filename: "big.bin", kind: "other" },
      failingStream(0),
      { "content-length": "5000" },
    );
    expect(announced.status).toBe(413);

    expect(storedFiles(small)).toEqual({ files: [], incoming: [] });
    expect(await assetCount(small, release)).toBe(0);

    const exact = await upload(
      small,
      release,
      { filename: "exact.bin", kind: "other" },
      randomBytes(1000),
    );
    expect(exact.status).toBe(201);
    expect(storedFiles(small).files).toHaveLength(1);
  });
});

describe("Vendor API: assets", () => {
  it("lists a release's assets newest first with a cursor", async () => {
    const release = await insertRelease(t.deps.db, await insertProduct(t.deps.db));
    for (const filename of ["a.bin", "b.bin", "c.bin"]) {
      expect((await upload(t, release, { filename, kind: "other" }, filename)).status).toBe(201);
    }
    const first = await (
      await t.vendor("GET", `/vendor/v1/releases/${release}/assets?limit=2`)
    ).json();
    expect(first.data.map((a: { filename: string }) => a.filename)).toEqual(["c.bin", "b.bin"]);
    const second = await (
      await t.vendor(
        "GET",
        `/vendor/v1/releases/${release}/assets?limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second.data.map((a: { filename: string }) => a.filename)).toEqual(["a.bin"]);
    expect(second.nextCursor).toBeNull();
  });

  it("updates kind, platform, arch and entitlements, and rolls back a bad entitlement", async () => {
    const created = await (
      await upload(
        t,
        releaseId,
        { filename: "patch.dmg", kind: "installer", requiredEntitlements: "sso" },
        "dmg",
      )
    ).json();
    const res = await t.vendor("PATCH", `/vendor/v1/assets/${created.id}`, {
      kind: "other",
      platform: "macos",
      arch: "universal",
      requiredEntitlements: ["audit", "export"],
    });
    expect(res.status).toBe(200);
    const updated = await res.json();
    expect(updated).toEqual({
      ...created,
      kind: "other",
      platform: "macos",
      arch: "universal",
      requiredEntitlements: ["audit", "export"],
    });

    const cleared = await t.vendor("PATCH", `/vendor/v1/assets/${created.id}`, {
      platform: null,
      requiredEntitlements: [],
    });
    expect(await cleared.json()).toMatchObject({
      platform: null,
      arch: "universal",
      requiredEntitlements: [],
    });

    const unknown = await t.vendor("PATCH", `/vendor/v1/assets/${created.id}`, {
      kind: "docs",
      requiredEntitlements: ["sso", "nope"],
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      code: "UNKNOWN_REFERENCE",
      errors: [{ field: "body.requiredEntitlements" }],
    });
    const wrongType = await t.vendor("PATCH", `/vendor/v1/assets/${created.id}`, {
      requiredEntitlements: "sso",
      platform: "Mac OS",
    });
    expect((await fieldsOf(wrongType)).sort()).toEqual([
      "body.platform",
      "body.requiredEntitlements",
    ]);
    const rename = await t.vendor("PATCH", `/vendor/v1/assets/${created.id}`, { filename: "x" });
    expect(await fieldsOf(rename)).toEqual(["body.filename"]);

    const after = await (await t.vendor("GET", `/vendor/v1/assets/${created.id}`)).json();
    expect(after).toMatchObject({ kind: "other", requiredEntitlements: [] });
  });

  it("deletes the row, its entitlements and its file; then answers 404", async () => {
    const created = await (
      await upload(
        t,
        releaseId,
        { filename: "gone.bin", kind: "other", requiredEntitlements: "sso" },
        "bye",
      )
    ).json();
    expect(await readStored(t, created.id)).not.toBeNull();

    const res = await t.vendor("DELETE", `/vendor/v1/assets/${created.id}`);
    expect(res.status).toBe(204);
    expect(await readStored(t, created.id)).toBeNull();
    const links = await t.deps.db
      .selectFrom("asset_entitlements")
      .select("entitlement_id")
      .where("asset_id", "=", created.id)
      .execute();
    expect(links).toEqual([]);

    expect((await t.vendor("GET", `/vendor/v1/assets/${created.id}`)).status).toBe(404);
    expect((await t.vendor("DELETE", `/vendor/v1/assets/${created.id}`)).status).toBe(404);
    expect(
      (await t.vendor("PATCH", `/vendor/v1/assets/${created.id}`, { kind: "docs" })).status,
    ).toBe(404);
    const release = await (await t.vendor("GET", `/vendor/v1/releases/${releaseId}`)).json();
    expect(release.assets.map((a: { id: string }) => a.id)).not.toContain(created.id);
  });

  it("answers 404 for unknown and malformed asset ids", async () => {
    for (const id of ["ast_00000000000000000000000000", "nonsense", "../etc"]) {
      const res = await t.vendor("GET", `/vendor/v1/assets/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe("NOT_FOUND");
    }
  });
});
