import type { AppDeps } from "../../core/deps.ts";
import type { DownloadBlock } from "../../downloads/download-coverage.ts";
import {
  type DownloadAsset,
  type DownloadProduct,
  type DownloadRelease,
  listDownloads,
} from "../../downloads/download-service.ts";
import {
  createRoute,
  createRouter,
  json,
  SESSION_SECURITY,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { decodeCursor, encodeCursor } from "../../http/pagination.ts";
import { ProblemError } from "../../http/problem.ts";
import { INPUT_PROBLEMS, problems, SESSION_PROBLEMS } from "../../http/problem-responses.ts";
import { localized, wordingOf } from "../../http/request-wording.ts";
import { callerOf } from "../../http/session-auth.ts";

const tags = ["Downloads"];
const security = SESSION_SECURITY;

const ReasonSchema = z
  .object({
    code: z
      .enum([
        "MAINTENANCE_ENDED",
        "LICENSE_EXPIRED",
        "LICENSE_SUSPENDED",
        "LICENSE_REVOKED",
        "ENTITLEMENT_MISSING",
      ])
      .openapi({ example: "MAINTENANCE_ENDED" }),
    message: z.string().openapi({
      example:
        "Released on 1 September 2026 after your maintenance ended on 30 June 2026; renew to get 3.0.0.",
    }),
    at: Timestamp.nullable().openapi({
      description: "The date the reason refers to (maintenance end, expiry, suspension).",
    }),
    missingEntitlements: z
      .array(z.string())
      .optional()
      .openapi({ description: "For ENTITLEMENT_MISSING: the codes your license lacks." }),
  })
  .openapi("DownloadBlockedReason");

const AssetSchema = z
  .object({
    id: z.string().openapi({ example: "ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    filename: z.string(),
    kind: z.enum(["installer", "docs", "other"]),
    platform: z.string().nullable(),
    arch: z.string().nullable(),
    size: z.number().int(),
    sha256: z.string(),
    contentType: z.string(),
    requiredEntitlements: z.array(z.string()),
    downloadable: z.boolean().openapi({
      description: "Whether `POST /v1/assets/{id}/link` will give you a link now.",
    }),
    reason: ReasonSchema.nullable(),
  })
  .openapi("DownloadAsset");

const ReleaseSchema = z
  .object({
    id: z.string().openapi({ example: "rel_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    version: z.string().openapi({ example: "3.0.0" }),
    channel: z.enum(["stable", "beta"]),
    publishedAt: Timestamp,
    notes: z.string().nullable(),
    covered: z.boolean().openapi({ description: "Whether one of your licenses covers it." }),
    reason: ReasonSchema.nullable(),
    assets: z.array(AssetSchema),
  })
  .openapi("DownloadRelease");

const ProductSchema = z
  .object({
    id: z.string().openapi({ example: "prd_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    name: z.string(),
    slug: z.string(),
    releases: z.array(ReleaseSchema),
    nextCursor: z.string().nullable().openapi({
      description:
        "When more releases follow: pass it as `cursor` together with this `productId` for the next ones.",
    }),
  })
  .openapi("DownloadProduct");

const DownloadsQuery = z.object({
  channel: z.enum(["stable", "beta"]).optional(),
  productId: z.string().max(64).optional(),
  releasesPerProduct: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "A product's `nextCursor`; needs `productId`." }),
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function reasonJson(reason: DownloadBlock | null) {
  if (!reason) return null;
  return {
    code: reason.code,
    message: reason.message,
    at: iso(reason.at),
    ...(reason.missing ? { missingEntitlements: [...reason.missing] } : {}),
  };
}

function assetJson(asset: DownloadAsset) {
  return {
    id: asset.id,
    filename: asset.filename,
    kind: asset.kind,
    platform: asset.platform,
    arch: asset.arch,
    size: asset.size,
    sha256: asset.sha256,
    contentType: asset.contentType,
    requiredEntitlements: [...asset.requiredEntitlements],
    downloadable: asset.downloadable,
    reason: reasonJson(asset.reason),
  };
}

function releaseJson(release: DownloadRelease) {
  return {
    id: release.id,
    version: release.version,
    channel: release.channel,
    publishedAt: release.publishedAt.toISOString(),
    notes: release.notes,
    covered: release.covered,
    reason: reasonJson(release.reason),
    assets: release.assets.map(assetJson),
  };
}

function productJson(product: DownloadProduct) {
  return {
    id: product.id,
    name: product.name,
    slug: product.slug,
    releases: product.releases.map(releaseJson),
    nextCursor:
      product.lastReleaseIdWhenMore === null ? null : encodeCursor(product.lastReleaseIdWhenMore),
  };
}

export function downloadRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/downloads",
      operationId: "listDownloads",
      tags,
      summary: "What I can download: my products, their releases and files",
      description:
        "Every product you hold a license for, with its published releases newest first " +
        "(`releasesPerProduct`, default 20) and their files. Releases your licenses do not " +
        "cover are listed with the reason; files say whether you may download them. " +
        "Members see the products of the licenses assigned to them.",
      security,
      request: { query: DownloadsQuery },
      responses: {
        200: json(z.object({ data: z.array(ProductSchema) }).openapi("Downloads"), "OK", {
          data: [
            {
              id: "prd_01M8RJKK162CKQRAJA0CMVHJAF",
              name: "Acme Studio",
              slug: "acme-studio",
              releases: [
                {
                  id: "rel_01M8RJKMERNTEE9ZD7B2KCGD6H",
                  version: "3.1.0",
                  channel: "stable",
                  publishedAt: "2026-11-28T10:32:32.503Z",
                  notes: "Collaborative comments.",
                  covered: true,
                  reason: null,
                  assets: [
                    {
                      id: "ast_01M8RJKMF0BG3WNNEGRN3MYPNW",
                      filename: "acme-studio-3.1.0-windows-x64.msi",
                      kind: "installer",
                      platform: "windows",
                      arch: "x64",
                      size: 49152,
                      sha256: "df902fe225c27a0cbd2ff91a8f15d85bd7559565d6584ddd4391ccb9cf64c418",
                      contentType: "application/x-msi",
                      requiredEntitlements: [],
                      downloadable: true,
                      reason: null,
                    },
                  ],
                },
              ],
              nextCursor: "cmVsXzAxTThSSktNRVJOVEVFOVpEN0IyS0NHRDZI",
            },
          ],
        }),
        ...problems(SESSION_PROBLEMS, INPUT_PROBLEMS),
      },
    }),
    async (c) => {
      const { channel, productId, releasesPerProduct, cursor } = c.req.valid("query");
      if (cursor !== undefined && productId === undefined) {
        throw new ProblemError(422, "VALIDATION_FAILED", {
          detail: "query.cursor: needs query.productId, the product the cursor belongs to",
          errors: [{ field: "query.cursor", message: "needs query.productId" }],
        });
      }
      const wording = wordingOf(c);
      const products = await listDownloads(db, callerOf(c), {
        channel,
        productId,
        releasesPerProduct,
        afterReleaseId: decodeCursor(cursor),
        wording,
      });
      return localized(c, wording).json({ data: products.map(productJson) }, 200);
    },
  );

  return app;
}
