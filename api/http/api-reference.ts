import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { swaggerUI } from "@hono/swagger-ui";
import { Hono } from "hono";

const require = createRequire(import.meta.url);
const SWAGGER_DIST = dirname(require.resolve("swagger-ui-dist/package.json"));
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
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(body);
  });
  return app;
}
