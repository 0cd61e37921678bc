/**
 * Whether an error means "not signed in": the SDK's error (and any other error
 * carrying an HTTP `status`) with status 401.
 */
export function isUnauthorizedError(error: unknown): boolean {
  return typeof error === "object" && error !== null && "status" in error && error.status === 401;
}
