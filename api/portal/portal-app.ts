import { Hono } from "hono";
import type { Config } from "../config/config.ts";
import type { AppEnv } from "../core/deps.ts";
import { ProblemError, problemResponse } from "../http/problem.ts";
import { preferredLocale } from "../http/request-wording.ts";
import { hashedAsset, loadPortalBundle, type PortalBundle } from "./portal-assets.ts";
import { type PortalPageAssets, portalCsp, renderPortalPage } from "./portal-page.ts";
import { portalIconSvg, portalThemeCss } from "./portal-theme.ts";

/**
 * The paths that answer the portal page: `/`, the three that Keyport's mails
 * link to, and the portal's areas with anything below them, for deep links
 * the page resolves with the History API (`account` is the old name of
 * `settings`, still followed). Everything else keeps its answer.
 */
export const PORTAL_AREAS = [
  "reset-password",
  "confirm-email",
  "accept-invitation",
  "sign-in",
  "dashboard",
  "licenses",
  "activations",
  "downloads",
  "profile",
  "settings",
  "account",
] as const;

const PORTAL_ROUTE = new RegExp(`^/(?:(?:${PORTAL_AREAS.join("|")})(?:/[A-Za-z0-9_-]+)*/?)?$`);

/** Whether a path answers the portal page (`/licenses/lic_123` does, `/v1/me` does not). */
export function isPortalRoute(path: string): boolean {
  return PORTAL_ROUTE.test(path);
}

const IMMUTABLE = "public, max-age=31536000, immutable";

export interface PortalAppOptions {
  /** The built files; by default what the server's build left in `dist/portal`. */
  readonly bundle?: PortalBundle | null;
}

/**
 * The standalone portal on the public listener: the page at `/` (and at every
 * portal route) and its hashed files under `/portal/`. The page is never
 * cached without asking (`no-cache`), the files it names are cached for a
 * year, since a change gives them a new name.
 *
 * @example
 * app.route("/", portalApp(deps.config));
 */
export function portalApp(
  config: Pick<Config, "portal">,
  { bundle = loadPortalBundle() }: PortalAppOptions = {},
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const theme = hashedAsset(
    "theme",
    ".css",
    "text/css; charset=utf-8",
    portalThemeCss(config.portal),
  );
  const icon = hashedAsset("icon", ".svg", "image/svg+xml", portalIconSvg(config.portal));
  const assets: PortalPageAssets | null = bundle && { ...bundle, theme, icon };
  const files = new Map(
    Object.values(assets ?? { theme, icon }).map((asset) => [asset.path, asset]),
  );
  const csp = portalCsp(config.portal);
  const pages = new Map<string, string>();

  app.get("/portal/:file", (c, next) => {
    const asset = files.get(c.req.path);
    if (asset === undefined) return next();
    c.header("Content-Type", asset.contentType);
    c.header("Cache-Control", IMMUTABLE);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200);
  });

  // Where browsers and feed readers look without reading the page: the page's own icon.
  app.get("/favicon.ico", (c) => c.redirect(config.portal.logoUrl ?? icon.path, 302));

  app.get("/*", (c, next) => {
    if (!isPortalRoute(c.req.path)) return next();
    if (assets === null) {
      return problemResponse(
        c,
        new ProblemError(503, "PORTAL_NOT_BUILT", {
          detail: "The portal's files are not built. Run `npm run build:server`, then start again.",
        }),
      );
    }
    const locale = preferredLocale(c.req.header("accept-language")) ?? "en";
    let page = pages.get(locale);
    if (page === undefined) {
      page = renderPortalPage(config.portal, assets, locale);
      pages.set(locale, page);
    }
    c.header("Content-Security-Policy", csp);
    c.header("Cache-Control", "no-cache");
    c.header("Vary", "Accept-Language");
    return c.html(page);
  });

  return app;
}
