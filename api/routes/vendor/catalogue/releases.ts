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
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  pageExample,
  pageOf,
  VENDOR_SECURITY,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { notFound } from "../../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  problems,
  VENDOR_KEY_PROBLEMS,
} from "../../../http/problem-responses.ts";
import { ASSET_EXAMPLE, CURSOR_EXAMPLE, RELEASE_EXAMPLE } from "../examples.ts";
import {
  assetJson,
  ReleaseCreateSchema,
  ReleaseListQuery,
  ReleaseSchema,
  ReleaseUpdateSchema,
} from "./release-schemas.ts";

const tags = ["Releases"];
const security = VENDOR_SECURITY;

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
      operationId: "createRelease",
      tags,
      summary: "Create a release",
      description:
        "A version of a product (strict SemVer, unique per product) on the `stable` or " +
        "`beta` channel. Customers see it from `publishedAt` on (default now; `null` keeps it " +
        "a draft); upload its files with `POST /vendor/v1/releases/{id}/assets`. An unknown " +
        "`productId` answers 422 `UNKNOWN_REFERENCE`.",
      security,
      request: {
        body: jsonBody(ReleaseCreateSchema, {
          productId: RELEASE_EXAMPLE.productId,
          version: RELEASE_EXAMPLE.version,
          channel: "stable",
          publishedAt: RELEASE_EXAMPLE.publishedAt,
          notes: RELEASE_EXAMPLE.notes,
        }),
      },
      responses: {
        201: json(ReleaseSchema, "Created", RELEASE_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, {
          409: { CONFLICT: "body.version: version 3.1.0 of this product already exists." },
          422: { UNKNOWN_REFERENCE: "body.productId: no such product." },
        }),
      },
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
      operationId: "listReleases",
      tags,
      summary: "List releases, newest first",
      description:
        "Every release, newest first; `productId` keeps one product's. Without assets: " +
        "`GET /vendor/v1/releases/{id}` has them.",
      security,
      request: { query: ReleaseListQuery },
      responses: {
        200: json(
          pageOf(ReleaseSchema, "ReleasePage"),
          "A page of releases.",
          pageExample([RELEASE_EXAMPLE], CURSOR_EXAMPLE),
        ),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS),
      },
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
      operationId: "getRelease",
      tags,
      summary: "Get a release with its assets",
      description: "One release by id, with its assets; an unknown or malformed id answers 404.",
      security,
      request: { params: idParam("rel") },
      responses: {
        200: json(ReleaseSchema, "The release and its assets.", {
          ...RELEASE_EXAMPLE,
          assets: [ASSET_EXAMPLE],
        }),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("release")),
      },
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
      operationId: "updateRelease",
      tags,
      summary: "Update a release's channel, publication or notes",
      description:
        "Moves a release between channels, (un)publishes it (`publishedAt: null` makes it a draft) " +
        "or changes its notes; the version never changes.",
      security,
      request: {
        params: idParam("rel"),
        body: jsonBody(ReleaseUpdateSchema, { notes: "Collaborative comments and faster export." }),
      },
      responses: {
        200: json(ReleaseSchema, "The changed release.", {
          ...RELEASE_EXAMPLE,
          notes: "Collaborative comments and faster export.",
        }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, notFoundProblem("release")),
      },
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
