import { join } from "node:path";
import { type Config, ConfigError } from "../../config/config.ts";
import type { AssetStore } from "./asset-store.ts";
import { LocalAssetStore } from "./local-asset-store.ts";

/**
 * The asset store the configuration chooses: files under `<DATA_DIR>/assets`, or
 * an S3 bucket. Nothing is contacted here, so startup does not wait for S3; the
 * AWS SDK is loaded only when S3 is chosen, sparing local setups its start-up cost.
 *
 * @example
 * const assets = await createAssetStore(config);
 */
export async function createAssetStore(
  config: Pick<Config, "assetStore" | "dataDir">,
): Promise<AssetStore> {
  const settings = config.assetStore;
  if (settings.kind === "local") return new LocalAssetStore(join(config.dataDir, "assets"));
  const { S3AssetStore } = await import("./s3-asset-store.ts").catch((error: unknown) => {
    throw missingAwsSdk(error) ?? error;
  });
  return new S3AssetStore(settings);
}

/** The AWS SDK is an optional peer dependency of @keyport/server: name the packages to install. */
function missingAwsSdk(error: unknown): ConfigError | undefined {
  const message = error instanceof Error ? error.message : "";
  if ((error as { code?: string } | null)?.code !== "ERR_MODULE_NOT_FOUND") return undefined;
  if (!message.includes("@aws-sdk/")) return undefined;
  return new ConfigError([
    `ASSET_STORE=s3 needs the AWS SDK, which @keyport/server leaves optional: npm install ${AWS_SDK_PACKAGES.join(" ")}`,
  ]);
}

export const AWS_SDK_PACKAGES = [
  "@aws-sdk/client-s3",
  "@aws-sdk/lib-storage",
  "@aws-sdk/s3-request-presigner",
];
