import { getRelease } from "../../../catalogue/release-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import {
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
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  PageQuery,
  pageExample,
  pageOf,
  VENDOR_SECURITY,
  z,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { fieldProblem, notFound, ProblemError } from "../../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  problems,
  VENDOR_KEY_PROBLEMS,
} from "../../../http/problem-responses.ts";
import { ASSET_EXAMPLE } from "../examples.ts";
import { AssetSchema, AssetUpdateSchema, AssetUploadQuery, assetJson } from "./release-schemas.ts";

const tags = ["Assets"];
const security = VENDOR_SECURITY;
const storeUnavailable = {
  503: { STORE_UNAVAILABLE: "The file store does not answer. Try again shortly." },
};

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/i;

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
      operationId: "uploadAsset",
      tags,
      summary: "Upload an asset as the raw request body",
      description:
        "The body is the file itself, streamed; its Content-Type header becomes the asset's " +
        "(default `application/octet-stream`). The server computes `size` and `sha256`.",
      security,
      request: {
        params: idParam("rel"),
        query: AssetUploadQuery,
        body: {
          required: true,
          content: { "*/*": { schema: z.string().openapi({ format: "binary" }) } },
        },
      },
      responses: {
        201: json(AssetSchema, "Created", ASSET_EXAMPLE),
        ...problems(
          VENDOR_KEY_PROBLEMS,
          INPUT_PROBLEMS,
          notFoundProblem("release"),
          storeUnavailable,
          {
            400: {
              UPLOAD_INTERRUPTED:
                "The request body ended with an error before the file was complete.",
            },
            409: {
              CONFLICT:
                'query.filename: "acme-studio-3.1.0-windows-x64.msi" already exists in this release.',
            },
            413: {
              PAYLOAD_TOO_LARGE:
                "The file is larger than `UPLOAD_MAX_BYTES`; `maxBytes` says the limit.",
            },
            415: {
              UNSUPPORTED_MEDIA_TYPE:
                "Send the file itself as the request body, not a multipart form.",
            },
            422: {
              VALIDATION_FAILED:
                "A query parameter or the Content-Type is invalid, or the file is empty; `errors` names it.",
              UNKNOWN_REFERENCE: 'query.requiredEntitlements: unknown entitlement "cloud-synk".',
            },
          },
        ),
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
      operationId: "listReleaseAssets",
      tags,
      summary: "List a release's assets, newest first",
      description: "The files of one release, newest first; an unknown release answers 404.",
      security,
      request: { params: idParam("rel"), query: PageQuery },
      responses: {
        200: json(
          pageOf(AssetSchema, "AssetPage"),
          "A page of assets.",
          pageExample([ASSET_EXAMPLE]),
        ),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("release")),
      },
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
      operationId: "getAsset",
      tags,
      summary: "Get an asset",
      description: "One asset by id; an unknown or malformed id answers 404.",
      security,
      request: { params: idParam("ast") },
      responses: {
        200: json(AssetSchema, "The asset.", ASSET_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("asset")),
      },
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
      operationId: "updateAsset",
      tags,
      summary: "Update an asset's kind, platform, arch or required entitlements",
      description:
        "The file itself, its name and its checksum never change; upload a new asset for a " +
        "new file. `requiredEntitlements` replaces the list.",
      security,
      request: {
        params: idParam("ast"),
        body: jsonBody(AssetUpdateSchema, { requiredEntitlements: ["pro"] }),
      },
      responses: {
        200: json(AssetSchema, "The changed asset.", {
          ...ASSET_EXAMPLE,
          requiredEntitlements: ["pro"],
        }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, notFoundProblem("asset"), {
          422: {
            UNKNOWN_REFERENCE: 'body.requiredEntitlements: unknown entitlement "cloud-synk".',
          },
        }),
      },
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
      operationId: "deleteAsset",
      tags,
      summary: "Delete an asset and its file",
      description: "Deletes the asset and its stored file; links made for it stop working.",
      security,
      request: { params: idParam("ast") },
      responses: {
        204: { description: "Deleted" },
        ...problems(
          VENDOR_KEY_PROBLEMS,
          INPUT_PROBLEMS,
          notFoundProblem("asset"),
          storeUnavailable,
        ),
      },
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
