import type { AppDeps } from "../../core/deps.ts";
import { createRouter } from "../../http/openapi.ts";
import { assetRoutes } from "./catalogue/assets.ts";
import { entitlementRoutes } from "./catalogue/entitlements.ts";
import { policyRoutes } from "./catalogue/policies.ts";
import { productRoutes } from "./catalogue/products.ts";
import { releaseRoutes } from "./catalogue/releases.ts";
import { accountRoutes } from "./customers/accounts.ts";
import { licenseRoutes } from "./customers/licenses.ts";
import { portalSessionRoutes } from "./customers/portal-sessions.ts";
import { userTotpRoutes } from "./customers/user-totp.ts";
import { userRoutes } from "./customers/users.ts";

/** Every Vendor API resource, mounted under `/vendor/v1`. */
export function vendorRoutes(deps: AppDeps) {
  const app = createRouter();
  app.route("/", productRoutes(deps));
  app.route("/", policyRoutes(deps));
  app.route("/", licenseRoutes(deps));
  app.route("/", accountRoutes(deps));
  app.route("/", userRoutes(deps));
  app.route("/", userTotpRoutes(deps));
  app.route("/", entitlementRoutes(deps));
  app.route("/", releaseRoutes(deps));
  app.route("/", assetRoutes(deps));
  app.route("/", portalSessionRoutes(deps));
  return app;
}
