import { join } from "node:path";
import type { Config } from "../config.ts";
import type { AssetStore } from "./asset-store.ts";
import { LocalAssetStore } from "./local-asset-store.ts";

/**
 * The asset store the configuration chooses: files under `<DATA_DIR>/assets`, or
 * an S3 bucket. Nothing is contacted here, so startup does not wait for S3; the
 * AWS SDK is loaded only when S3 is chosen, sparing local setups its start-up cost.
 *
 * @example
 * const assets = await createAssetStore(loadConfig(process.env));
 */
export async function createAssetStore(config: Config): Promise<AssetStore> {
  const settings = config.assetStore;
  if (settings.kind === "local") return new LocalAssetStore(join(config.dataDir, "assets"));
  const { S3AssetStore } = await import("./s3-asset-store.ts");
  return new S3AssetStore(settings);
}
