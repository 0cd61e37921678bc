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
import { type AssetLinkParams, verifyAssetUrl } from "../downloads/signed-url.ts";
import { clientIp } from "../http/client-ip.ts";
import {
  ifRangeHolds,
  meteredStream,
  noneMatch,
  parseRangeHeader,
  strongEtag,
} from "../http/file-response.ts";
import { createRoute, createRouter, ProblemSchema, z } from "../http/openapi.ts";
import { type FieldError, notFound, ProblemError } from "../http/problem.ts";

/** The query a signed link carries, each with its longest sane length. */
const LINK_PARAMS: Record<keyof AssetLinkParams, number> = { exp: 12, sub: 64, kid: 32, sig: 64 };
/** How long the store's own URL works in the redirect branch: enough to follow the redirect and start. */
const STORE_REDIRECT_SECONDS = 300;

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});
const fileHeaders = z.object({
  "Content-Length": z.string(),
  "Content-Disposition": z.string().openapi({ example: 'attachment; filename="setup.exe"' }),
  ETag: z.string().openapi({ description: "The file's sha256, quoted." }),
  "Accept-Ranges": z.literal("bytes"),
});

/** The route as the API reference shows it; the handler checks the query itself (400, not 422). */
const deliveryRoute = createRoute({
  method: "get",
  path: "/dl/{assetId}/{filename}",
  tags: ["Downloads"],
  summary: "Download an asset through a signed link",
  description:
    "No session needed: the link from `POST /v1/assets/{id}/link` is the credential. HEAD answers " +
    "the same headers. A single `Range` answers 206; several ranges answer the whole file. " +
    "`If-None-Match` answers 304; `If-Range` with another ETag answers the whole file.",
  request: {
    params: z.object({ assetId: z.string(), filename: z.string() }),
    query: z.object({ exp: z.string(), sub: z.string(), kid: z.string(), sig: z.string() }),
  },
  responses: {
    200: {
      description: "The file.",
      headers: fileHeaders,
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    206: {
      description: "One range of the file, as `Content-Range` says.",
      headers: fileHeaders,
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    302: { description: "The store serves the file itself: fetch `Location`." },
    304: { description: "`If-None-Match` matched." },
    400: problem(
      "A link parameter is missing, repeated, too long or malformed; `errors` names it.",
    ),
    403: problem("The signature does not match, or its key is no longer known."),
    404: problem("No such asset, another filename, or no longer entitled."),
    410: problem("The link has expired; ask for a new one."),
    416: problem("The range lies outside the file."),
    502: problem("The store does not have the file."),
    503: problem("The store does not answer."),
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

function linkProblem(reason: "malformed" | "unknown_kid" | "tampered" | "expired"): ProblemError {
  switch (reason) {
    case "malformed":
      return malformedLink([{ field: "query.exp", message: "expected a time in unix seconds" }]);
    case "expired":
      return new ProblemError(410, "LINK_EXPIRED", {
        detail: "This download link has expired. Ask the portal for a new one.",
      });
    default:
      // Unknown key and bad signature answer alike: both are links we did not sign.
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
