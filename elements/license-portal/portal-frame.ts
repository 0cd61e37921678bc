import type { Me } from "@keyport/sdk";
import { html, nothing, type TemplateResult } from "lit";
import type { PortalMessageKey } from "./license-portal-messages.ts";
import { type PageContext, renderPageBody, renderPageHeader } from "./portal-pages.ts";
import { PORTAL_AREAS, type PortalArea, type PortalRoute } from "./portal-routes.ts";

/** What the sidebar and the top bar need from the shell. */
export interface FrameContext {
  readonly productName: string;
  readonly logoUrl?: string | undefined;
  readonly me?: Me | undefined;
  /** The sidebar entry of the page shown, marked `aria-current="page"`. */
  readonly current?: PortalArea | undefined;
  readonly menuOpen: boolean;
  readonly signingOut: boolean;
  readonly t: (key: PortalMessageKey) => string;
  readonly href: (route: PortalRoute) => string;
  onMenu(): void;
  onSignOut(): void;
  onNavKeydown(event: KeyboardEvent): void;
}

/** A small glyph per area, decorative: the words carry the meaning. */
const ICONS: Readonly<Record<PortalArea, string>> = {
  dashboard: "M3 3h6v8H3zM11 3h6v5h-6zM11 10h6v7h-6zM3 13h6v4H3z",
  licenses:
    "M7 11a4 4 0 1 1 3.46-2H17v3h-2v2h-3v-2h-1.54A4 4 0 0 1 7 11zm0-2a1 1 0 1 0 0-2 1 1 0 0 0 0 2z",
  activations: "M3 4h14v9H3zM1 15h18v2H1z",
  downloads: "M9 2h2v8l3-3 1.4 1.4L10 13.8 4.6 8.4 6 7l3 3zM3 15h14v2H3z",
  profile: "M10 10a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0z",
  settings:
    "M8.6 1h2.8l.5 2.3 1.6.9 2.2-.8 1.4 2.4-1.7 1.6v1.8l1.7 1.6-1.4 2.4-2.2-.8-1.6.9-.5 2.3H8.6l-.5-2.3-1.6-.9-2.2.8-1.4-2.4 1.7-1.6V7.4L2.9 5.8l1.4-2.4 2.2.8 1.6-.9zM10 12a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
};

function icon(area: PortalArea): TemplateResult {
  return html`<svg class="nav-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    <path d=${ICONS[area]} fill="currentColor"></path>
  </svg>`;
}

function brand({ productName, logoUrl }: FrameContext): TemplateResult {
  return html`<span part="brand" class="brand">
    ${
      logoUrl
        ? html`<img part="logo" class="logo" src=${logoUrl} alt="" />`
        : html`<span class="logo logo--mark" aria-hidden="true">◆</span>`
    }
    <span class="product-name">${productName}</span>
  </span>`;
}

/** The top bar shown under 720 px: the product and the menu button that opens the sidebar. */
export function renderTopBar(context: FrameContext): TemplateResult {
  return html`<header part="topbar" class="topbar">
    ${brand(context)}
    <button
      part="menu-button"
      class="button menu-button"
      type="button"
      aria-expanded=${context.menuOpen ? "true" : "false"}
      aria-controls="portal-nav"
      @click=${context.onMenu}
    >
      <svg class="menu-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M2 4h16v2H2zM2 9h16v2H2zM2 14h16v2H2z" fill="currentColor"></path>
      </svg>
      ${context.t("menu.open")}
    </button>
  </header>`;
}

/** The sidebar: the product, the six areas, and the signed-in user with Sign out at the bottom. */
export function renderSidebar(context: FrameContext): TemplateResult {
  const { t, current, me } = context;
  return html`<nav
    part="sidebar"
    class=${context.menuOpen ? "sidebar sidebar--open" : "sidebar"}
    id="portal-nav"
    aria-label=${t("nav.label")}
    @keydown=${context.onNavKeydown}
  >
    <div class="sidebar-brand">${brand(context)}</div>
    <ul class="nav-list" role="list">
      ${PORTAL_AREAS.map(
        (area) => html`<li>
          <a
            part=${area === current ? "nav-link nav-link-current" : "nav-link"}
            class=${area === current ? "nav-link nav-link--current" : "nav-link"}
            href=${context.href({ page: area })}
            aria-current=${area === current ? "page" : nothing}
            >${icon(area)}<span>${t(`nav.${area}`)}</span></a
          >
        </li>`,
      )}
    </ul>
    ${
      me === undefined
        ? nothing
        : html`<div part="user" class="user">
            <p class="user-name"><span class="visually-hidden">${t("user.label")} </span>${me.name}</p>
            <p class="user-email">${emailWithBreak(me.email)}</p>
            <button
              part="sign-out-button"
              class="button sign-out"
              type="button"
              aria-disabled=${context.signingOut ? "true" : "false"}
              @click=${context.onSignOut}
            >
              ${context.signingOut ? t("signing-out") : t("sign-out")}
            </button>
          </div>`
    }
  </nav>`;
}

/** The sidebar (the top bar under 720 px) with the page beside it. */
export function renderFrame(
  frame: FrameContext,
  page: PageContext,
  onSkip: () => void,
): TemplateResult {
  return html`<div part="frame" class=${frame.menuOpen ? "frame frame--menu-open" : "frame"}>
    <button class="skip-link" type="button" @click=${onSkip}>${frame.t("skip")}</button>
    ${renderTopBar(frame)} ${renderSidebar(frame)}
    <main part="content" class="content">
      <div class="page">
        ${renderPageHeader(page)}
        <div class="page-body">${renderPageBody(page)}</div>
      </div>
    </main>
  </div>`;
}

/** An address that may wrap after its `@` (a long one in the sidebar), never inside a name. */
function emailWithBreak(email: string): TemplateResult | string {
  const at = email.lastIndexOf("@");
  return at < 0 ? email : html`${email.slice(0, at + 1)}<wbr />${email.slice(at + 1)}`;
}
