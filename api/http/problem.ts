import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { InputError } from "../core/errors.ts";
import { AssetStoreError } from "../downloads/stores/asset-store.ts";
import { LicensingBacklogError } from "../licensing/licensing-writes.ts";

export interface FieldError {
  /** The field in the request, as a dotted path (`body.policyId`, `query.limit`). */
  readonly field: string;
  readonly message: string;
}

/** The RFC 9457 body every error answer carries, with a stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  410: "Gone",
  413: "Content too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
};

/** The `title` of a problem with this status (RFC 9457: the same for every problem of a kind). */
export function problemTitle(status: number): string {
  return TITLES[status] ?? "Error";
}

/**
 * An error that answers as problem+json. Thrown at the HTTP edge (routes,
 * middleware); services report with return values or their own errors.
 *
 * @example
 * throw new ProblemError(404, "NOT_FOUND", { detail: "No such license." });
 */
export class ProblemError extends Error {
  override readonly name = "ProblemError";
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    {
      detail,
      errors,
      extensions = {},
      headers = {},
      cause,
    }: {
      detail?: string;
      errors?: FieldError[];
      extensions?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(detail ?? code, { cause });
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.extensions = extensions;
    this.headers = headers;
  }
}

/** A 422 naming one field. */
export function fieldProblem(
  field: string,
  message: string,
  code = "VALIDATION_FAILED",
): ProblemError {
  return new ProblemError(422, code, {
    detail: `${field}: ${message}`,
    errors: [{ field, message }],
  });
}

/** A 404 that says nothing about whether the thing exists elsewhere. */
export function notFound(what = "resource"): ProblemError {
  return new ProblemError(404, "NOT_FOUND", { detail: `No such ${what}.` });
}

/** Writes a problem answer. */
export function problemResponse(c: Context, problem: ProblemError): Response {
  const body: Problem = {
    type: "about:blank",
    title: problemTitle(problem.status),
    status: problem.status,
    code: problem.code,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...problem.extensions,
    requestId: c.get("requestId"),
  };
  for (const [name, value] of Object.entries(problem.headers)) c.header(name, value);
  c.header("Content-Type", "application/problem+json");
  return c.body(JSON.stringify(body), problem.status);
}

interface DatabaseErrorLike {
  code?: unknown;
  constraint?: unknown;
  detail?: unknown;
}

/**
 * Turns whatever was thrown into a problem. Constraint violations that a service
 * did not catch first (a race between two requests) still answer 409/422, not 500.
 */
export function toProblem(
  error: unknown,
  fieldForConstraint: (constraint: string) => string,
): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof InputError) {
    const [status, code]: [ContentfulStatusCode, string] =
      error.kind === "duplicate"
        ? [409, "CONFLICT"]
        : error.kind === "unknown_reference"
          ? [422, "UNKNOWN_REFERENCE"]
          : error.kind === "invalid_value"
            ? [422, "VALIDATION_FAILED"]
            : [409, "INVALID_STATE"];
    return new ProblemError(status, code, {
      detail: `${error.field}: ${error.message}`,
      errors: [{ field: error.field, message: error.message }],
    });
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    if (status === 400 && /JSON/i.test(error.message)) {
      return new ProblemError(400, "MALFORMED_JSON", {
        detail: "The request body is not valid JSON.",
      });
    }
    if (status === 415) {
      // Thrown by the request validator when a JSON route gets another Content-Type.
      return new ProblemError(415, "UNSUPPORTED_MEDIA_TYPE", {
        detail: "Send the request body as JSON, with Content-Type: application/json.",
      });
    }
    return new ProblemError(status, codeForStatus(status), { detail: error.message || undefined });
  }
  if (error instanceof AssetStoreError) {
    // S3 (or the disk behind it) failed: the request may well work a moment later.
    // Same answer as /dl gives (routes/downloads-delivery.ts).
    return new ProblemError(503, "STORE_UNAVAILABLE", {
      detail: "The file store does not answer. Try again shortly.",
      headers: { "Retry-After": "30" },
      cause: error,
    });
  }
  if (isDatabaseUnavailable(error) || error instanceof LicensingBacklogError) {
    // PostgreSQL is down, restarting, out of connections or too slow to answer in time: the
    // pool reconnects by itself once it is back, so the client may retry shortly (as /readyz
    // tells load balancers).
    return databaseUnavailable(error);
  }
  const database = error as DatabaseErrorLike;
  if (database && typeof database.code === "string" && typeof database.constraint === "string") {
    const field = fieldForConstraint(database.constraint);
    if (database.code === "23505") {
      return new ProblemError(409, "CONFLICT", {
        detail: `${field}: already taken.`,
        errors: [{ field, message: "already taken" }],
        cause: error,
      });
    }
    if (database.code === "23503") {
      return new ProblemError(422, "UNKNOWN_REFERENCE", {
        detail: `${field}: refers to nothing.`,
        errors: [{ field, message: "refers to nothing" }],
        cause: error,
      });
    }
  }
  if (isDataException(error)) {
    // A value the database cannot take (SQLSTATE class 22: bad encoding, out of range,
    // invalid syntax) came from the request; the schemas should have caught it first.
    return new ProblemError(422, "INVALID_VALUE", {
      detail:
        "A value in the request cannot be stored or compared: it is malformed or out of range.",
      cause: error,
    });
  }
  return new ProblemError(500, "INTERNAL_ERROR", {
    detail: "Something went wrong on our side. The request id helps support find it.",
    cause: error,
  });
}

/**
 * A PostgreSQL data exception (SQLSTATE class 22, such as 22021 for a NUL byte,
 * 22P02 for invalid syntax, 22003 for a number out of range), from either driver
 * and however deep in a `cause` chain the service wrapped it.
 */
export function isDataException(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
  return isDataException(cause, depth + 1);
}

/** How long a client is told to wait (`Retry-After`, seconds) when the database does not answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The 503 `DATABASE_UNAVAILABLE` answer, with `Retry-After`. */
export function databaseUnavailable(cause?: unknown): ProblemError {
  return new ProblemError(503, "DATABASE_UNAVAILABLE", {
    detail: "The database does not answer. Try again shortly.",
    headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
    cause,
  });
}

/** Socket errors of a connection that could not be made or broke. */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * SQLSTATEs of a server that is not there for now: class 08 (connection exception),
 * 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections),
 * and 57014 (a statement cancelled: over `DATABASE_STATEMENT_TIMEOUT_SECONDS`, often waiting
 * for a lock, or by an operator), which did not answer in time either.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|57014|53300)$/;

/** What `pg` and its pool throw, without a code, when a connection cannot be had or dies. */
const CONNECTION_ERROR_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

/**
 * Whether the error means the database cannot be reached right now (as opposed to a query it
 * refused): a refused or broken connection, a server shutting down or starting, a pool connect
 * timeout, a statement over its time. Looks through `cause` chains and the `errors` of an AggregateError (a connect tried
 * on several addresses).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (
    typeof code === "string" &&
    (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))
  ) {
    return true;
  }
  if (typeof message === "string" && CONNECTION_ERROR_MESSAGE.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) {
    return true;
  }
  return isDatabaseUnavailable(cause, depth + 1);
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return "BAD_REQUEST";
    case 401:
      return "UNAUTHORIZED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 405:
      return "METHOD_NOT_ALLOWED";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 415:
      return "UNSUPPORTED_MEDIA_TYPE";
    case 429:
      return "RATE_LIMITED";
    default:
      return status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
  }
}
