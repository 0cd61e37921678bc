import type { AppDeps } from "../../deps.ts";
import { createRouter } from "../../http/openapi.ts";
import { accountRoutes } from "./accounts.ts";
import { assetRoutes } from "./assets.ts";
import { entitlementRoutes } from "./entitlements.ts";
import { licenseRoutes } from "./licenses.ts";
import { policyRoutes } from "./policies.ts";
import { portalSessionRoutes } from "./portal-sessions.ts";
import { productRoutes } from "./products.ts";
import { releaseRoutes } from "./releases.ts";
import { userRoutes } from "./users.ts";

/** Every Vendor API resource, mounted under `/vendor/v1`. */
export function vendorRoutes(deps: AppDeps) {
  const app = createRouter();
  app.route("/", productRoutes(deps));
  app.route("/", policyRoutes(deps));
  app.route("/", licenseRoutes(deps));
  app.route("/", accountRoutes(deps));
  app.route("/", userRoutes(deps));
  app.route("/", entitlementRoutes(deps));
  app.route("/", releaseRoutes(deps));
  app.route("/", assetRoutes(deps));
  app.route("/", portalSessionRoutes(deps));
  return app;
}
