// Test data shaped exactly like `GET /v1/downloads` (sdk/generated/public-api.ts).
import type { Downloads } from "@keyport/sdk";
import type { DownloadAsset, DownloadRelease } from "./download-types.ts";

const hash = (seed: string) => seed.repeat(64).slice(0, 64);

export function asset(
  overrides: Partial<DownloadAsset> & Pick<DownloadAsset, "id" | "filename">,
): DownloadAsset {
  return {
    kind: "installer",
    platform: "windows",
    arch: "x64",
    size: 48_213_311,
    sha256: hash("3f2a9c1e"),
    contentType: "application/octet-stream",
    requiredEntitlements: [],
    downloadable: true,
    reason: null,
    ...overrides,
  };
}

const maintenanceEnded = {
  code: "MAINTENANCE_ENDED",
  message: "Released on 2026-11-25 after your maintenance ended on 2026-11-20; renew to get 3.0.0.",
  at: "2026-11-20T00:00:00.000Z",
} as const;

export function release(
  overrides: Partial<DownloadRelease> & Pick<DownloadRelease, "id" | "version">,
): DownloadRelease {
  return {
    channel: "stable",
    publishedAt: "2026-05-05T10:00:00.000Z",
    notes: null,
    covered: true,
    reason: null,
    assets: [],
    ...overrides,
  };
}

export function studioDownloads(): Downloads {
  return {
    data: [
      {
        id: "prd_studio",
        name: "Acme Studio",
        slug: "studio",
        nextCursor: null,
        releases: [
          release({
            id: "rel_310b",
            version: "3.1.0-beta.1",
            channel: "beta",
            publishedAt: "2026-11-28T10:00:00.000Z",
            notes: "Preview: collaborative comments.",
            covered: false,
            reason: {
              ...maintenanceEnded,
              message:
                "Released on 2026-11-28 after your maintenance ended on 2026-11-20; renew to get 3.1.0-beta.1.",
            },
            assets: [
              asset({
                id: "ast_beta_win",
                filename: "studio-3.1.0-beta.1.msi",
                downloadable: false,
                reason: maintenanceEnded,
              }),
            ],
          }),
          release({
            id: "rel_300",
            version: "3.0.0",
            publishedAt: "2026-11-25T10:00:00.000Z",
            notes: "A new canvas engine.",
            covered: false,
            reason: maintenanceEnded,
            assets: [
              asset({
                id: "ast_300_manual",
                filename: "studio-3.0.0-manual.pdf",
                kind: "docs",
                platform: null,
                arch: null,
                size: 744,
                sha256: hash("76a59bf1"),
              }),
              asset({
                id: "ast_300_win",
                filename: "studio-3.0.0.exe",
                downloadable: false,
                reason: maintenanceEnded,
              }),
            ],
          }),
          release({
            id: "rel_250",
            version: "2.5.0",
            notes: "Apple silicon support.",
            assets: [
              asset({
                id: "ast_250_mac",
                filename: "studio-2.5.0.dmg",
                platform: "macos",
                arch: "universal",
                size: 1_500_000,
                sha256: hash("5112c46a"),
              }),
              asset({ id: "ast_250_win", filename: "studio-2.5.0.exe" }),
              asset({ id: "ast_250_linux", filename: "studio-2.5.0.tar.gz", platform: "linux" }),
              asset({
                id: "ast_250_sync",
                filename: "cloud-sync.zip",
                kind: "other",
                platform: "any",
                arch: null,
                requiredEntitlements: ["cloud-sync"],
                downloadable: false,
                reason: {
                  code: "ENTITLEMENT_MISSING",
                  message: "Your license does not include Cloud sync (cloud-sync).",
                  at: null,
                  missingEntitlements: ["cloud-sync"],
                },
              }),
            ],
          }),
        ],
      },
    ],
  };
}
