import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import type { AppEnv } from "../core/deps.ts";
import { type FieldError, ProblemError } from "./problem.ts";

export { createRoute, z };

const TARGET_NAMES: Record<string, string> = {
  json: "body",
  form: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
};

/** Field errors with dotted paths that say where in the request the fault is. */
export function fieldErrorsOf(error: ZodError, target: string): FieldError[] {
  const place = TARGET_NAMES[target] ?? target;
  return error.issues.flatMap((issue) => {
    const path = [place, ...issue.path.map(String)];
    // A strict object reports all unknown keys in one issue; name each of them.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: [...path, key].join("."),
        message: "unknown field",
      }));
    }
    return [{ field: path.join("."), message: issue.message }];
  });
}

/**
 * A router whose validation failures answer 422 problem+json naming each field.
 *
 * @example
 * const app = createRouter();
 * app.openapi(route, (c) => c.json(c.req.valid("json"), 200));
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const errors = fieldErrorsOf(result.error as ZodError, result.target);
      throw new ProblemError(422, "VALIDATION_FAILED", {
        detail: errors.map((error) => `${error.field}: ${error.message}`).join("; "),
        errors,
      });
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: "VALIDATION_FAILED" }),
    detail: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error answers most routes share. */
export const problemResponses = {
  400: problem("Malformed request (for example, invalid JSON)."),
  401: problem("Missing or invalid credentials."),
  404: problem("Not found."),
  422: problem("A field is missing or invalid; `errors` names it."),
} as const;

export const conflictResponse = { 409: problem("A unique value is already taken.") } as const;

/** JSON content for a response or request body. */
export function json<T extends z.ZodType>(schema: T, description = "OK") {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

/** `?cursor=&limit=` (limit ≤ 100). */
export const PageQuery = z.object({
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "The `nextCursor` of the previous page." }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** `{ data, nextCursor }`. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

/** A path parameter holding a prefixed id; a malformed one answers 404 like an unknown one. */
export function idParam(prefix: string) {
  return z.object({
    id: z
      .string()
      .max(64)
      .openapi({
        param: { name: "id", in: "path" },
        example: `${prefix}_01JDQ8W3ZJ5X2V7M4K9T6R1BNA`,
      }),
  });
}

/** ISO-8601 timestamps in answers. */
export const Timestamp = z
  .string()
  .openapi({ format: "date-time", example: "2026-11-30T09:00:00.000Z" });
