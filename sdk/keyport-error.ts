/** One field the API refused, as a dotted path into the request (`body.email`, `query.limit`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** The RFC 9457 problem body every Keyport error answer carries. */
export interface ProblemBody {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly code?: string;
  readonly detail?: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

/**
 * The one error every Keyport client throws for an error answer: its HTTP status,
 * the stable problem `code`, the human text, the field errors and the request id
 * to quote to support.
 *
 * @example
 * try {
 *   await client.products.create({ name: "Acme", slug: "acme" });
 * } catch (error) {
 *   if (error instanceof KeyportError && error.code === "CONFLICT") console.log(error.fieldErrors);
 * }
 */
export class KeyportError extends Error {
  override readonly name = "KeyportError";
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: readonly FieldError[];
  readonly requestId: string | undefined;
  /** The whole problem body, extensions included (e.g. `retryAfter`). */
  readonly problem: ProblemBody;

  constructor(status: number, problem: ProblemBody, options?: { cause?: unknown }) {
    const code = typeof problem.code === "string" ? problem.code : `HTTP_${status}`;
    super(problem.detail ?? problem.title ?? `Request failed with status ${status}`, options);
    this.status = status;
    this.code = code;
    this.title = problem.title ?? `HTTP ${status}`;
    this.detail = problem.detail;
    this.fieldErrors = Array.isArray(problem.errors) ? problem.errors : [];
    this.requestId = problem.requestId;
    this.problem = problem;
  }
}

/**
 * Reads an error answer into a `KeyportError`. A body that is not a problem
 * (a proxy's HTML page, say) still gives an error with the status and the
 * `X-Request-Id` header.
 */
export async function keyportErrorFromResponse(response: Response): Promise<KeyportError> {
  const requestId = response.headers.get("x-request-id") ?? undefined;
  let problem: ProblemBody = { title: response.statusText || `HTTP ${response.status}` };
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      const body: unknown = await response.json();
      if (body && typeof body === "object" && !Array.isArray(body)) problem = body as ProblemBody;
    } catch (cause) {
      return new KeyportError(response.status, { ...problem, requestId }, { cause });
    }
  }
  return new KeyportError(response.status, { requestId, ...problem });
}
