import { parseStrictVersion } from "../../../catalogue/release-service.ts";
import { type AssetRecord, describeBadFilename } from "../../../downloads/asset-service.ts";
import { PageQuery, Timestamp, z } from "../../../http/openapi.ts";

const Channel = z.enum(["stable", "beta"]);
const AssetKind = z.enum(["installer", "docs", "other"]);

const PublishedAt = z.iso
  .datetime({ offset: true, error: "expected an ISO-8601 date-time with a time zone" })
  .nullable()
  .openapi({ description: "When the release is (or was) published; `null` keeps it a draft." });

const Notes = z.string().max(20000, "at most 20000 characters").nullable();

/** A short lower-case token such as `windows`, `macos`, `linux`, `any`, `x64`, `arm64`, `universal`. */
const Token = z
  .string()
  .regex(/^[a-z0-9_-]{1,32}$/, "1 to 32 lower-case letters, digits, `_` or `-`");

const EntitlementCodes = z
  .array(z.string().min(1).max(100))
  .max(100)
  .openapi({ description: "Entitlement codes a download requires; replaces the set." });

export const AssetSchema = z
  .object({
    id: z.string().openapi({ example: "ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    releaseId: z.string(),
    filename: z.string(),
    kind: AssetKind,
    platform: z.string().nullable(),
    arch: z.string().nullable(),
    size: z.number().int(),
    sha256: z.string().openapi({ description: "Lower-case hex SHA-256 of the file." }),
    contentType: z.string(),
    requiredEntitlements: z.array(z.string()),
    createdAt: Timestamp,
  })
  .openapi("Asset");

export const ReleaseSchema = z
  .object({
    id: z.string().openapi({ example: "rel_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    productId: z.string(),
    version: z.string().openapi({ example: "2.1.0" }),
    channel: Channel,
    publishedAt: Timestamp.nullable(),
    notes: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    assets: z
      .array(AssetSchema)
      .optional()
      .openapi({ description: "Only when one release is read." }),
  })
  .openapi("Release");

export const ReleaseCreateSchema = z
  .object({
    productId: z.string().max(64),
    version: z
      .string()
      .max(256)
      .refine(
        (version) => parseStrictVersion(version) !== null,
        "expected a SemVer 2.0.0 version such as 1.4.0 or 2.0.0-beta.1 (no `v` prefix)",
      )
      .openapi({
        description: "SemVer 2.0.0; unique per product, ignoring build metadata. Immutable.",
        example: "2.1.0",
      }),
    channel: Channel.optional().openapi({
      description: "Defaults to `beta` for a prerelease version (`2.0.0-rc.1`), else `stable`.",
    }),
    publishedAt: PublishedAt.optional(),
    notes: Notes.optional(),
  })
  .strict()
  .openapi("ReleaseCreate");

export const ReleaseUpdateSchema = z
  .object({
    channel: Channel.optional(),
    publishedAt: PublishedAt.optional(),
    notes: Notes.optional(),
  })
  .strict()
  .openapi("ReleaseUpdate", { description: "The version never changes; publish a new release." });

export const ReleaseListQuery = PageQuery.extend({
  productId: z.string().max(64).optional(),
});

export const AssetUploadQuery = z.object({
  filename: z
    .string()
    .superRefine((filename, ctx) => {
      const problem = describeBadFilename(filename);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .openapi({
      description:
        "1 to 255 characters, unique in the release; no path separators, `..`, control " +
        "characters or leading dot.",
      example: "acme-studio-2.1.0-x64.msi",
    }),
  kind: AssetKind,
  platform: Token.optional(),
  arch: Token.optional(),
  requiredEntitlements: z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: "Comma-separated entitlement codes a download requires." }),
});

export const AssetUpdateSchema = z
  .object({
    kind: AssetKind.optional(),
    platform: Token.nullable().optional(),
    arch: Token.nullable().optional(),
    requiredEntitlements: EntitlementCodes.optional(),
  })
  .strict()
  .openapi("AssetUpdate");

export function assetJson(row: AssetRecord) {
  return {
    id: row.id,
    releaseId: row.release_id,
    filename: row.filename,
    kind: row.kind,
    platform: row.platform,
    arch: row.arch,
    size: row.size,
    sha256: row.sha256,
    contentType: row.content_type,
    requiredEntitlements: row.required_entitlements,
    createdAt: row.created_at.toISOString(),
  };
}
