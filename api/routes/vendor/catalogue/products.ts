import {
  createProduct,
  getProduct,
  listProducts,
  updateProduct,
} from "../../../catalogue/product-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import type { Product } from "../../../db/schema.ts";
import {
  conflictResponse,
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  PageQuery,
  pageOf,
  problemResponses,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { notFound } from "../../../http/problem.ts";
import { ProductCreateSchema, ProductSchema, ProductUpdateSchema } from "../schemas.ts";

const tags = ["Products"];

export function productJson(row: Product) {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function productRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/products",
      tags,
      summary: "Create a product",
      request: { body: jsonBody(ProductCreateSchema) },
      responses: { 201: json(ProductSchema, "Created"), ...problemResponses, ...conflictResponse },
    }),
    async (c) => c.json(productJson(await createProduct(db, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/products",
      tags,
      summary: "List products, newest first",
      request: { query: PageQuery },
      responses: { 200: json(pageOf(ProductSchema, "ProductPage")), ...problemResponses },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const rows = await listProducts(db, { after: decodeCursor(cursor), limit });
      return c.json(toPage(rows, limit, productJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/products/{id}",
      tags,
      summary: "Get a product",
      request: { params: idParam("prd") },
      responses: { 200: json(ProductSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await getProduct(db, c.req.valid("param").id);
      if (!row) throw notFound("product");
      return c.json(productJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/products/{id}",
      tags,
      summary: "Update a product",
      request: { params: idParam("prd"), body: jsonBody(ProductUpdateSchema) },
      responses: { 200: json(ProductSchema), ...problemResponses, ...conflictResponse },
    }),
    async (c) => {
      const row = await updateProduct(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("product");
      return c.json(productJson(row), 200);
    },
  );

  return app;
}
