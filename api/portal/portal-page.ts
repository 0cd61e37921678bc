import type { PortalBranding } from "../config/config.ts";
import type { PortalAsset } from "./portal-assets.ts";

/** The files a page links, by their hashed paths. */
export interface PortalPageAssets {
  readonly elements: PortalAsset;
  readonly start: PortalAsset;
  readonly styles: PortalAsset;
  readonly theme: PortalAsset;
  /** The page's icon, used when no logo is configured. */
  readonly icon: PortalAsset;
}

/**
 * The portal page's Content-Security-Policy: scripts, styles and API calls
 * from this origin only, nothing inline, nothing evaluated, no framing. A
 * logo on another host adds that host's origin to `img-src`, and nothing else.
 *
 * @example
 * portalCsp({ logoUrl: "https://cdn.example.com/logo.svg" });
 */
export function portalCsp({ logoUrl }: Pick<PortalBranding, "logoUrl">): string {
  const images = ["'self'", "data:"];
  if (logoUrl !== undefined) images.push(new URL(logoUrl).origin);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images.join(" ")}`,
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text and attribute values in HTML: the configuration is trusted, but still only text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/**
 * The one HTML page of the standalone portal, the same for every portal path:
 * its script reads the path and `?token=` and shows the right step. No inline
 * script or style, so the CSP needs neither `'unsafe-inline'` nor a nonce.
 *
 * `<main>` stays empty until the script runs; without JavaScript a
 * `<noscript>` says why.
 */
export function renderPortalPage(
  branding: PortalBranding,
  assets: PortalPageAssets,
  locale: "en" | "de",
): string {
  const title = escapeHtml(branding.title);
  const logo =
    branding.logoUrl === undefined
      ? ""
      : `<img class="portal-logo" src="${escapeHtml(branding.logoUrl)}" alt="" width="32" height="32">`;
  const noscript =
    locale === "de"
      ? "Das Portal braucht JavaScript. Schalten Sie es für diese Seite ein und laden Sie sie neu."
      : "The portal needs JavaScript. Turn it on for this page and reload it.";
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="${escapeHtml(branding.logoUrl ?? assets.icon.path)}">
<link rel="stylesheet" href="${assets.styles.path}">
<link rel="stylesheet" href="${assets.theme.path}">
<script type="module" src="${assets.elements.path}"></script>
<script type="module" src="${assets.start.path}"></script>
</head>
<body>
<header class="portal-header"><a class="portal-brand" href="/">${logo}<span class="portal-title">${title}</span></a></header>
<main id="portal" class="portal-main" data-product-name="${title}"${
    branding.logoUrl === undefined ? "" : ` data-logo-url="${escapeHtml(branding.logoUrl)}"`
  }><noscript><p class="portal-noscript">${noscript}</p></noscript></main>
</body>
</html>
`;
}
