import type { MyLicense } from "@keyport/sdk";
import type { KeyportNavigateDetail, LicenseSection } from "../internal/navigate-event.ts";

/** The six areas of the sidebar, in its order. */
export const PORTAL_AREAS = [
  "dashboard",
  "licenses",
  "activations",
  "downloads",
  "profile",
  "settings",
] as const;

export type PortalArea = (typeof PORTAL_AREAS)[number];

/** The pages a mail links to, each carrying the link's `?token=`. */
export type MailLinkPage = "reset-password" | "accept-invitation" | "confirm-email";

/** Where the portal is; every page a URL can name. */
export type PortalRoute =
  | { readonly page: "dashboard" }
  | { readonly page: "licenses"; readonly status?: MyLicense["status"] }
  | { readonly page: "license"; readonly licenseId: string; readonly section?: LicenseSection }
  | { readonly page: "activations" }
  | { readonly page: "downloads" }
  | { readonly page: "profile" }
  | { readonly page: "settings" }
  | { readonly page: "sign-in" }
  | { readonly page: MailLinkPage; readonly token: string }
  | { readonly page: "not-found"; readonly path: string };

export type PortalPage = PortalRoute["page"];

const STATUSES: readonly MyLicense["status"][] = [
  "active",
  "expiring",
  "expired",
  "suspended",
  "revoked",
];
const SECTIONS: readonly LicenseSection[] = ["diagnosis", "activations"];

/** The first path segment of each page; `dashboard` and `account` are accepted too (old links). */
const SEGMENTS: Readonly<Record<string, PortalPage>> = {
  "": "dashboard",
  dashboard: "dashboard",
  licenses: "licenses",
  activations: "activations",
  downloads: "downloads",
  profile: "profile",
  settings: "settings",
  account: "settings",
  "sign-in": "sign-in",
  "reset-password": "reset-password",
  "accept-invitation": "accept-invitation",
  "confirm-email": "confirm-email",
};

/** `""`, `portal`, `/portal` → `/`, `/portal/`: always with a slash at both ends. */
export function normaliseBasePath(basePath: string | null | undefined): string {
  const trimmed = (basePath ?? "").trim().replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

/** The parts of a URL the router reads. */
export interface RouteLocation {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/**
 * The route a URL names under `basePath`; anything else is `not-found` with
 * the path, so the portal can say so instead of guessing.
 *
 * @example
 * parseRoute(new URL("https://x/portal/licenses/lic_1#diagnosis"), "/portal/");
 * // { page: "license", licenseId: "lic_1", section: "diagnosis" }
 */
export function parseRoute(location: RouteLocation, basePath = "/"): PortalRoute {
  const base = normaliseBasePath(basePath);
  const { pathname } = location;
  const notFound = { page: "not-found", path: pathname } as const;
  const inside =
    pathname === base.slice(0, -1)
      ? ""
      : pathname.startsWith(base)
        ? pathname.slice(base.length)
        : undefined;
  if (inside === undefined) return notFound;
  const segments = inside.split("/").filter(Boolean).map(decodeSegment);
  if (segments.includes(undefined)) return notFound;
  const [first = "", second, ...rest] = segments as string[];
  const page = SEGMENTS[first];
  if (page === undefined || rest.length > 0) return notFound;
  const query = new URLSearchParams(location.search);
  if (page === "licenses" && second !== undefined) {
    const section = location.hash.slice(1) as LicenseSection;
    return {
      page: "license",
      licenseId: second,
      ...(SECTIONS.includes(section) ? { section } : {}),
    };
  }
  if (second !== undefined) return notFound;
  switch (page) {
    case "licenses": {
      const status = query.get("status") as MyLicense["status"] | null;
      return status !== null && STATUSES.includes(status) ? { page, status } : { page };
    }
    case "reset-password":
    case "accept-invitation":
    case "confirm-email":
      return { page, token: query.get("token") ?? "" };
    default:
      return { page } as PortalRoute;
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The URL of a route under `basePath`, for `<a href>` and `history.pushState`.
 *
 * @example
 * routeHref({ page: "license", licenseId: "lic_1", section: "activations" }, "/");
 * // "/licenses/lic_1#activations"
 */
export function routeHref(route: PortalRoute, basePath = "/"): string {
  const base = normaliseBasePath(basePath);
  switch (route.page) {
    case "dashboard":
      return base;
    case "licenses":
      return `${base}licenses${route.status === undefined ? "" : `?status=${route.status}`}`;
    case "license":
      return `${base}licenses/${encodeURIComponent(route.licenseId)}${route.section === undefined ? "" : `#${route.section}`}`;
    case "reset-password":
    case "accept-invitation":
    case "confirm-email":
      return `${base}${route.page}?token=${encodeURIComponent(route.token)}`;
    case "not-found":
      return route.path;
    default:
      return `${base}${route.page}`;
  }
}

/**
 * Where a `keyport-navigate` from an element leads. The portal has no page of
 * its own for the activity log; it leads to Profile & Security, where the
 * sign-ins are.
 */
export function routeOfNavigation(detail: KeyportNavigateDetail): PortalRoute {
  switch (detail.area) {
    case "licenses":
      if (detail.licenseId !== undefined) {
        return {
          page: "license",
          licenseId: detail.licenseId,
          ...(detail.section === undefined ? {} : { section: detail.section }),
        };
      }
      return detail.status === undefined
        ? { page: "licenses" }
        : { page: "licenses", status: detail.status };
    case "account":
      return { page: "settings" };
    case "activity":
      return { page: "profile" };
    default:
      return { page: detail.area };
  }
}

/** The sidebar entry a route belongs to; none for sign-in, mail links and unknown paths. */
export function areaOfRoute(route: PortalRoute): PortalArea | undefined {
  if (route.page === "license") return "licenses";
  return (PORTAL_AREAS as readonly string[]).includes(route.page)
    ? (route.page as PortalArea)
    : undefined;
}

/** Whether the route shows the signed-in portal (sidebar and an area) rather than a form of its own. */
export function isAreaRoute(route: PortalRoute): boolean {
  return areaOfRoute(route) !== undefined || route.page === "not-found";
}
