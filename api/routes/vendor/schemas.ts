import { Timestamp, z } from "../../http/openapi.ts";

/** Trimmed, non-empty, bounded text: what every name field accepts. */
export const Name = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "at most 200 characters");

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single hyphens");

export const ProductSchema = z
  .object({
    id: z.string().openapi({ example: "prd_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    name: z.string(),
    slug: z.string(),
    description: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Product");

export const ProductCreateSchema = z
  .object({
    name: Name,
    slug: Slug,
    description: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .openapi("ProductCreate");

export const ProductUpdateSchema = ProductCreateSchema.partial().strict().openapi("ProductUpdate");
