import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where the vendor site listens and how it reaches Keyport. */
export interface SiteSettings {
  readonly port: number;
  readonly host: string;
  /** The site's own origin as browsers see it, e.g. `http://localhost:8790`. */
  readonly siteUrl: string;
  /** Keyport's public listener: the widgets call its Customer API from the browser. */
  readonly keyportUrl: string;
  /** Keyport's Vendor API listener: only this server calls it. */
  readonly keyportVendorUrl: string;
  /** The Vendor API key; it never leaves this server. */
  readonly vendorKey: string;
  /** Lifetime of each widget token; unset: Keyport's `PORTAL_SESSION_MINUTES`. */
  readonly tokenMinutes?: number;
}

/**
 * Reads the settings from the environment, with defaults that fit `npm start` on this machine.
 * Throws with the variable's name when a value is wrong.
 *
 * @example
 * const settings = loadSiteSettings(process.env);
 */
export function loadSiteSettings(env: NodeJS.ProcessEnv, cwd = process.cwd()): SiteSettings {
  const port = Number(env.VENDOR_SITE_PORT ?? 8790);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`VENDOR_SITE_PORT: expected a port number (got "${env.VENDOR_SITE_PORT}")`);
  }
  const tokenMinutes =
    env.VENDOR_SITE_TOKEN_MINUTES === undefined ? undefined : Number(env.VENDOR_SITE_TOKEN_MINUTES);
  if (tokenMinutes !== undefined && !(Number.isInteger(tokenMinutes) && tokenMinutes >= 1)) {
    throw new Error(
      `VENDOR_SITE_TOKEN_MINUTES: expected whole minutes, at least 1 (got "${env.VENDOR_SITE_TOKEN_MINUTES}")`,
    );
  }
  const dataDir = resolve(cwd, env.DATA_DIR ?? ".keyport");
  return {
    port,
    host: env.VENDOR_SITE_HOST ?? "127.0.0.1",
    siteUrl: origin("VENDOR_SITE_URL", env.VENDOR_SITE_URL ?? `http://localhost:${port}`),
    keyportUrl: origin("KEYPORT_URL", env.KEYPORT_URL ?? "http://localhost:8787"),
    keyportVendorUrl: origin(
      "KEYPORT_VENDOR_URL",
      env.KEYPORT_VENDOR_URL ?? "http://localhost:8788",
    ),
    vendorKey: env.KEYPORT_VENDOR_KEY || demoVendorKey(dataDir),
    ...(tokenMinutes === undefined ? {} : { tokenMinutes }),
  };
}

/** The key the embedded demo wrote beside its data (`DATA_DIR/demo.json`) on its first start. */
function demoVendorKey(dataDir: string): string {
  const files = safeList(dataDir).filter((name) => /^demo(-[0-9a-f]+)?\.json$/.test(name));
  const file = files.includes("demo.json") ? "demo.json" : files[0];
  if (file === undefined) {
    throw new Error(
      `KEYPORT_VENDOR_KEY: not set, and no demo key in ${dataDir} (start Keyport once with \`npm start\`, ` +
        "or set KEYPORT_VENDOR_KEY to a key from `npx keyport vendor-key create`)",
    );
  }
  const { vendorKey } = JSON.parse(readFileSync(join(dataDir, file), "utf8")) as {
    vendorKey?: unknown;
  };
  if (typeof vendorKey !== "string") throw new Error(`KEYPORT_VENDOR_KEY: no key in ${file}`);
  return vendorKey;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** An `http(s)://host[:port]` origin, without a path or a trailing slash. */
function origin(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}: expected an http(s) URL (got "${value}")`);
  }
  if (
    !["http:", "https:"].includes(url.protocol) ||
    (url.pathname !== "/" && url.pathname !== "")
  ) {
    throw new Error(`${name}: expected an http(s) origin without a path (got "${value}")`);
  }
  return url.origin;
}
