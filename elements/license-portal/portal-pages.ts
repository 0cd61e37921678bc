import { html, nothing, type TemplateResult } from "lit";
import type { PortalMessageKey } from "./license-portal-messages.ts";
import type { PortalRoute } from "./portal-routes.ts";

/** The pages the signed-in frame shows. */
export type FramePage = Extract<
  PortalRoute["page"],
  | "dashboard"
  | "licenses"
  | "license"
  | "activations"
  | "downloads"
  | "profile"
  | "settings"
  | "not-found"
>;

/** The element each page shows, by its default tag; a page waits until its tag is registered. */
export const PAGE_TAGS: Readonly<Record<FramePage, readonly string[]>> = {
  dashboard: ["account-dashboard"],
  licenses: ["license-list"],
  license: ["license-detail", "activation-manager"],
  activations: ["activation-manager"],
  downloads: ["download-center"],
  profile: ["profile-settings"],
  settings: ["account-settings"],
  "not-found": [],
};

/** Whether the route is a page of the signed-in frame (rather than a form of its own). */
export function isFrameRoute(
  route: PortalRoute,
): route is PortalRoute & { readonly page: FramePage } {
  return Object.hasOwn(PAGE_TAGS, route.page);
}

export interface PageContext {
  readonly route: PortalRoute & { readonly page: FramePage };
  /** The token of a `/confirm-email` link, for `<profile-settings confirm-token>`. */
  readonly confirmToken?: string | undefined;
  /** A license page whose license turned out not to be there: its activations are left out. */
  readonly licenseMissing?: boolean | undefined;
  readonly t: (key: PortalMessageKey) => string;
  readonly href: (route: PortalRoute) => string;
}

/** `document.title`: the page's title (the sign-in's while signed out), then the product. */
export function documentTitle({
  page,
  signIn,
  productName,
  t,
}: {
  readonly page: PortalRoute["page"];
  readonly signIn: boolean;
  readonly productName: string;
  readonly t: (key: PortalMessageKey) => string;
}): string {
  const shown: PortalRoute["page"] =
    signIn && page !== "reset-password" && page !== "accept-invitation" ? "sign-in" : page;
  const title = t(pageTitleKey(shown));
  return productName ? `${title} · ${productName}` : title;
}

/** The title of a page, for the heading, the announcement and `document.title`. */
export function pageTitleKey(page: PortalRoute["page"]): PortalMessageKey {
  return `page.${page}.title`;
}

/**
 * The page's primary action, on the right of its title; `nothing` where the element holds it
 * (a license's "Check this license" is in its diagnostics, right below).
 */
function primaryAction({ route, t, href }: PageContext): TemplateResult | typeof nothing {
  const link = (target: PortalRoute, key: PortalMessageKey) =>
    html`<a part="page-action" class="button button--primary" href=${href(target)}>${t(key)}</a>`;
  switch (route.page) {
    case "dashboard":
      return link({ page: "licenses" }, "page.dashboard.action");
    case "licenses":
      return link({ page: "downloads" }, "page.licenses.action");
    case "not-found":
      return link({ page: "dashboard" }, "page.not-found.action");
    default:
      return nothing;
  }
}

/**
 * The page's opening: title (focused on navigation), one sentence, and the primary action.
 */
export function renderPageHeader(context: PageContext): TemplateResult {
  const { route, t, href } = context;
  const page = route.page;
  const intro: PortalMessageKey = `page.${page}.intro`;
  return html`<header part="page-header" class="page-header">
    <div class="page-heading">
      ${
        page === "license"
          ? html`<a part="back-link" class="back-link" href=${href({ page: "licenses" })}>
              <span aria-hidden="true">←</span> ${t("page.license.back")}</a
            >`
          : nothing
      }
      <h1 part="page-title" class="page-title" tabindex="-1">${t(pageTitleKey(page))}</h1>
      <p part="page-intro" class="page-intro">${t(intro)}</p>
    </div>
    <div class="page-actions">${primaryAction(context)}</div>
  </header>`;
}

/** The page's element(s), or a plain sentence while a tag is not registered on this page. */
export function renderPageBody(context: PageContext): TemplateResult {
  const { route, t } = context;
  const missing = PAGE_TAGS[route.page].some((tag) => customElements.get(tag) === undefined);
  if (missing) {
    return html`<div part="unavailable" class="state" role="status">
      <p class="state-message">${t("page.unavailable")}</p>
      <p class="state-hint">${t("page.unavailable.hint")}</p>
    </div>`;
  }
  // No `theme` on the elements: they take the portal's colours from the tokens the frame sets,
  // where a theme of their own would paint each one as a separate surface.
  switch (route.page) {
    case "dashboard":
      return html`<account-dashboard></account-dashboard>`;
    case "licenses":
      return html`<license-list status=${route.status ?? nothing}></license-list>`;
    case "license":
      // A license that is not there (or not the caller's) is said once, by the detail.
      return html`<license-detail license-id=${route.licenseId}></license-detail>
        ${
          context.licenseMissing
            ? nothing
            : html`<section class="license-activations" id="activations" aria-label=${t("license.activations")}>
              <activation-manager license-id=${route.licenseId}></activation-manager>
            </section>`
        }`;
    case "activations":
      return html`<activation-manager class="page-owns-title"></activation-manager>`;
    case "downloads":
      return html`<download-center></download-center>`;
    case "profile":
      return html`<profile-settings
        class="page-owns-title"
        confirm-token=${context.confirmToken ?? nothing}
      ></profile-settings>`;
    case "settings":
      return html`<account-settings></account-settings>`;
    case "not-found":
      return html``;
  }
}

/** Brings a license's section into view; the diagnosis waits for `<license-detail>` to load. */
export async function scrollToSection(
  root: ParentNode,
  section: "diagnosis" | "activations",
): Promise<void> {
  if (section === "activations") {
    root.querySelector("#activations")?.scrollIntoView({ block: "start" });
    return;
  }
  const detail = root.querySelector<HTMLElement & { loadComplete?: Promise<boolean> }>(
    "license-detail",
  );
  await detail?.loadComplete;
  detail?.shadowRoot
    ?.querySelector('[part~="section-diagnostics"]')
    ?.scrollIntoView({ block: "start" });
}
