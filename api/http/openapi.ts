import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import type { AppEnv } from "../core/deps.ts";
import { type FieldError, ProblemError } from "./problem.ts";
import { textFieldErrors } from "./text-rule.ts";

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

/** Headers are not client text in this sense (their values cannot hold control characters). */
function textFieldErrorsOf(data: unknown, place: string): FieldError[] {
  return place === "header" ? [] : textFieldErrors(data, place);
}

/**
 * A router whose validation failures answer 422 problem+json naming each field.
 * Every validated request part (body, query, path parameters) also passes the
 * text rule (http/text-rule.ts): a string holding a control character answers
 * 422 naming its field, whatever the field's own schema says.
 *
 * @example
 * const app = createRouter();
 * app.openapi(route, (c) => c.json(c.req.valid("json"), 200));
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      const place = TARGET_NAMES[result.target] ?? result.target;
      // On success `data` is the parsed value, on failure what the client sent.
      const textErrors = textFieldErrorsOf((result as { data?: unknown }).data, place);
      if (result.success && textErrors.length === 0) return;
      const named = new Set(textErrors.map((error) => error.field));
      const errors = [
        ...textErrors,
        ...(result.success ? [] : fieldErrorsOf(result.error as ZodError, result.target)).filter(
          (error) => !named.has(error.field),
        ),
      ];
      throw new ProblemError(422, "VALIDATION_FAILED", {
        detail: errors.map((error) => `${error.field}: ${error.message}`).join("; "),
        errors,
      });
    },
  });
}

/** The RFC 9457 body of every error answer; http/problem-responses.ts documents each route's codes. */
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

/** An example of a schema's value: readonly all the way down, so `as const` constants fit. */
export type Example<T> = T extends readonly (infer Item)[]
  ? readonly Example<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: Example<T[K]> }
    : T;

/** A JSON answer, with an example shaped like the demo data's (checked against the schema by type and by `npm run lint:openapi`). */
export function json<T extends z.ZodType>(
  schema: T,
  description = "OK",
  example?: Example<z.output<T>>,
) {
  return {
    description,
    content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
  };
}

/** A JSON request body, required unless told otherwise, with an example. */
export function jsonBody<T extends z.ZodType>(
  schema: T,
  example?: Example<z.input<T>>,
  { required = true }: { required?: boolean } = {},
) {
  return {
    required,
    content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
  };
}

/** An example page of `pageOf(item)`: the items, and the cursor of the next page. */
export function pageExample<const T>(data: readonly T[], nextCursor: string | null = null) {
  return { data, nextCursor };
}

/** The security of the Customer API's session routes: the portal's cookie or a bearer session token. */
export const SESSION_SECURITY: Record<string, string[]>[] = [
  { sessionCookie: [] },
  { sessionBearer: [] },
];

/** The security of the Vendor API: its API key as a bearer token. */
export const VENDOR_SECURITY: Record<string, string[]>[] = [{ vendorKey: [] }];

/** The security of an open route (sign-in, the Licensing API, health): none. */
export const NO_SECURITY: Record<string, string[]>[] = [];

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
