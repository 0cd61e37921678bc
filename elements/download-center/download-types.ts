import type { Downloads } from "@keyport/sdk";

/** One product of `GET /v1/downloads`, with its releases. */
export type DownloadProduct = Downloads["data"][number];
/** One release, with `covered` and the reason when not. */
export type DownloadRelease = DownloadProduct["releases"][number];
/** One file of a release, with `downloadable` and the reason when not. */
export type DownloadAsset = DownloadRelease["assets"][number];
/** Why a release or a file cannot be downloaded. */
export type DownloadReason = NonNullable<DownloadRelease["reason"]>;
