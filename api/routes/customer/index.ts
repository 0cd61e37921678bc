import type { AppDeps } from "../../deps.ts";
import { createRouter } from "../../http/openapi.ts";
import { requireSession } from "../../http/session-auth.ts";

/**
 * The areas of the Customer API that need a live session. Listed by prefix, so
 * an unknown path elsewhere under `/v1` still answers 404, not 401.
 */
const SESSION_AREAS = ["/me"] as const;

/** The Customer API under `/v1`: open routes (sign-in, password reset) and the session areas. */
export function customerRoutes(deps: AppDeps) {
  const app = createRouter();
  const auth = requireSession(deps);
  for (const area of SESSION_AREAS) {
    app.use(area, auth);
    app.use(`${area}/*`, auth);
  }
  return app;
}
