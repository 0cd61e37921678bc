/**
 * Every operation of an OpenAPI document as a request a test can send: path
 * parameters, required query parameters and a JSON body filled with plausible
 * values from the schemas (examples, enums, formats), so a sweep reaches the
 * handlers rather than only the validators. Which field carries what is up to
 * the sweep (`override`).
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
};

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
  security?: Record<string, string[]>[];
}

/** Where a string input sits: `path.id`, `query.q`, `body.name`, `body.items.0`. */
export interface InputField {
  readonly place: "path" | "query" | "body";
  /** Dotted path below the place (`name`, `entitlements.0`). */
  readonly path: string;
}

export interface SweepOperation {
  readonly method: string;
  /** The templated path (`/v1/licenses/{id}`). */
  readonly template: string;
  /** Whether the document asks for credentials on this operation. */
  readonly authenticated: boolean;
  /** The string inputs of the operation: path and query parameters, body fields. */
  readonly stringInputs: readonly InputField[];
  /** The request with every input sampled, `override` replacing one of them. */
  request(override?: { field: InputField; value: string }): {
    readonly url: string;
    readonly init: RequestInit;
  };
}

const METHODS = ["get", "post", "put", "patch", "delete"];

/**
 * @example
 * for (const op of sweepOperations(await (await app.request("/openapi.json")).json())) {
 *   const { url, init } = op.request();
 *   await app.request(url, init);
 * }
 */
export function sweepOperations(document: OpenApiDocument): SweepOperation[] {
  const resolve = (schema: Schema | undefined, depth = 0): Schema => {
    if (!schema || depth > 20) return {};
    if (schema.$ref) {
      const name = schema.$ref.replace("#/components/schemas/", "");
      return resolve(document.components?.schemas?.[name], depth + 1);
    }
    if (schema.allOf) {
      const merged: Schema = { properties: {}, required: [] };
      for (const part of schema.allOf) {
        const resolved = resolve(part, depth + 1);
        Object.assign(merged.properties!, resolved.properties);
        merged.required!.push(...(resolved.required ?? []));
        if (resolved.type) merged.type = resolved.type;
      }
      return merged;
    }
    return schema;
  };

  const sample = (raw: Schema | undefined, depth = 0): unknown => {
    const schema = resolve(raw);
    if (depth > 8) return null;
    if (schema.const !== undefined) return schema.const;
    if (schema.example !== undefined) return schema.example;
    if (schema.examples?.length) return schema.examples[0];
    if (schema.enum?.length) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    const variants = schema.oneOf ?? schema.anyOf;
    if (variants?.length) {
      const concrete = variants.map((variant) => resolve(variant)).find((v) => v.type !== "null");
      return sample(concrete ?? variants[0], depth + 1);
    }
    const type = Array.isArray(schema.type)
      ? schema.type.find((candidate) => candidate !== "null")
      : schema.type;
    switch (type) {
      case "string":
        return sampleString(schema);
      case "integer":
      case "number":
        return schema.minimum ?? 1;
      case "boolean":
        return false;
      case "array":
        return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, depth + 1));
      case "object":
        return Object.fromEntries(
          (schema.required ?? []).map((key) => [key, sample(schema.properties?.[key], depth + 1)]),
        );
      default:
        return schema.properties ? sample({ ...schema, type: "object" }, depth) : "sample";
    }
  };

  /** The string fields of a body schema (one level of objects and arrays of strings). */
  const stringFields = (raw: Schema | undefined, prefix: string, depth = 0): string[] => {
    const schema = resolve(raw);
    if (depth > 3) return [];
    const variants = schema.oneOf ?? schema.anyOf;
    const properties = {
      ...schema.properties,
      ...Object.assign({}, ...(variants ?? []).map((v) => resolve(v).properties ?? {})),
    } as Record<string, Schema>;
    return Object.entries(properties).flatMap(([key, child]) => {
      const field = prefix ? `${prefix}.${key}` : key;
      const resolved = resolve(child);
      const kinds = [resolved, ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])].map(resolve);
      if (kinds.some((kind) => isType(kind, "string"))) return [field];
      if (kinds.some((kind) => isType(kind, "array"))) {
        const items = resolve(kinds.find((kind) => isType(kind, "array"))?.items);
        return isType(items, "string") ? [`${field}.0`] : [];
      }
      if (kinds.some((kind) => isType(kind, "object") || kind.properties)) {
        return stringFields(child, field, depth + 1);
      }
      return [];
    });
  };

  const operations: SweepOperation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      const jsonSchema = operation.requestBody?.content?.["application/json"]?.schema;
      const rawBody = operation.requestBody?.content
        ? Object.keys(operation.requestBody.content).find((type) => type !== "application/json")
        : undefined;
      const stringInputs: InputField[] = [
        ...parameters
          .filter((p) => p.in === "path" || (p.in === "query" && isStringish(resolve(p.schema))))
          .map((p) => ({ place: p.in as "path" | "query", path: p.name })),
        ...(jsonSchema
          ? stringFields(jsonSchema, "").map((path) => ({ place: "body" as const, path }))
          : []),
      ];
      const security = operation.security ?? document.security ?? [];
      operations.push({
        method: method.toUpperCase(),
        template,
        authenticated: security.some((requirement) => Object.keys(requirement).length > 0),
        stringInputs,
        request(override) {
          const is = (place: string, name: string) =>
            override?.field.place === place && override.field.path === name;
          let path = template;
          const query = new URLSearchParams();
          for (const parameter of parameters) {
            const value = is(parameter.in, parameter.name)
              ? override!.value
              : String(parameter.example ?? sample(parameter.schema));
            if (parameter.in === "path") {
              path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
            } else if (
              parameter.in === "query" &&
              (parameter.required || is("query", parameter.name))
            ) {
              query.set(parameter.name, value);
            }
          }
          const headers: Record<string, string> = {};
          let body: BodyInit | undefined;
          if (jsonSchema) {
            const value = sample(jsonSchema) as Record<string, unknown>;
            if (override?.field.place === "body")
              setPath(value, override.field.path, override.value);
            headers["content-type"] = "application/json";
            body = JSON.stringify(value);
          } else if (rawBody) {
            headers["content-type"] = "application/octet-stream";
            body = new Uint8Array([1, 2, 3]);
          }
          const search = query.size > 0 ? `?${query}` : "";
          return { url: `${path}${search}`, init: { method: method.toUpperCase(), headers, body } };
        },
      });
    }
  }
  return operations;
}

function isType(schema: Schema, type: string): boolean {
  return Array.isArray(schema.type) ? schema.type.includes(type) : schema.type === type;
}

function isStringish(schema: Schema): boolean {
  if (isType(schema, "string")) return true;
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((variant) =>
    isType(variant, "string"),
  );
}

function sampleString(schema: Schema): string {
  switch (schema.format) {
    case "email":
      return "sweep@example.com";
    case "date-time":
      return new Date().toISOString();
    case "date":
      return new Date().toISOString().slice(0, 10);
    case "uri":
    case "url":
      return "https://example.com/";
    case "uuid":
      return "00000000-0000-4000-8000-000000000000";
    default:
      return "sample".padEnd(schema.minLength ?? 0, "x");
  }
}

/** Sets `a.b.0` inside `target`, creating objects and arrays on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node: Record<string, unknown> = target;
  for (const [index, key] of keys.entries()) {
    if (index === keys.length - 1) {
      node[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(keys[index + 1]!);
    if (node[key] === null || typeof node[key] !== "object") node[key] = nextIsIndex ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
}
