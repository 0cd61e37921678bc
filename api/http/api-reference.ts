import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { swaggerUI } from "@hono/swagger-ui";
import { Hono } from "hono";
import { DAY_SECONDS } from "../core/time.ts";

/**
 * Where Swagger UI's two files are. The package's build copies them into
 * `dist/swagger-ui`, so an installed server needs neither `swagger-ui-dist` nor
 * its install-time telemetry; an unbuilt checkout reads the dev dependency.
 */
function swaggerAssetDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  const copied = join(dir, "dist", "swagger-ui");
  if (existsSync(copied)) return copied;
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

const SWAGGER_DIST = swaggerAssetDir();
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

/** Served from our own origin: the reference works on closed networks and under a strict CSP. */
const DOCS_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/**
 * An API reference page (Swagger UI) at `base`, reading the document at `specUrl`,
 * with its scripts served locally under `base/assets/`.
 */
export function apiReference(base: string, specUrl: string, title: string): Hono {
  const app = new Hono();
  const page = swaggerUI({ url: specUrl, title, baseUrl: `${base}/assets` });
  app.get(base, (c, next) => {
    c.header("Content-Security-Policy", DOCS_CSP);
    return page(c, next);
  });
  app.get(`${base}/assets/swagger-ui-dist/:file`, async (c) => {
    const file = c.req.param("file");
    const type = ASSETS[file];
    if (!type) return c.notFound();
    const body = await readFile(join(SWAGGER_DIST, file));
    c.header("Content-Type", type);
    c.header("Cache-Control", `public, max-age=${DAY_SECONDS}`);
    return c.body(body);
  });
  return app;
}
