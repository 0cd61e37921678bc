import { ProblemSchema, z } from "./openapi.ts";
import { problemTitle } from "./problem.ts";

/** Each `code` one status can answer with, and what it means (worded like its `detail`). */
export type ProblemCodes = Readonly<Record<string, string>>;

/** Error answers by HTTP status. */
export type ProblemSet = Readonly<Record<number, ProblemCodes>>;

/** No session, or one that ended: every Customer API route behind a session. */
export const SESSION_PROBLEMS = {
  401: {
    UNAUTHENTICATED: "No session cookie and no `Authorization: Bearer` session token.",
    SESSION_EXPIRED: "The session has ended (expired, idle too long or signed out). Sign in again.",
  },
} as const satisfies ProblemSet;

/** Every Vendor API route: the key is checked before anything else. */
export const VENDOR_KEY_PROBLEMS = {
  401: { UNAUTHORIZED: "A valid vendor API key is required (missing, unknown and revoked alike)." },
} as const satisfies ProblemSet;

/** Writes with the session cookie must come from an allowed page (CSRF defence). */
export const ORIGIN_PROBLEMS = {
  403: {
    ORIGIN_NOT_ALLOWED:
      "A write carried by the session cookie came without an allowed `Origin` (a bearer token is not checked).",
  },
} as const satisfies ProblemSet;

const VALIDATION_FAILED = "A field or parameter is missing or invalid; `errors` names each one.";

/** A query or path parameter that does not fit its schema. */
export const INPUT_PROBLEMS = {
  422: { VALIDATION_FAILED },
} as const satisfies ProblemSet;

/** Everything a JSON request body can be refused for before the route looks at it. */
export const JSON_BODY_PROBLEMS = {
  400: { MALFORMED_JSON: "The request body is not valid JSON." },
  413: { PAYLOAD_TOO_LARGE: "Request bodies are limited to 1 MiB." },
  415: {
    UNSUPPORTED_MEDIA_TYPE: "Send the request body as JSON, with Content-Type: application/json.",
  },
  422: { VALIDATION_FAILED },
} as const satisfies ProblemSet;

/** A path id that names nothing the caller may see (a malformed id answers the same). */
export function notFoundProblem(what: string): ProblemSet {
  return { 404: { NOT_FOUND: `No such ${what}.` } };
}

/** A throttle: 429 `RATE_LIMITED` with `Retry-After`, and `retryAfter` (seconds) in the body. */
export function rateLimitProblem(detail: string): ProblemSet {
  return { 429: { RATE_LIMITED: detail } };
}

/** The answers any route can give when something breaks or is away on the server's side. */
const INTERNAL_PROBLEMS = {
  500: {
    INTERNAL_ERROR: "Something went wrong on our side. The request id helps support find it.",
  },
  503: {
    DATABASE_UNAVAILABLE: "The database does not answer. Try again after `Retry-After` seconds.",
  },
} as const satisfies ProblemSet;

/** A response header as OpenAPI describes it. */
interface HeaderObject {
  readonly description?: string;
  readonly schema: { readonly type: "string" | "integer" };
  readonly example?: string | number;
}

/** Headers some codes answer with. */
const HEADERS_OF_CODE: Readonly<Record<string, Readonly<Record<string, HeaderObject>>>> = {
  UNAUTHENTICATED: {
    "WWW-Authenticate": { schema: { type: "string" }, example: 'Bearer realm="keyport"' },
  },
  SESSION_EXPIRED: {
    "WWW-Authenticate": {
      schema: { type: "string" },
      example: 'Bearer realm="keyport", error="invalid_token"',
    },
  },
  UNAUTHORIZED: {
    "WWW-Authenticate": { schema: { type: "string" }, example: 'Bearer realm="keyport-vendor"' },
  },
  RATE_LIMITED: {
    "Retry-After": {
      description: "Seconds until a new attempt can succeed.",
      schema: { type: "integer" },
      example: 60,
    },
  },
  DEACTIVATION_LIMIT_REACHED: {
    "Retry-After": {
      description: "Seconds until the next deactivation is allowed; absent when none ever is.",
      schema: { type: "integer" },
      example: 86400,
    },
  },
  DATABASE_UNAVAILABLE: {
    "Retry-After": {
      description: "Seconds to wait before trying again.",
      schema: { type: "integer" },
      example: 5,
    },
  },
  STORE_UNAVAILABLE: {
    "Retry-After": {
      description: "Seconds to wait before trying again.",
      schema: { type: "integer" },
      example: 30,
    },
  },
  RANGE_NOT_SATISFIABLE: {
    "Content-Range": {
      description: "The file's size, as `bytes */size`.",
      schema: { type: "string" },
      example: "bytes */24576",
    },
  },
};

/** A request id as the answers carry it (the client's own `X-Request-Id`, or a UUID). */
const EXAMPLE_REQUEST_ID = "5f0c2a7e-9b1d-4c3a-8e6f-2d4b7a9c1e08";

function problemAnswer(status: number, codes: ProblemCodes) {
  const names = Object.keys(codes) as [string, ...string[]];
  const [first] = names;
  const headers = Object.assign({}, ...names.map((name) => HEADERS_OF_CODE[name] ?? {}));
  return {
    description: names.map((name) => `\`${name}\`: ${codes[name]}`).join("\n\n"),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: {
      "application/problem+json": {
        schema: ProblemSchema.extend({ code: z.enum(names) }),
        example: {
          type: "about:blank",
          title: problemTitle(status),
          status,
          code: first,
          detail: codes[first],
          requestId: EXAMPLE_REQUEST_ID,
        },
      },
    },
  };
}

/**
 * The error answers of a route: problem+json whose `code` is one of the listed
 * ones, each explained in the description, with an example. Sets merge by
 * status, so a route lists what applies to it; `500 INTERNAL_ERROR` and
 * `503 DATABASE_UNAVAILABLE` are added to every route.
 *
 * @example
 * responses: { 200: json(LicenseSchema), ...problems(SESSION_PROBLEMS, notFoundProblem("license")) }
 */
export function problems(...sets: readonly ProblemSet[]) {
  const merged: Record<number, Record<string, string>> = {};
  for (const set of [...sets, INTERNAL_PROBLEMS]) {
    for (const [status, codes] of Object.entries(set)) {
      merged[Number(status)] = { ...merged[Number(status)], ...codes };
    }
  }
  return Object.fromEntries(
    Object.entries(merged).map(([status, codes]) => [status, problemAnswer(Number(status), codes)]),
  ) as Record<number, ReturnType<typeof problemAnswer>>;
}

interface ResponseObject {
  readonly content?: Record<string, unknown>;
  readonly $ref?: string;
}
type Operations = Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;

/** `UNAUTHENTICATED` + `SESSION_EXPIRED` → `UnauthenticatedOrSessionExpired`. */
function componentName(response: ResponseObject): string | null {
  const media = response.content?.["application/problem+json"] as
    | { example?: unknown; schema?: { allOf?: { properties?: { code?: { enum?: string[] } } }[] } }
    | undefined;
  const codes = media?.schema?.allOf?.[1]?.properties?.code?.enum;
  if (!codes) return null;
  const pascal = (code: string) =>
    code
      .toLowerCase()
      .split("_")
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join("");
  return codes.map(pascal).join("Or");
}

/**
 * Moves the error answers several operations share into `components.responses`
 * and refers to them, so the document (and every client generated from it)
 * carries each one once. Names come from the codes: the 401 of every session
 * route becomes `#/components/responses/UnauthenticatedOrSessionExpired`. Two
 * different answers with the same codes: the more common one gets the name, the
 * other stays inline. Answers only one operation gives stay inline too.
 *
 * @example
 * c.json(shareProblemResponses(app.getOpenAPI31Document(config)));
 */
export function shareProblemResponses<T extends object>(document: T): T {
  const { paths: given, components: givenComponents } = document as {
    paths?: Operations;
    components?: Record<string, unknown>;
  };
  const paths = given ?? {};
  const uses = new Map<string, { response: ResponseObject; count: number }>();
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses ?? {})) {
        if (componentName(response) === null) continue;
        const key = JSON.stringify(response);
        const use = uses.get(key) ?? { response, count: 0 };
        use.count += 1;
        uses.set(key, use);
      }
    }
  }
  const shared = new Map<string, string>();
  const taken = new Set<string>();
  const byUse = [...uses].sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1));
  for (const [key, { response, count }] of byUse) {
    const name = componentName(response)!;
    if (count < 2 || taken.has(name)) continue;
    taken.add(name);
    shared.set(key, name);
  }
  if (shared.size === 0) return document;
  const responses: Record<string, ResponseObject> = {};
  const newPaths: Operations = {};
  for (const [path, item] of Object.entries(paths)) {
    newPaths[path] = Object.fromEntries(
      Object.entries(item).map(([method, operation]) => {
        if (!operation.responses) return [method, operation];
        const mapped = Object.entries(operation.responses).map(([status, response]) => {
          const name = shared.get(JSON.stringify(response));
          if (!name) return [status, response];
          responses[name] = response;
          return [status, { $ref: `#/components/responses/${name}` }];
        });
        return [method, { ...operation, responses: Object.fromEntries(mapped) }];
      }),
    );
  }
  const components = givenComponents ?? {};
  const sortedResponses = Object.fromEntries(
    Object.entries({ ...(components.responses as object), ...responses }).sort(([a], [b]) =>
      a < b ? -1 : 1,
    ),
  );
  return {
    ...document,
    paths: newPaths,
    components: { ...components, responses: sortedResponses },
  };
}
