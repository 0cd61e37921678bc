/**
 * Whether an error means "not signed in": the SDK's error (and any other error
 * carrying an HTTP `status`) with status 401.
 */
export function isUnauthorizedError(error: unknown): boolean {
  return statusOf(error) === 401;
}

/** Whether an error is the API's 404: what the caller asked for does not exist or is not theirs. */
export function isNotFoundError(error: unknown): boolean {
  return statusOf(error) === 404;
}

function statusOf(error: unknown): unknown {
  return typeof error === "object" && error !== null && "status" in error
    ? error.status
    : undefined;
}
