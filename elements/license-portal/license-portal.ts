import { ContextEvent, consume } from "@lit/context";
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { type PortalContextValue, type PortalSession, portalContext } from "../internal/context.ts";
import { emitKeyportEvent } from "../internal/events.ts";
import { type KeyportLocale, type MessageParams, resolveLocale } from "../internal/i18n.ts";
import type { KeyportNavigateDetail } from "../internal/navigate-event.ts";
import { findPortalProvider, type PortalProviderLike } from "../internal/provider-link.ts";
import { licensePortalStyles } from "./license-portal.styles.ts";
import { type PortalMessageKey, portalMessages } from "./license-portal-messages.ts";
import { type FrameContext, renderSidebar, renderTopBar } from "./portal-frame.ts";
import { PortalHistory, type RouteChange } from "./portal-history.ts";
import {
  type FramePage,
  isFrameRoute,
  PAGE_TAGS,
  pageTitleKey,
  renderPageBody,
  renderPageHeader,
} from "./portal-pages.ts";
import { areaOfRoute, type PortalRoute, routeOfNavigation } from "./portal-routes.ts";
import { renderLoginPage, renderSessionProblem } from "./portal-session-views.ts";

export type { PortalArea, PortalRoute } from "./portal-routes.ts";

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

/** Every tag the portal may show; it renders each once the page has registered it. */
const SHOWN_TAGS = ["portal-provider", "login-form", ...new Set(Object.values(PAGE_TAGS).flat())];

/**
 * The whole customer portal in one element: a 240 px sidebar with the
 * product, the six areas (Dashboard, My Licenses, Activations, Downloads,
 * Profile & Security, Account Settings) and the signed-in user with Sign out;
 * the page beside it, up to 1200 px wide, opening with its title, a sentence
 * of what it is for, and its primary action. Under 720 px (its own width) the
 * sidebar folds into a top bar with a menu button.
 *
 * Settings: inside a `<portal-provider>` the portal uses that provider, its
 * API, credentials, language and zone, and its own `api-base`, `token`,
 * `fetchToken`, `locale` and `timezone` are ignored. Without one, it renders
 * its own provider from those five. Either way, one `/v1/me` serves every page.
 *
 * The URL is the state: pages live under `base-path` (`/`, `/licenses`,
 * `/licenses/:id` with `#diagnosis` or `#activations`, `/activations`,
 * `/downloads`, `/profile`, `/settings`), and the mails' links
 * (`/reset-password?token=`, `/accept-invitation?token=`,
 * `/confirm-email?token=`) open their forms. A reload keeps the page,
 * Back and Forward work, and the links are real `<a href>` (a middle click
 * opens a new tab). When the session ends, the sign-in form takes the page's
 * place, and after signing in the customer is back where they were.
 *
 * On every page change focus moves to the page title, the title is announced,
 * and `document.title` becomes "My Licenses · Acme".
 *
 * @example
 * <license-portal product-name="Acme" logo-url="/acme.svg" theme="auto"></license-portal>
 *
 * @tagname license-portal
 * @summary The whole customer portal: sidebar, the six areas, sign-in, and URL routing.
 *
 * @event portal-navigate - The portal went to another page. `detail.path` is the new URL's path (with query and hash), `detail.route` the page it names.
 * @event keyport-signed-out - The session ended (bubbling up from the page shown or the provider); the portal shows the sign-in form.
 * @event keyport-error - Something inside failed. `detail.error` holds the error.
 *
 * @csspart frame - The sidebar and the page together.
 * @csspart topbar - The bar with the product and the menu button, under 720 px.
 * @csspart menu-button - The button that opens and closes the sidebar under 720 px.
 * @csspart sidebar - The navigation: product, areas and user.
 * @csspart brand - The logo and product name.
 * @csspart logo - The logo image (with `logo-url`).
 * @csspart nav-link - A link to an area (the current one also `nav-link-current`).
 * @csspart user - The signed-in user at the bottom of the sidebar.
 * @csspart sign-out-button - Sign out.
 * @csspart content - The page beside the sidebar.
 * @csspart page-header - A page's title, sentence and primary action.
 * @csspart page-title - A page's title (focused on every page change).
 * @csspart page-intro - The sentence under the title.
 * @csspart page-action - A page's primary action.
 * @csspart back-link - "All licenses" above a license's title.
 * @csspart sign-in - The sign-in page around `<login-form>`.
 * @csspart session-notice - "Your session has ended…" above the sign-in form.
 * @csspart unavailable - Said instead of a page whose element this page has not registered.
 *
 * @cssproperty --keyport-color-primary - Links, the current area, the focus ring; passed on to every element inside.
 * @cssproperty --keyport-color-background - The page behind the content.
 * @cssproperty --keyport-color-surface - The sidebar, top bar and the elements' cards.
 * @cssproperty --keyport-color-text - Body text.
 * @cssproperty --keyport-color-muted - Secondary text, the user's email.
 * @cssproperty --keyport-color-border - The sidebar's edge and hairlines.
 * @cssproperty --keyport-radius - Corner radius of links and buttons.
 * @cssproperty --keyport-space - The spacing unit.
 * @cssproperty --keyport-font-family - Text font.
 * @cssproperty --keyport-portal-min-height - The portal's least height (default `100vh`).
 */
export class LicensePortal extends LitElement {
  static override styles = licensePortalStyles;

  /** The vendor's product, beside the logo and in `document.title`. */
  @property({ attribute: "product-name" }) productName = "";

  /** The vendor's logo; without one a plain mark stands beside the name. */
  @property({ attribute: "logo-url" }) logoUrl?: string;

  /** The path the portal lives under, e.g. `/portal`; default `/`. */
  @property({ attribute: "base-path" }) basePath = "/";

  /** Without a surrounding provider: base URL of the Keyport API (default this page's origin). */
  @property({ attribute: "api-base" }) apiBase?: string;

  /** Without a surrounding provider: a bearer token; a sign-in in bearer mode sets it. */
  @property() token?: string;

  /** Without a surrounding provider: asked for a fresh token. A property only. */
  @property({ attribute: false }) fetchToken?: () => Promise<string>;

  /** Without a surrounding provider: `en` or `de`, over the customer's saved language. */
  @property() locale?: string;

  /** Without a surrounding provider: an IANA zone, over the customer's saved zone. */
  @property() timezone?: string;

  /** `light`, `dark` or `auto`; unset, the portal stays transparent on the page. */
  @property({ reflect: true }) theme?: "light" | "dark" | "auto";

  @consume({ context: portalContext, subscribe: true })
  private providedPortal?: PortalContextValue;

  /** What our own provider shares, when there is no provider around the portal. */
  @state() private ownPortal?: PortalContextValue;
  @state() private menuOpen = false;
  /** A page reported a 401: the session ended while the provider still thinks it is signed in. */
  @state() private sessionEnded = false;
  @state() private signingOut = false;
  @state() private announcement = "";

  readonly #history = new PortalHistory(this, {
    basePath: () => this.basePath,
    onChange: (route, change) => this.#onRouteChange(route, change),
  });

  #confirmToken: string | undefined;
  #wasSignedIn = false;
  #focusTitle = false;
  #focusMenu: "first-link" | "button" | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor() {
    super();
    this.addEventListener("license-select", (event) =>
      this.navigate({ page: "license", licenseId: event.detail.licenseId }),
    );
    this.addEventListener("keyport-navigate", (event: CustomEvent<KeyportNavigateDetail>) =>
      this.navigate(routeOfNavigation(event.detail)),
    );
    // Only a session that was signed in can end; a first visit without one just signs in.
    this.addEventListener("keyport-signed-out", () => {
      if (!this.signingOut && this.#wasSignedIn) this.sessionEnded = true;
    });
    this.addEventListener("signed-in", (event) => void this.#onSignedIn(event.detail.token));
  }

  /** Where the portal is. */
  get route(): PortalRoute {
    return this.#history.route;
  }

  /** Goes to a page as a click on its link would: a new history entry, focus on its title. */
  navigate(route: PortalRoute): void {
    this.#history.navigate(route);
  }

  /** The provider the portal works with: the one around it, or its own. */
  get provider(): PortalProviderLike | undefined {
    if (this.#usesOwnProvider) {
      return this.renderRoot.querySelector<PortalProviderLike>("portal-provider") ?? undefined;
    }
    return findPortalProvider(this);
  }

  get #usesOwnProvider(): boolean {
    return this.providedPortal === undefined;
  }

  get #portal(): PortalContextValue | undefined {
    return this.providedPortal ?? this.ownPortal;
  }

  get #session(): PortalSession {
    return this.#portal?.session ?? "loading";
  }

  get #locale(): KeyportLocale {
    return this.#portal?.locale ?? resolveLocale(this.locale ?? document.documentElement.lang);
  }

  #t = (key: PortalMessageKey, params?: MessageParams): string =>
    portalMessages(this.#locale, key, params);

  #href = (route: PortalRoute): string => this.#history.href(route);

  override connectedCallback(): void {
    super.connectedCallback();
    for (const tag of SHOWN_TAGS) {
      if (customElements.get(tag) === undefined) {
        void customElements.whenDefined(tag).then(() => this.requestUpdate());
      }
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.ownPortal = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const route = this.#history.route;
    // A mailed email confirmation is done by Profile & Security; the token stays in memory only.
    if (route.page === "confirm-email") {
      this.#confirmToken = route.token;
      this.#history.navigate({ page: "profile" }, { replace: true });
    } else if (route.page === "sign-in" && this.#session === "signed-in" && !this.sessionEnded) {
      this.#history.navigate({ page: "dashboard" }, { replace: true });
    }
  }

  protected override render(): TemplateResult {
    if (this.#session === "signed-in") this.#wasSignedIn = true;
    const body = html`<div class="portal">
      ${this.#renderBody()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
    if (!this.#usesOwnProvider) return body;
    return html`<portal-provider
      api-base=${this.apiBase ?? nothing}
      .token=${this.token}
      .fetchToken=${this.fetchToken}
      locale=${this.locale ?? nothing}
      timezone=${this.timezone ?? nothing}
      >${body}</portal-provider
    >`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#usesOwnProvider && this.#unsubscribe === undefined) this.#subscribeToOwnProvider();
    document.title = this.#documentTitle();
    if (this.#focusTitle && this.renderRoot.querySelector(".page-title, login-form")) {
      this.#focusTitle = false;
      this.renderRoot.querySelector<HTMLElement>(".page-title")?.focus();
    }
    if (this.#focusMenu !== undefined) {
      const target =
        this.#focusMenu === "button"
          ? this.renderRoot.querySelector<HTMLElement>('[part~="menu-button"]')
          : this.renderRoot.querySelector<HTMLElement>('[part~="nav-link"]');
      this.#focusMenu = undefined;
      target?.focus();
    }
  }

  #renderBody(): TemplateResult {
    const route = this.#history.route;
    const login = {
      t: this.#t,
      productName: this.productName,
      logoUrl: this.logoUrl,
      theme: this.theme,
    };
    if (route.page === "reset-password" || route.page === "accept-invitation") {
      const mode = route.page === "reset-password" ? "reset" : "invitation";
      return renderLoginPage({ ...login, mode, token: route.token, sessionEnded: false });
    }
    const session = this.#session;
    if (session === "loading" || session === "error") {
      return renderSessionProblem({
        t: this.#t,
        session,
        onRetry: () => void this.provider?.refresh(),
      });
    }
    if (session === "signed-out" || this.sessionEnded) {
      return renderLoginPage({ ...login, mode: "sign-in", sessionEnded: this.sessionEnded });
    }
    if (!isFrameRoute(route)) {
      // `/sign-in` and `/confirm-email` while signed in: `willUpdate` is sending them on.
      return renderSessionProblem({ t: this.#t, session: "loading", onRetry: () => undefined });
    }
    return this.#renderFrame(route);
  }

  #renderFrame(route: PortalRoute & { readonly page: FramePage }): TemplateResult {
    const frame: FrameContext = {
      productName: this.productName,
      logoUrl: this.logoUrl,
      me: this.#portal?.me,
      current: areaOfRoute(route),
      menuOpen: this.menuOpen,
      signingOut: this.signingOut,
      t: this.#t,
      href: this.#href,
      onMenu: this.#toggleMenu,
      onSignOut: () => void this.#signOut(),
      onNavKeydown: this.#onNavKeydown,
    };
    const page = { route, confirmToken: this.#confirmToken, t: this.#t, href: this.#href };
    return html`<div part="frame" class=${this.menuOpen ? "frame frame--menu-open" : "frame"}>
      <button class="skip-link" type="button" @click=${this.#focusPageTitle}>${this.#t("skip")}</button>
      ${renderTopBar(frame)} ${renderSidebar(frame)}
      <main part="content" class="content">
        <div class="page">
          ${renderPageHeader(page)}
          <div class="page-body">${renderPageBody(page)}</div>
        </div>
      </main>
    </div>`;
  }

  #documentTitle(): string {
    const route = this.#history.route;
    const signIn = this.#session === "signed-out" || this.sessionEnded;
    const page: PortalRoute["page"] =
      signIn && route.page !== "reset-password" && route.page !== "accept-invitation"
        ? "sign-in"
        : route.page;
    const title = this.#t(pageTitleKey(page));
    return this.productName ? `${title} · ${this.productName}` : title;
  }

  #onRouteChange(route: PortalRoute, change: RouteChange): void {
    this.menuOpen = false;
    if (change !== "replace") {
      this.#focusTitle = true;
      this.announcement = this.#t(pageTitleKey(route.page));
    }
    if (route.page === "license" && route.section !== undefined) {
      void this.updateComplete.then(() => this.#scrollToSection(route.section!));
    }
    if (route.page !== "profile") this.#confirmToken = undefined;
    this.requestUpdate();
    emitKeyportEvent(this, "portal-navigate", { path: this.#history.href(route), route });
  }

  async #scrollToSection(section: "diagnosis" | "activations"): Promise<void> {
    if (section === "activations") {
      this.renderRoot.querySelector("#activations")?.scrollIntoView({ block: "start" });
      return;
    }
    const detail = this.renderRoot.querySelector<HTMLElement & { loadComplete?: Promise<boolean> }>(
      "license-detail",
    );
    await detail?.loadComplete;
    detail?.shadowRoot
      ?.querySelector('[part~="section-diagnostics"]')
      ?.scrollIntoView({ block: "start" });
  }

  #toggleMenu = (): void => {
    this.menuOpen = !this.menuOpen;
    this.#focusMenu = this.menuOpen ? "first-link" : undefined;
  };

  #onNavKeydown = (event: KeyboardEvent): void => {
    if (event.key !== "Escape" || !this.menuOpen) return;
    event.preventDefault();
    this.menuOpen = false;
    this.#focusMenu = "button";
  };

  #focusPageTitle = (): void => {
    this.renderRoot.querySelector<HTMLElement>(".page-title")?.focus();
  };

  /** Listens to our own provider the way an element inside it does, through the context protocol. */
  #subscribeToOwnProvider(): void {
    const root = this.renderRoot.querySelector(".portal");
    if (root === null || customElements.get("portal-provider") === undefined) return;
    root.dispatchEvent(
      new ContextEvent(
        portalContext,
        root,
        (value, unsubscribe) => {
          this.ownPortal = value;
          this.#unsubscribe = unsubscribe ?? (() => undefined);
        },
        true,
      ),
    );
  }

  async #onSignedIn(token: string | undefined): Promise<void> {
    const provider = this.provider;
    if (token !== undefined) {
      if (this.#usesOwnProvider) this.token = token;
      else if (provider !== undefined) provider.token = token;
      await this.updateComplete;
    }
    await (token === undefined ? provider?.refresh() : provider?.updateComplete);
    await provider?.sessionComplete;
    this.sessionEnded = false;
    this.#focusTitle = true;
    const route = this.#history.route;
    if (
      route.page === "sign-in" ||
      route.page === "reset-password" ||
      route.page === "accept-invitation"
    ) {
      this.#history.navigate({ page: "dashboard" }, { replace: true });
    }
    this.announcement = this.#t(pageTitleKey(this.#history.route.page));
  }

  async #signOut(): Promise<void> {
    if (this.signingOut) return;
    this.signingOut = true;
    const provider = this.provider;
    try {
      await this.#portal?.client?.auth.logout().catch(() => undefined);
      if (this.#usesOwnProvider) this.token = undefined;
      else if (provider !== undefined) provider.token = undefined;
      await this.updateComplete;
      await provider?.refresh();
      this.#wasSignedIn = false;
      this.sessionEnded = false;
      this.#history.navigate({ page: "dashboard" }, { replace: true });
      this.#focusTitle = true;
    } finally {
      this.signingOut = false;
    }
  }
}
