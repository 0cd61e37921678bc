import type { ServerResponse } from "node:http";
import { create as contentDisposition } from "content-disposition";
import type { Context } from "hono";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import {
  callerOfUser,
  downloadLinkId,
  recordAssetDownloadOnce,
} from "../downloads/asset-download-service.ts";
import { describeBadFilename } from "../downloads/asset-service.ts";
import { findEntitledAsset } from "../downloads/download-entitlement.ts";
import {
  type AssetLinkFailure,
  type AssetLinkParams,
  verifyAssetUrl,
} from "../downloads/signed-url.ts";
import { clientIp } from "../http/client-ip.ts";
import {
  ifRangeHolds,
  meteredStream,
  noneMatch,
  parseRangeHeader,
  strongEtag,
} from "../http/file-response.ts";
import { createRoute, createRouter, NO_SECURITY, z } from "../http/openapi.ts";
import { type FieldError, notFound, ProblemError } from "../http/problem.ts";
import { type ProblemSet, problems } from "../http/problem-responses.ts";

/** The query a signed link carries, each with its longest sane length. */
const LINK_PARAMS: Record<keyof AssetLinkParams, number> = { exp: 12, sub: 64, kid: 32, sig: 64 };
/** How long the store's own URL works in the redirect branch: enough to follow the redirect and start. */
const STORE_REDIRECT_SECONDS = 300;

const header = (description: string, example: string) =>
  z.string().openapi({ description, example });
const etagHeader = header("The file's sha256, quoted: a strong validator.", '"d4e02daac1536c34…"');
const cacheControlHeader = header(
  "`private, no-cache`: the answer depends on the entitlement, so a cache must ask again.",
  "private, no-cache",
);
const fileHeaders = z.object({
  "Content-Type": header("The asset's content type.", "application/zip"),
  "Content-Length": header("The bytes of this answer (of the range, for a 206).", "24576"),
  "Content-Disposition": header(
    "Saves under the asset's filename.",
    'attachment; filename="acme-forms-2.1.0.zip"',
  ),
  ETag: etagHeader,
  "Accept-Ranges": z.literal("bytes").openapi({ description: "Single byte ranges are served." }),
  "Cache-Control": cacheControlHeader,
});
const rangeHeaders = fileHeaders.extend({
  "Content-Range": header("The range sent, and the file's size.", "bytes 0-1023/24576"),
});
const notModifiedHeaders = z.object({
  ETag: etagHeader,
  "Accept-Ranges": z.literal("bytes"),
  "Cache-Control": cacheControlHeader,
});
const binary = { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } };

const ASSET_ID = "ast_01M8RJKMM971RAM1EX9V4R5JYE";
const linkRequest = {
  params: z.object({
    assetId: z.string().openapi({ description: "The asset the link is for.", example: ASSET_ID }),
    filename: z
      .string()
      .openapi({ description: "The asset's filename.", example: "acme-forms-2.1.0.zip" }),
  }),
  query: z.object({
    exp: z
      .string()
      .openapi({ description: "When the link expires, in unix seconds.", example: "1796121757" }),
    sub: z.string().openapi({
      description: "The user the link was made for.",
      example: "usr_01M8RJKMW25CB221W39DFK43MA",
    }),
    kid: z
      .string()
      .openapi({ description: "The signing key's id (`SIGNING_KEYS`).", example: "k1" }),
    sig: z.string().openapi({
      description: "The HMAC-SHA256 signature, base64url.",
      example: "YmAUpHcDmzsaVxod_W4RcjXbtrHnVdR0tbmeWFVHiMc",
    }),
  }),
};
const conditionalHeaders = {
  "If-None-Match": header("An ETag the client holds: a match answers 304.", '"d4e02daac1536c34…"'),
};
const linkProblems = {
  400: {
    MALFORMED_LINK:
      "A link parameter is missing, repeated, unknown, too long or malformed; `errors` names each one.",
  },
  403: {
    LINK_INVALID:
      "This download link is not valid (a signature or key we do not know). Ask the portal for a new one.",
  },
  404: {
    NOT_FOUND:
      "No such download: no such asset, another filename, or the user is no longer entitled.",
  },
  410: { LINK_EXPIRED: "This download link has expired. Ask the portal for a new one." },
} as const satisfies ProblemSet;

/** The routes as the API reference shows them; the handler checks the query itself (400, not 422). */
const deliveryRoute = createRoute({
  method: "get",
  path: "/dl/{assetId}/{filename}",
  operationId: "downloadAsset",
  tags: ["Downloads"],
  summary: "Download an asset through a signed link",
  description:
    "No session needed: the link from `POST /v1/assets/{id}/link` is the credential, for the " +
    "user it was made for, until `exp`. The entitlement is checked again as it is now. A single " +
    "`Range` answers 206 with `Content-Range`; several ranges answer the whole file; a range " +
    "outside the file answers 416. `If-None-Match` with the ETag answers 304; `If-Range` with " +
    "another ETag answers the whole file. When the store serves files itself (S3), the answer is " +
    "a 302 to a short-lived URL of the store instead. The download is recorded in the activity " +
    "once the last byte is sent.",
  security: NO_SECURITY,
  request: {
    ...linkRequest,
    headers: z.object({
      Range: header(
        "One byte range: `bytes=start-end`, `bytes=start-` or `bytes=-suffix`.",
        "bytes=0-1023",
      ).optional(),
      "If-Range": header(
        "Serve the range only while the file still has this ETag.",
        '"d4e02daac1536c34…"',
      ).optional(),
      "If-None-Match": conditionalHeaders["If-None-Match"].optional(),
    }),
  },
  responses: {
    200: { description: "The whole file.", headers: fileHeaders, content: binary },
    206: {
      description: "One range of the file, as `Content-Range` says.",
      headers: rangeHeaders,
      content: binary,
    },
    302: {
      description: "The store serves the file itself: fetch `Location` (valid for five minutes).",
      headers: z.object({
        Location: header(
          "The store's own short-lived URL of the file.",
          "https://files.example.com/acme-forms-2.1.0.zip?X-Amz-Signature=…",
        ),
        "Cache-Control": header("Never cached.", "no-store"),
      }),
    },
    304: {
      description: "`If-None-Match` matched: the client's copy is current.",
      headers: notModifiedHeaders,
    },
    ...problems(linkProblems, {
      400: {
        MALFORMED_RANGE: "`Range` is not `bytes=start-end`, `bytes=start-` or `bytes=-suffix`.",
      },
      416: {
        RANGE_NOT_SATISFIABLE: "The range lies outside the file; `Content-Range` says its size.",
      },
      502: {
        ASSET_FILE_MISSING:
          "The file of this asset is missing from the store. The request id helps support.",
      },
      503: { STORE_UNAVAILABLE: "The file store does not answer. Try again shortly." },
    }),
  },
});

/** HEAD: the headers of the whole file (never a range, never a redirect), without the body. */
const deliveryHeadRoute = createRoute({
  method: "head",
  path: "/dl/{assetId}/{filename}",
  operationId: "inspectAssetDownload",
  tags: ["Downloads"],
  summary: "Size, type and ETag of a download, without the body",
  description:
    "The same link and checks as `GET`, answering the headers of the whole file: `Range` is " +
    "ignored (RFC 9110 defines it for GET) and the file is never redirected to the store. " +
    "Records no download.",
  security: NO_SECURITY,
  request: {
    ...linkRequest,
    headers: z.object({ "If-None-Match": conditionalHeaders["If-None-Match"].optional() }),
  },
  responses: {
    200: { description: "The whole file's headers, no body.", headers: fileHeaders },
    304: { description: "`If-None-Match` matched.", headers: notModifiedHeaders },
    ...problems(linkProblems),
  },
});

/**
 * `GET`/`HEAD /dl/{assetId}/{filename}`: checks the signed link, then the user's
 * entitlement as it is now, then streams the file (or redirects to the store's
 * own URL when the store has one). Every other method is checked like GET and
 * fails the signature, because the link was signed for GET.
 */
export function downloadDeliveryRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openAPIRegistry.registerPath(deliveryRoute);
  app.openAPIRegistry.registerPath(deliveryHeadRoute);
  app.all("/dl/:assetId/:filename", (c) => deliver(deps, c));
  return app;
}

async function deliver(deps: AppDeps, c: Context<AppEnv>): Promise<Response> {
  const { db, config, assets, logger } = deps;
  const assetId = c.req.param("assetId") ?? "";
  const filename = c.req.param("filename") ?? "";
  // No asset can be named like this, so such a path names nothing; the store never sees it.
  if (describeBadFilename(filename) !== null) throw notFound("download");
  const params = linkParamsOf(c.req.url);
  const check = verifyAssetUrl(config.signingKeys, {
    method: c.req.method,
    assetId,
    filename,
    params,
  });
  if (!check.ok) throw linkProblem(check.reason);

  const caller = await callerOfUser(db, check.userId);
  const asset = caller && (await findEntitledAsset(db, caller, assetId));
  if (!caller || !asset || asset.filename !== filename) throw notFound("download");

  const isHead = c.req.method === "HEAD";
  const etag = strongEtag(asset.sha256);
  const linkId = downloadLinkId(params.sig);
  const record = () =>
    recordAssetDownloadOnce(db, { caller, asset, linkId, ip: clientIp(c) }).catch((error) =>
      logger.error({ err: error, assetId: asset.id }, "recording a download failed"),
    );

  if (assets.readUrl && !isHead) {
    let location: string;
    try {
      location = await assets.readUrl(asset.storageKey, {
        filename: asset.filename,
        contentType: asset.contentType,
        expiresInSeconds: STORE_REDIRECT_SECONDS,
      });
    } catch (error) {
      throw storeUnavailable(error);
    }
    // The bytes no longer pass through here, so handing out the store's URL is the download.
    await record();
    c.header("Cache-Control", "no-store");
    return c.redirect(location, 302);
  }

  const headers: Record<string, string> = {
    ETag: etag,
    "Accept-Ranges": "bytes",
    // The answer depends on the entitlement, so caches must ask again (and may get a 304).
    "Cache-Control": "private, no-cache",
  };
  if (noneMatch(c.req.header("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  // Range is defined for GET only (RFC 9110 §14.2): a HEAD describes the whole file.
  const wanted =
    !isHead && ifRangeHolds(c.req.header("if-range"), etag)
      ? parseRangeHeader(asset.size, c.req.header("range"))
      : ({ kind: "full" } as const);
  if (wanted.kind === "malformed") {
    throw new ProblemError(400, "MALFORMED_RANGE", {
      detail: "header.range: expected bytes=start-end, bytes=start- or bytes=-suffix.",
      errors: [{ field: "header.range", message: "expected bytes=start-end" }],
    });
  }
  if (wanted.kind === "unsatisfiable") {
    throw new ProblemError(416, "RANGE_NOT_SATISFIABLE", {
      detail: `The file has ${asset.size} bytes.`,
      headers: { "Content-Range": `bytes */${asset.size}`, ...headers },
    });
  }
  const range = wanted.kind === "partial" ? wanted.range : undefined;
  const length = range ? range.end - range.start + 1 : asset.size;
  headers["Content-Type"] = asset.contentType;
  headers["Content-Disposition"] = contentDisposition(asset.filename);
  headers["Content-Length"] = String(length);
  const status = range ? 206 : 200;
  if (range) headers["Content-Range"] = `bytes ${range.start}-${range.end}/${asset.size}`;
  if (isHead) return new Response(null, { status, headers });

  let stream: ReadableStream<Uint8Array> | null;
  try {
    stream = await assets.read(asset.storageKey, range);
  } catch (error) {
    throw storeUnavailable(error);
  }
  if (!stream) {
    logger.error({ assetId: asset.id, storageKey: asset.storageKey }, "asset file missing");
    throw new ProblemError(502, "ASSET_FILE_MISSING", {
      detail: "The file of this asset is missing from the store. The request id helps support.",
    });
  }
  const carriesLastByte = (range?.end ?? asset.size - 1) === asset.size - 1;
  const body = meteredStream(stream, length, {
    onComplete: () => (carriesLastByte ? whenSent(c, record) : undefined),
    onError: (error) =>
      logger.error(
        { err: error, assetId: asset.id, requestId: c.get("requestId") },
        "asset stream failed mid-body; connection cut",
      ),
  });
  return new Response(body, { status, headers });
}

/**
 * Runs `then` once the node server has handed every byte to the OS; without a
 * node response (in process, as in tests) at once, and awaited.
 */
async function whenSent(c: Context<AppEnv>, then: () => Promise<unknown>): Promise<void> {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing || outgoing.writableFinished) {
    await then();
    return;
  }
  // `finish` never fires for a connection that broke, so an interrupted download records nothing.
  outgoing.once("finish", () => void then());
}

/** The four link parameters; 400 naming each one that is missing, repeated, unknown or too long. */
function linkParamsOf(url: string): AssetLinkParams {
  const query = new URL(url).searchParams;
  const errors: FieldError[] = [];
  for (const name of new Set(query.keys())) {
    if (!(name in LINK_PARAMS))
      errors.push({ field: `query.${name}`, message: "unknown parameter" });
  }
  const values: Partial<Record<keyof AssetLinkParams, string>> = {};
  for (const [name, maxLength] of Object.entries(LINK_PARAMS) as [
    keyof AssetLinkParams,
    number,
  ][]) {
    const given = query.getAll(name);
    const field = `query.${name}`;
    if (given.length === 0) errors.push({ field, message: "required" });
    else if (given.length > 1) errors.push({ field, message: "given more than once" });
    else if (given[0] === "") errors.push({ field, message: "required" });
    else if (given[0]!.length > maxLength) {
      errors.push({ field, message: `at most ${maxLength} characters` });
    } else if (name === "exp" && !/^\d+$/.test(given[0]!)) {
      errors.push({ field, message: "expected a time in unix seconds" });
    } else values[name] = given[0]!;
  }
  if (errors.length > 0) throw malformedLink(errors);
  return values as AssetLinkParams;
}

function malformedLink(errors: FieldError[]): ProblemError {
  return new ProblemError(400, "MALFORMED_LINK", {
    detail: errors.map((error) => `${error.field}: ${error.message}`).join("; "),
    errors,
  });
}

function linkProblem(reason: AssetLinkFailure): ProblemError {
  switch (reason) {
    case "malformed":
      return malformedLink([{ field: "query.exp", message: "expected a time in unix seconds" }]);
    case "expired":
      return new ProblemError(410, "LINK_EXPIRED", {
        detail: "This download link has expired. Ask the portal for a new one.",
      });
    default:
      // Unknown key, bad signature and a lifetime over 24 h answer alike: links we did not make.
      return new ProblemError(403, "LINK_INVALID", {
        detail: "This download link is not valid. Ask the portal for a new one.",
      });
  }
}

function storeUnavailable(cause: unknown): ProblemError {
  return new ProblemError(503, "STORE_UNAVAILABLE", {
    detail: "The file store does not answer. Try again shortly.",
    headers: { "Retry-After": "30" },
    cause,
  });
}
