import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { createAssetStore } from "./configured-asset-store.ts";
import { LocalAssetStore } from "./local-asset-store.ts";
import { S3AssetStore } from "./s3-asset-store.ts";

const dataDir = mkdtempSync(join(tmpdir(), "keyport-store-config-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("createAssetStore", () => {
  it("stores under DATA_DIR/assets by default", async () => {
    const store = await createAssetStore(loadConfig({ DATA_DIR: dataDir }));
    expect(store).toBeInstanceOf(LocalAssetStore);
    expect(store.readUrl).toBeUndefined();
    const body = new Response("hello").body!;
    await store.put("ast_local", body, { maxBytes: 100 });
    expect(await new Response(await store.read("ast_local")).text()).toBe("hello");
    expect(readFileSync(join(dataDir, "assets", "ast_local"), "utf8")).toBe("hello");
  });

  it("builds the S3 store without contacting S3, so startup never waits for it", async () => {
    // Nothing listens here; construction must not care.
    const store = await createAssetStore(
      loadConfig({
        DATA_DIR: dataDir,
        ASSET_STORE: "s3",
        S3_BUCKET: "assets",
        S3_ENDPOINT: "http://127.0.0.1:1",
      }),
    );
    expect(store).toBeInstanceOf(S3AssetStore);
    expect(typeof store.readUrl).toBe("function");
    store.close?.();
  });
});
