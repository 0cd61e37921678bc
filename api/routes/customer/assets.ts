import { consumeThrottle } from "../../auth/throttle-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import { MINUTE_MS } from "../../core/time.ts";
import { findEntitledAsset } from "../../downloads/download-entitlement.ts";
import { signAssetUrl } from "../../downloads/signed-url.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  SESSION_SECURITY,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { notFound, ProblemError } from "../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  notFoundProblem,
  ORIGIN_PROBLEMS,
  problems,
  rateLimitProblem,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { callerOf } from "../../http/session-auth.ts";

const tags = ["Downloads"];
const security = SESSION_SECURITY;
/**
 * Signed links per user: generous for a person clicking through a release's
 * files, a wall for a script minting links in a loop.
 */
export const ASSET_LINK_RULE = {
  limit: 60,
  windowMs: 10 * MINUTE_MS,
  blockMs: 10 * MINUTE_MS,
  maxBlockMs: 60 * MINUTE_MS,
};

const AssetLinkSchema = z
  .object({
    url: z.string().openapi({
      example:
        "https://portal.example.com/dl/ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNA/acme-setup-2.4.0.exe?exp=1796035200&sub=usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNB&kid=k1&sig=…",
      description: "Works without a session until `expiresAt`, for the user who asked for it.",
    }),
    expiresAt: Timestamp,
  })
  .openapi("AssetLink");

/** `POST /v1/assets/{id}/link`: a short-lived signed download link for an asset the caller is entitled to. */
export function assetLinkRoutes({ db, config }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/assets/{id}/link",
      operationId: "createAssetLink",
      tags,
      summary: "Make a signed download link",
      description:
        `The link works for ${config.downloadLinkSeconds} seconds (\`DOWNLOAD_LINK_SECONDS\`) and ` +
        "checks the entitlement again when used. An asset you are not entitled to answers 404, " +
        `as one that does not exist. At most ${ASSET_LINK_RULE.limit} links per ` +
        `${ASSET_LINK_RULE.windowMs / MINUTE_MS} minutes; more answer 429.`,
      security,
      request: { params: idParam("ast") },
      responses: {
        200: json(AssetLinkSchema, "The signed link.", {
          url:
            "http://localhost:8787/dl/ast_01M8RJKMM971RAM1EX9V4R5JYE/acme-forms-2.1.0.zip" +
            "?exp=1796121757&sub=usr_01M8RJKMW25CB221W39DFK43MA&kid=k1" +
            "&sig=YmAUpHcDmzsaVxod_W4RcjXbtrHnVdR0tbmeWFVHiMc",
          expiresAt: "2026-12-01T10:42:37.000Z",
        }),
        ...problems(
          SESSION_PROBLEMS,
          ORIGIN_PROBLEMS,
          INPUT_PROBLEMS,
          notFoundProblem("asset"),
          rateLimitProblem("You have made download links too often. Try again later."),
        ),
      },
    }),
    async (c) => {
      const caller = callerOf(c);
      c.header("Cache-Control", "no-store");
      const throttle = await consumeThrottle(db, `asset-link:${caller.userId}`, ASSET_LINK_RULE);
      if (!throttle.allowed) {
        const seconds = throttle.retryAfterSeconds;
        throw new ProblemError(429, "RATE_LIMITED", {
          detail: "You have made download links too often. Try again later.",
          headers: { "Retry-After": String(seconds), "Cache-Control": "no-store" },
          extensions: { retryAfter: seconds },
        });
      }
      const now = new Date();
      const asset = await findEntitledAsset(db, caller, c.req.valid("param").id, now);
      if (!asset) throw notFound("asset");
      const link = signAssetUrl(config.signingKeys, {
        assetId: asset.id,
        filename: asset.filename,
        userId: caller.userId,
        expiresAt: new Date(now.getTime() + config.downloadLinkSeconds * 1000),
      });
      return c.json(
        { url: `${config.publicUrl}${link.pathAndQuery}`, expiresAt: link.expiresAt.toISOString() },
        200,
      );
    },
  );

  return app;
}
