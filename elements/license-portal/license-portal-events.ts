import type { PortalRoute } from "./portal-routes.ts";

/** Detail of `portal-navigate`: the portal went to another page. */
export interface PortalNavigateDetail {
  /** The new URL's path, query and hash, e.g. `/licenses/lic_123#diagnosis`. */
  readonly path: string;
  readonly route: PortalRoute;
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "portal-navigate": CustomEvent<PortalNavigateDetail>;
  }
}
