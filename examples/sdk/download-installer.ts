/**
 * A customer's script on the typed SDK: list my licenses, then download the newest installer my
 * licenses cover through a signed link, resuming an interrupted transfer with `Range` and
 * checking the file's SHA-256 before it gets its name.
 *
 *   KEYPORT_URL=http://localhost:8787 KEYPORT_EMAIL=olivia.owner@example.com \
 *   KEYPORT_PASSWORD=demo-password npm run example:sdk -- download-installer.ts \
 *     --product "Acme Studio" --platform linux --out ./downloads
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { createPortalClient, type Downloads, KeyportError, type PortalClient } from "@keyport/sdk";

export type DownloadProduct = Downloads["data"][number];
export type DownloadRelease = DownloadProduct["releases"][number];
export type DownloadAsset = DownloadRelease["assets"][number];

export interface InstallerChoice {
  readonly product: DownloadProduct;
  readonly release: DownloadRelease;
  readonly asset: DownloadAsset;
}

/**
 * The newest stable release of a product that my licenses cover, and its installer for a
 * platform (or one for any platform). `undefined` when none is downloadable.
 */
export async function findInstaller(
  client: PortalClient,
  { product, platform }: { product?: string; platform: string },
): Promise<InstallerChoice | undefined> {
  const { data } = await client.downloads.list();
  for (const candidate of data) {
    if (product !== undefined && candidate.name !== product && candidate.slug !== product) continue;
    // Releases come newest first.
    for (const release of candidate.releases) {
      if (release.channel !== "stable" || !release.covered) continue;
      const asset = release.assets.find(
        (file) =>
          file.kind === "installer" &&
          file.downloadable &&
          (file.platform === platform || file.platform === "any"),
      );
      if (asset) return { product: candidate, release, asset };
    }
  }
  return undefined;
}

export interface DownloadResult {
  readonly path: string;
  /** The byte offsets each resumed attempt started from (empty: one go). */
  readonly resumedFrom: readonly number[];
}

export interface DownloadOptions {
  readonly directory: string;
  /** Attempts in all, each with a fresh signed link (links live 10 minutes). */
  readonly attempts?: number;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Downloads an asset to `directory/<filename>` through a signed link. The bytes land in
 * `<filename>.part` first; after a broken transfer the next attempt asks for the rest
 * (`Range: bytes=<have>-`, `If-Range` with the asset's ETag, its SHA-256), and the file is
 * renamed only once its SHA-256 matches the one the API listed.
 *
 * @example
 * const { path } = await downloadAsset(client, asset, { directory: "./downloads" });
 */
export async function downloadAsset(
  client: PortalClient,
  asset: DownloadAsset,
  { directory, attempts = 3, fetch = globalThis.fetch }: DownloadOptions,
): Promise<DownloadResult> {
  await mkdir(directory, { recursive: true });
  // The name comes from the server: keep only its last segment.
  const path = join(directory, basename(asset.filename));
  const part = `${path}.part`;
  const resumedFrom: number[] = [];
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    let have = existsSync(part) ? statSync(part).size : 0;
    if (have > asset.size) {
      rmSync(part);
      have = 0;
    }
    if (have === asset.size) break;
    const { url } = await client.assets.createLink(asset.id);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: have > 0 ? { range: `bytes=${have}-`, "if-range": `"${asset.sha256}"` } : {},
      });
    } catch (error) {
      lastError = error; // no answer at all: try again with a new link
      continue;
    }
    // 206 continues where we stopped; 200 is the whole file again (the file changed, or the
    // server ignored the range), so the partial file starts over.
    const resumes = have > 0 && response.status === 206;
    if (response.status === 416) {
      rmSync(part, { force: true });
      continue;
    }
    if (!response.ok || response.body === null) {
      throw new Error(`Download of ${asset.filename} answered ${response.status}`);
    }
    if (resumes) {
      const range = response.headers.get("content-range") ?? "";
      if (!range.startsWith(`bytes ${have}-`)) {
        throw new Error(`Asked for bytes from ${have}, got "${range}"`);
      }
      resumedFrom.push(have);
    }
    const completed = await appendBody(response.body, part, { truncate: !resumes }).then(
      () => true,
      (error: unknown) => {
        lastError = error; // what arrived stays in `.part` for the next attempt
        return false;
      },
    );
    if (completed) break;
  }
  if (!existsSync(part) || statSync(part).size !== asset.size) {
    throw new Error(`Download of ${asset.filename} did not complete`, { cause: lastError });
  }
  const sha256 = await fileSha256(part);
  if (sha256 !== asset.sha256) {
    rmSync(part);
    throw new Error(`${asset.filename}: SHA-256 ${sha256} is not the listed ${asset.sha256}`);
  }
  renameSync(part, path);
  return { path, resumedFrom };
}

/** Writes each chunk to disk as it arrives, so a broken transfer keeps every byte it got. */
async function appendBody(
  body: ReadableStream<Uint8Array>,
  path: string,
  { truncate }: { truncate: boolean },
): Promise<void> {
  const file = await open(path, truncate ? "w" : "a");
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      await file.write(read.value);
    }
  } finally {
    reader.releaseLock();
    await file.close();
  }
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Node's name for this platform, as the demo's assets name theirs. */
export function assetPlatform(os: NodeJS.Platform = process.platform): string {
  return os === "darwin" ? "macos" : os === "win32" ? "windows" : os;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      product: { type: "string" },
      platform: { type: "string", default: assetPlatform() },
      out: { type: "string", default: "downloads" },
    },
  });
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const client = createPortalClient({
    baseUrl: process.env.KEYPORT_URL ?? "http://localhost:8787",
  });
  try {
    await client.auth.login({
      email: process.env.KEYPORT_EMAIL ?? "",
      password: process.env.KEYPORT_PASSWORD ?? "",
      tokenType: "bearer",
    });
    write("My licenses:");
    for await (const license of client.licenses.list()) {
      const until = license.expiresAt ? `, until ${license.expiresAt.slice(0, 10)}` : "";
      write(`  ${license.name} (${license.product.name}): ${license.status}${until}`);
    }
    const choice = await findInstaller(client, {
      platform: values.platform,
      ...(values.product ? { product: values.product } : {}),
    });
    if (choice === undefined) {
      write(`No installer for ${values.platform} is covered by these licenses.`);
      process.exitCode = 1;
    } else {
      const { product, release, asset } = choice;
      write(
        `Downloading ${product.name} ${release.version}: ${asset.filename} (${asset.size} bytes)`,
      );
      const { path, resumedFrom } = await downloadAsset(client, asset, { directory: values.out });
      const resumed = resumedFrom.length ? `, resumed at byte ${resumedFrom.join(", ")}` : "";
      write(`Saved ${path}; SHA-256 ${asset.sha256} verified${resumed}.`);
    }
    await client.auth.logout();
  } catch (error) {
    if (!(error instanceof KeyportError)) throw error;
    process.stderr.write(`${error.status} ${error.code}: ${error.detail ?? error.title}\n`);
    process.exitCode = 1;
  }
}
