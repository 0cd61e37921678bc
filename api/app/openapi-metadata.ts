import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Config } from "../config/config.ts";
import type { AppEnv } from "../core/deps.ts";
import { z } from "../http/openapi.ts";
import { shareProblemResponses } from "../http/problem-responses.ts";

/** The answer of `/healthz` and `/readyz` on both listeners. */
export const HealthSchema = z.object({ status: z.literal("ok") }).openapi("Health");

/** The guides the tags link to, as the repository publishes them. */
const DOCS = "https://github.com/keyport/keyport/blob/main/docs";

interface Tag {
  readonly name: string;
  readonly description: string;
  readonly externalDocs: { readonly description: string; readonly url: string };
}

const tag = (name: string, description: string, guide: string, title: string): Tag => ({
  name,
  description,
  externalDocs: { description: title, url: `${DOCS}/${guide}` },
});

/**
 * The areas of `/openapi.json`, in the order the reference shows them; every
 * operation's tag is one of these (`npm run lint:openapi` checks it).
 */
export const PUBLIC_TAGS: readonly Tag[] = [
  tag(
    "Sign-in",
    "Signing in with email and password (a cookie for the portal, a bearer token for scripts), signing out, and setting a password with a reset or invitation link. Open routes: no session needed, throttled per address.",
    "authentication.md#signing-in",
    "Customer sign-in and sessions",
  ),
  tag(
    "Sessions",
    "The signed-in user's live sessions (browsers, scripts, embedded widgets), and ending one of them.",
    "authentication.md#sessions",
    "Sessions",
  ),
  tag(
    "Profile & Security",
    "The signed-in user's profile, password, email address, two-factor sign-in and recovery codes. Security changes need the current password (or a code) and are refused to widget tokens minted without `allowSecurityChanges`.",
    "authentication.md#profile--security-account-settings",
    "Profile & Security, Account Settings",
  ),
  tag(
    "Account Settings",
    "Which mails the signed-in user gets: expiry reminders, new releases, activation changes, security notices.",
    "authentication.md#profile--security-account-settings",
    "Profile & Security, Account Settings",
  ),
  tag(
    "Dashboard",
    "The account at a glance: licenses by status, seats, licenses expiring soon, health and recent activity.",
    "customer-api.md#dashboard",
    "Customer API: Dashboard",
  ),
  tag(
    "My Licenses",
    "The licenses the caller may see (owners and admins: the account's; members: those assigned to them), their keys, their validation history and a diagnosis of what works.",
    "customer-api.md#my-licenses",
    "Customer API: My Licenses",
  ),
  tag(
    "Activations",
    "The machines and domains the caller's licenses are activated on, and deactivating one to free its slot.",
    "customer-api.md#activations",
    "Customer API: Activations",
  ),
  tag(
    "Activity",
    "The account's audit trail: sign-ins, key reveals, activations, downloads, changes by the vendor.",
    "customer-api.md#activity",
    "Customer API: Activity",
  ),
  tag(
    "Downloads",
    "What the caller may download, short-lived signed links, and the download itself (`/dl/…`, where the signed link is the credential).",
    "downloads.md",
    "Downloads",
  ),
  tag(
    "Licensing",
    "For the vendor's installed software: activate, validate, heartbeat and deactivate with the license key in the body. No session; throttled per key. A refusal is an answer (`valid: false` with a `code`), not an error.",
    "licensing.md",
    "Licensing API: integrating your software",
  ),
  tag(
    "Service",
    "Liveness and readiness for load balancers and orchestrators.",
    "getting-started.md",
    "Getting started",
  ),
];

/** The areas of `/vendor/openapi.json`. */
export const VENDOR_TAGS: readonly Tag[] = [
  tag(
    "Products",
    "What the vendor sells: each product has policies, releases and licenses.",
    "vendor-api.md#routes",
    "Vendor API: routes",
  ),
  tag(
    "Entitlements",
    "Feature flags (`pro`, `cloud-sync`…) that policies grant, licenses carry and assets may require.",
    "vendor-api.md#routes",
    "Vendor API: routes",
  ),
  tag(
    "Policies",
    "The rules of a product's licenses: machine and domain limits, duration, expiration strategy, heartbeats, deactivation limits.",
    "vendor-api.md#policies",
    "Vendor API: Policies",
  ),
  tag(
    "Accounts",
    "Customer accounts: organisations and individuals.",
    "vendor-api.md#routes",
    "Vendor API: routes",
  ),
  tag(
    "Users",
    "The people of a customer account, their roles, invitations and two-factor resets.",
    "vendor-api.md#routes",
    "Vendor API: routes",
  ),
  tag(
    "Licenses",
    "Issuing licenses to accounts, and their life: suspend, reinstate, revoke, renew, assign users.",
    "vendor-api.md#licenses",
    "Vendor API: Licenses",
  ),
  tag(
    "Releases",
    "Versions of a product on a channel, published at a date, with notes.",
    "vendor-api.md#releases-and-assets",
    "Vendor API: Releases and assets",
  ),
  tag(
    "Assets",
    "The files of a release (installers, archives), uploaded as raw bodies and delivered through signed links.",
    "vendor-api.md#releases-and-assets",
    "Vendor API: Releases and assets",
  ),
  tag(
    "Portal sessions",
    "Short-lived customer sessions the vendor's backend makes for the embedded widgets.",
    "authentication.md#embedded-widgets-portal-sessions",
    "Embedded widgets: portal sessions",
  ),
  tag("Service", "Liveness of the Vendor API listener.", "vendor-api.md", "Vendor API"),
];

/** `servers` of `/openapi.json`: the deployment's PUBLIC_URL. */
export function publicServers(config: Pick<Config, "publicUrl">) {
  return [{ url: config.publicUrl, description: "This deployment (`PUBLIC_URL`)." }];
}

/**
 * `servers` of `/vendor/openapi.json`: the Vendor API listener as configured
 * (`VENDOR_HOST:VENDOR_PORT`). A wildcard host (`0.0.0.0`, `::`) is shown as
 * loopback; a backend elsewhere uses the address it reaches the listener at.
 */
export function vendorServers(config: Pick<Config, "vendorHost" | "vendorPort">) {
  const host = ["0.0.0.0", "::", "[::]"].includes(config.vendorHost)
    ? "127.0.0.1"
    : config.vendorHost;
  const authority = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return [
    {
      url: `http://${authority}:${config.vendorPort}`,
      description:
        "The Vendor API listener (`VENDOR_HOST:VENDOR_PORT`); keep it private, behind your backend.",
    },
  ];
}

type DocumentConfig = Parameters<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>[0];

/**
 * Serves the app's OpenAPI 3.1 document at `path`, built from its routes, with
 * the error answers several operations share as `components.responses`.
 *
 * @example
 * serveOpenApiDocument(app, "/openapi.json", { openapi: "3.1.0", info, servers, tags });
 */
export function serveOpenApiDocument(
  app: OpenAPIHono<AppEnv>,
  path: string,
  config: DocumentConfig,
): void {
  app.get(path, (c) => c.json(shareProblemResponses(app.getOpenAPI31Document(config))));
}
