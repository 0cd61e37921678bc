import { getRelease } from "../../../catalogue/release-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import {
  type AssetRecord,
  deleteAsset,
  EmptyUploadError,
  getAsset,
  listAssets,
  UploadInterruptedError,
  updateAsset,
  uploadAsset,
} from "../../../downloads/asset-service.ts";
import { UploadTooLargeError } from "../../../downloads/stores/asset-store.ts";
import {
  conflictResponse,
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  PageQuery,
  ProblemSchema,
  pageOf,
  problemResponses,
  z,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { fieldProblem, notFound, ProblemError } from "../../../http/problem.ts";
import { AssetSchema, AssetUpdateSchema, AssetUploadQuery } from "./release-schemas.ts";

const tags = ["Assets"];

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/i;

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

/**
 * The stored Content-Type of an upload. `curl --data-binary` labels every file
 * `application/x-www-form-urlencoded`, which no release asset really is.
 */
function uploadContentType(header: string | undefined): string {
  const value = header?.trim();
  if (!value || /^application\/x-www-form-urlencoded\b/i.test(value)) {
    return "application/octet-stream";
  }
  if (/^multipart\//i.test(value)) {
    throw new ProblemError(415, "UNSUPPORTED_MEDIA_TYPE", {
      detail: "Send the file itself as the request body, not a multipart form.",
    });
  }
  if (value.length > 200 || !MEDIA_TYPE.test(value)) {
    throw fieldProblem("header.content-type", "expected a media type such as application/zip");
  }
  return value;
}

/** Comma-separated codes; blanks are ignored so `a,,b` and `a, b` mean `a,b`. */
function splitCodes(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((code) => code.trim())
    .filter(Boolean);
}

export function assetRoutes({ db, assets, config }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/releases/{id}/assets",
      tags,
      summary: "Upload an asset as the raw request body",
      description:
        "The body is the file itself, streamed; its Content-Type header becomes the asset's " +
        "(default `application/octet-stream`). The server computes `size` and `sha256`.",
      request: {
        params: idParam("rel"),
        query: AssetUploadQuery,
        body: {
          required: true,
          content: { "*/*": { schema: z.string().openapi({ format: "binary" }) } },
        },
      },
      responses: {
        201: json(AssetSchema, "Created"),
        ...problemResponses,
        ...conflictResponse,
        413: {
          description: "The file is larger than the configured upload limit.",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const contentType = uploadContentType(c.req.header("content-type"));
      const length = c.req.header("content-length");
      const declaredSize = length && /^\d+$/.test(length) ? Number(length) : undefined;
      try {
        const row = await uploadAsset(
          db,
          assets,
          {
            releaseId: c.req.valid("param").id,
            filename: query.filename,
            kind: query.kind,
            platform: query.platform,
            arch: query.arch,
            contentType,
            requiredEntitlements: splitCodes(query.requiredEntitlements),
          },
          c.req.raw.body,
          { maxBytes: config.uploadMaxBytes, declaredSize },
        );
        if (!row) throw notFound("release");
        return c.json(assetJson(row), 201);
      } catch (error) {
        throw uploadProblem(error);
      }
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/releases/{id}/assets",
      tags,
      summary: "List a release's assets, newest first",
      request: { params: idParam("rel"), query: PageQuery },
      responses: { 200: json(pageOf(AssetSchema, "AssetPage")), ...problemResponses },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const release = await getRelease(db, c.req.valid("param").id);
      if (!release) throw notFound("release");
      const rows = await listAssets(db, {
        releaseId: release.id,
        after: decodeCursor(cursor),
        limit,
      });
      return c.json(toPage(rows, limit, assetJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/assets/{id}",
      tags,
      summary: "Get an asset",
      request: { params: idParam("ast") },
      responses: { 200: json(AssetSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await getAsset(db, c.req.valid("param").id);
      if (!row) throw notFound("asset");
      return c.json(assetJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/assets/{id}",
      tags,
      summary: "Update an asset's kind, platform, arch or required entitlements",
      request: {
        params: idParam("ast"),
        body: jsonBody(AssetUpdateSchema),
      },
      responses: { 200: json(AssetSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await updateAsset(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("asset");
      return c.json(assetJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/assets/{id}",
      tags,
      summary: "Delete an asset and its file",
      request: { params: idParam("ast") },
      responses: { 204: { description: "Deleted" }, ...problemResponses },
    }),
    async (c) => {
      if (!(await deleteAsset(db, assets, c.req.valid("param").id))) throw notFound("asset");
      return c.body(null, 204);
    },
  );

  return app;
}

/** The answers an upload's own failures deserve; everything else passes through. */
function uploadProblem(error: unknown): unknown {
  if (error instanceof UploadTooLargeError) {
    return new ProblemError(413, "PAYLOAD_TOO_LARGE", {
      detail: `Uploads are limited to ${error.maxBytes} bytes.`,
      extensions: { maxBytes: error.maxBytes },
      cause: error,
    });
  }
  if (error instanceof EmptyUploadError) {
    return fieldProblem("body", "the file must not be empty");
  }
  if (error instanceof UploadInterruptedError) {
    return new ProblemError(400, "UPLOAD_INTERRUPTED", {
      detail: "The request body ended with an error before the file was complete.",
      cause: error,
    });
  }
  return error;
}
