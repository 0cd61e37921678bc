import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One file of the portal, served under a name that carries a hash of its bytes. */
export interface PortalAsset {
  /** `/portal/keyport-elements.3f9c0a1b2d4e5f60.js`: a new name whenever the bytes change. */
  readonly path: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** What the server's build puts into `dist/portal/` (see the server section of rollup.config.mjs). */
export interface PortalBundle {
  /** The elements' single-file bundle: Lit, the SDK and every registered element. */
  readonly elements: PortalAsset;
  /** The page's own script: mounts the provider and the element for the path. */
  readonly start: PortalAsset;
  /** The page's layout, around the elements. */
  readonly styles: PortalAsset;
}

const BUILT_FILES = {
  elements: { file: "keyport-elements.js", contentType: "text/javascript; charset=utf-8" },
  start: { file: "portal-start.js", contentType: "text/javascript; charset=utf-8" },
  styles: { file: "portal.css", contentType: "text/css; charset=utf-8" },
} as const;

/**
 * `dist/portal` of this package, found from this module whether it runs from
 * the sources (`api/portal/`) or from the build (`api/dist/…`).
 */
export function builtPortalDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, "dist", "portal");
}

/**
 * An asset named after the first 16 hex digits of its SHA-256, so that it can
 * be cached for a year: the name changes whenever a byte does.
 *
 * @example
 * hashedAsset("theme", ".css", "text/css; charset=utf-8", css).path; // "/portal/theme.1a2b….css"
 */
export function hashedAsset(
  name: string,
  extension: string,
  contentType: string,
  body: Uint8Array | string,
): PortalAsset {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  return { path: `/portal/${name}.${hash}${extension}`, contentType, body: bytes };
}

/**
 * Reads the built portal once, at start. The hash is taken from the bytes
 * served rather than from a manifest written at build time, so the two can
 * never disagree, and stale hashed files cannot pile up in `dist/`. `null`
 * when the build has not run (a checkout started from the sources alone).
 */
export function loadPortalBundle(dir = builtPortalDir()): PortalBundle | null {
  const read = (key: keyof typeof BUILT_FILES): PortalAsset | null => {
    const { file, contentType } = BUILT_FILES[key];
    const path = join(dir, file);
    if (!existsSync(path)) return null;
    const dot = file.lastIndexOf(".");
    return hashedAsset(file.slice(0, dot), file.slice(dot), contentType, readFileSync(path));
  };
  const elements = read("elements");
  const start = read("start");
  const styles = read("styles");
  return elements && start && styles ? { elements, start, styles } : null;
}
