import {
  createRelease,
  getRelease,
  listReleases,
  updateRelease,
} from "../../../catalogue/release-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import type { Release } from "../../../db/schema.ts";
import { listAssets } from "../../../downloads/asset-service.ts";
import {
  conflictResponse,
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  pageOf,
  problemResponses,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { notFound } from "../../../http/problem.ts";
import { assetJson } from "./assets.ts";
import {
  ReleaseCreateSchema,
  ReleaseListQuery,
  ReleaseSchema,
  ReleaseUpdateSchema,
} from "./release-schemas.ts";

const tags = ["Releases"];

export function releaseJson(row: Release) {
  return {
    id: row.id,
    productId: row.product_id,
    version: row.version,
    channel: row.channel,
    publishedAt: row.published_at?.toISOString() ?? null,
    notes: row.notes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** `undefined` leaves a field alone, `null` clears it, a string is an ISO date-time. */
function toDate(value: string | null | undefined): Date | null | undefined {
  return typeof value === "string" ? new Date(value) : value;
}

export function releaseRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/releases",
      tags,
      summary: "Create a release",
      request: { body: jsonBody(ReleaseCreateSchema) },
      responses: { 201: json(ReleaseSchema, "Created"), ...problemResponses, ...conflictResponse },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const row = await createRelease(db, { ...body, publishedAt: toDate(body.publishedAt) });
      return c.json(releaseJson(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/releases",
      tags,
      summary: "List releases, newest first",
      request: { query: ReleaseListQuery },
      responses: { 200: json(pageOf(ReleaseSchema, "ReleasePage")), ...problemResponses },
    }),
    async (c) => {
      const { cursor, limit, productId } = c.req.valid("query");
      const rows = await listReleases(db, { productId, after: decodeCursor(cursor), limit });
      return c.json(toPage(rows, limit, releaseJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/releases/{id}",
      tags,
      summary: "Get a release with its assets",
      request: { params: idParam("rel") },
      responses: { 200: json(ReleaseSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await getRelease(db, c.req.valid("param").id);
      if (!row) throw notFound("release");
      const assets = await listAssets(db, { releaseId: row.id });
      return c.json({ ...releaseJson(row), assets: assets.map(assetJson) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/releases/{id}",
      tags,
      summary: "Update a release's channel, publication or notes",
      request: { params: idParam("rel"), body: jsonBody(ReleaseUpdateSchema) },
      responses: { 200: json(ReleaseSchema), ...problemResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const row = await updateRelease(db, c.req.valid("param").id, {
        ...body,
        publishedAt: toDate(body.publishedAt),
      });
      if (!row) throw notFound("release");
      return c.json(releaseJson(row), 200);
    },
  );

  return app;
}
