import type { AppDeps } from "../../deps.ts";
import { createRouter } from "../../http/openapi.ts";
import { productRoutes } from "./products.ts";

/** Every Vendor API resource, mounted under `/vendor/v1`. */
export function vendorRoutes(deps: AppDeps) {
  const app = createRouter();
  app.route("/", productRoutes(deps));
  return app;
}
