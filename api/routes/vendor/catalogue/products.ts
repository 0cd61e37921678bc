import {
  createProduct,
  getProduct,
  listProducts,
  updateProduct,
} from "../../../catalogue/product-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import type { Product } from "../../../db/schema.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  PageQuery,
  pageExample,
  pageOf,
  Timestamp,
  VENDOR_SECURITY,
  z,
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
import { Name } from "../../field-schemas.ts";
import { CURSOR_EXAMPLE, PRODUCT_EXAMPLE } from "../examples.ts";

const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single hyphens");

const ProductSchema = z
  .object({
    id: z.string().openapi({ example: "prd_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    name: z.string(),
    slug: z.string(),
    description: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Product");

const ProductCreateSchema = z
  .object({
    name: Name,
    slug: Slug,
    description: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .openapi("ProductCreate");

const ProductUpdateSchema = ProductCreateSchema.partial().strict().openapi("ProductUpdate");

const tags = ["Products"];
const security = VENDOR_SECURITY;
const slugTaken = { 409: { CONFLICT: 'body.slug: "acme-studio" is already taken.' } };

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
      operationId: "createProduct",
      tags,
      summary: "Create a product",
      description:
        "A product is what you sell; give it policies, releases and licenses next. `slug` " +
        "(lower-case letters, digits and single hyphens) is unique.",
      security,
      request: {
        body: jsonBody(ProductCreateSchema, {
          name: PRODUCT_EXAMPLE.name,
          slug: PRODUCT_EXAMPLE.slug,
          description: PRODUCT_EXAMPLE.description,
        }),
      },
      responses: {
        201: json(ProductSchema, "Created", PRODUCT_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, slugTaken),
      },
    }),
    async (c) => c.json(productJson(await createProduct(db, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/products",
      operationId: "listProducts",
      tags,
      summary: "List products, newest first",
      description:
        "Every product, newest first, a page at a time: pass `nextCursor` back as `cursor` " +
        "until it is `null`.",
      security,
      request: { query: PageQuery },
      responses: {
        200: json(
          pageOf(ProductSchema, "ProductPage"),
          "A page of products.",
          pageExample([PRODUCT_EXAMPLE], CURSOR_EXAMPLE),
        ),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS),
      },
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
      operationId: "getProduct",
      tags,
      summary: "Get a product",
      description: "One product by id; an unknown or malformed id answers 404.",
      security,
      request: { params: idParam("prd") },
      responses: {
        200: json(ProductSchema, "The product.", PRODUCT_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("product")),
      },
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
      operationId: "updateProduct",
      tags,
      summary: "Update a product",
      description: "Changes the fields given; the others stay. A new `slug` must be unused.",
      security,
      request: {
        params: idParam("prd"),
        body: jsonBody(ProductUpdateSchema, { description: "A desktop design app for teams." }),
      },
      responses: {
        200: json(ProductSchema, "The changed product.", {
          ...PRODUCT_EXAMPLE,
          description: "A desktop design app for teams.",
        }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, notFoundProblem("product"), slugTaken),
      },
    }),
    async (c) => {
      const row = await updateProduct(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("product");
      return c.json(productJson(row), 200);
    },
  );

  return app;
}
