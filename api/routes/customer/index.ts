import type { AppDeps } from "../../core/deps.ts";
import { createRouter } from "../../http/openapi.ts";
import { requireSession } from "../../http/session-auth.ts";
import { authRoutes } from "../me/auth.ts";
import { meNotificationRoutes } from "../me/notifications.ts";
import { passwordResetRoutes } from "../me/password-reset.ts";
import { meProfileRoutes } from "../me/profile.ts";
import { meSecurityRoutes } from "../me/security.ts";
import { sessionRoutes } from "../me/sessions.ts";
import { meTotpRoutes } from "../me/totp.ts";
import { activationRoutes } from "./activations.ts";
import { activityRoutes } from "./activity.ts";
import { assetLinkRoutes } from "./assets.ts";
import { dashboardRoutes } from "./dashboard.ts";
import { downloadRoutes } from "./downloads.ts";
import { licenseDiagnosisRoutes } from "./license-diagnosis.ts";
import { customerLicenseRoutes } from "./licenses.ts";

/**
 * The areas of the Customer API that need a live session. Listed by prefix, so
 * an unknown path elsewhere under `/v1` still answers 404, not 401. Each is
 * registered once as `area/*`, which Hono also matches for `area` itself:
 * registering both ran the session lookup twice on `/licenses`.
 */
const SESSION_AREAS = [
  "/me",
  "/auth/logout",
  "/licenses",
  "/activations",
  "/activity",
  "/assets",
  "/dashboard",
  "/downloads",
] as const;

/** The Customer API under `/v1`: open routes (sign-in, password reset) and the session areas. */
export function customerRoutes(deps: AppDeps) {
  const app = createRouter();
  const auth = requireSession(deps);
  for (const area of SESSION_AREAS) app.use(`${area}/*`, auth);
  app.route("/", passwordResetRoutes(deps));
  app.route("/", authRoutes(deps));
  app.route("/", sessionRoutes(deps));
  app.route("/", meProfileRoutes(deps));
  app.route("/", meSecurityRoutes(deps));
  app.route("/", meTotpRoutes(deps));
  app.route("/", meNotificationRoutes(deps));
  app.route("/", customerLicenseRoutes(deps));
  app.route("/", licenseDiagnosisRoutes(deps));
  app.route("/", activationRoutes(deps));
  app.route("/", activityRoutes(deps));
  app.route("/", assetLinkRoutes(deps));
  app.route("/", dashboardRoutes(deps));
  app.route("/", downloadRoutes(deps));
  return app;
}
