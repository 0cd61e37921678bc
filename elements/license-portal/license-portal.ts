import {
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from "lit";
import { emitKeyportEvent } from "../internal/events.ts";
import {
  afterLocaleLoaded,
  type KeyportLocale,
  type MessageParams,
  resolveLocale,
} from "../internal/i18n.ts";
import type { KeyportNavigateDetail } from "../internal/navigate-event.ts";
import { PortalConsumer } from "../internal/portal-consumer.ts";
import type { PortalProviderLike } from "../internal/provider-link.ts";
import { licensePortalStyles } from "./license-portal.styles.ts";
import { type PortalMessageKey, portalMessages } from "./license-portal-messages.ts";
import { type FrameContext, renderFrame } from "./portal-frame.ts";
import { PortalHistory, type RouteChange } from "./portal-history.ts";
import { PortalMenu } from "./portal-menu.ts";
import {
  documentTitle,
  type FramePage,
  isFrameRoute,
  PAGE_TAGS,
  pageTitleKey,
  scrollToSection,
} from "./portal-pages.ts";
import { areaOfRoute, type PortalRoute, routeOfNavigation } from "./portal-routes.ts";
import { PortalSessionController } from "./portal-session.ts";
import { renderLoginPage, renderSessionProblem } from "./portal-session-views.ts";

export type { PortalNavigateDetail } from "./license-portal-events.ts";
export type { PortalArea, PortalRoute } from "./portal-routes.ts";

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

  static override properties: PropertyDeclarations = {
    productName: { attribute: "product-name" },
    logoUrl: { attribute: "logo-url" },
    basePath: { attribute: "base-path" },
    apiBase: { attribute: "api-base" },
    token: {},
    fetchToken: { attribute: false },
    locale: {},
    timezone: {},
    theme: { reflect: true },
    announcement: { state: true, attribute: false },
  };

  /** The vendor's product, beside the logo and in `document.title`. */
  productName = "";

  /** The vendor's logo; without one a plain mark stands beside the name. */
  logoUrl?: string;

  /** The path the portal lives under, e.g. `/portal`; default `/`. */
  basePath = "/";

  /** Without a surrounding provider: base URL of the Keyport API (default this page's origin). */
  apiBase?: string;

  /** Without a surrounding provider: a bearer token; a sign-in in bearer mode sets it. */
  token?: string;

  /** Without a surrounding provider: asked for a fresh token. A property only. */
  fetchToken?: () => Promise<string>;

  /** Without a surrounding provider: `en` or `de`, over the customer's saved language. */
  locale?: string;

  /** Without a surrounding provider: an IANA zone, over the customer's saved zone. */
  timezone?: string;

  /** `light`, `dark` or `auto`; unset, the portal stays transparent on the page. */
  theme?: "light" | "dark" | "auto";

  /** What a surrounding `<portal-provider>` shares, kept current. */
  readonly #portalConsumer = new PortalConsumer(this);

  private announcement = "";

  readonly #history = new PortalHistory(this, {
    basePath: () => this.basePath,
    onChange: (route, change) => this.#onRouteChange(route, change),
  });

  readonly #session = new PortalSessionController(this, {
    providedPortal: () => this.#portalConsumer.value,
    afterSignIn: () => {
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
    },
    afterSignOut: () => {
      this.#history.navigate({ page: "dashboard" }, { replace: true });
      this.#focusTitle = true;
    },
  });

  readonly #menu = new PortalMenu(this);

  #confirmToken: string | undefined;
  #focusTitle = false;

  constructor() {
    super();
    this.addEventListener("license-select", (event) =>
      this.navigate({ page: "license", licenseId: event.detail.licenseId }),
    );
    this.addEventListener("keyport-navigate", (event: CustomEvent<KeyportNavigateDetail>) =>
      this.navigate(routeOfNavigation(event.detail)),
    );
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
    return this.#session.provider;
  }

  get #locale(): KeyportLocale {
    return (
      this.#session.portal?.locale ?? resolveLocale(this.locale ?? document.documentElement.lang)
    );
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

  protected override scheduleUpdate() {
    return afterLocaleLoaded(this.#locale, () => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const route = this.#history.route;
    const { session, sessionEnded } = this.#session;
    // A mailed email confirmation is done by Profile & Security; the token stays in memory only.
    if (route.page === "confirm-email") {
      this.#confirmToken = route.token;
      this.#history.navigate({ page: "profile" }, { replace: true });
    } else if (route.page === "sign-in" && session === "signed-in" && !sessionEnded) {
      this.#history.navigate({ page: "dashboard" }, { replace: true });
    }
  }

  protected override render(): TemplateResult {
    const body = html`<div class="portal">
      ${this.#renderBody()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
    if (!this.#session.usesOwnProvider) return body;
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
    document.title = documentTitle({
      page: this.#history.route.page,
      signIn: this.#session.session === "signed-out" || this.#session.sessionEnded,
      productName: this.productName,
      t: this.#t,
    });
    if (this.#focusTitle && this.renderRoot.querySelector(".page-title, login-form")) {
      this.#focusTitle = false;
      this.renderRoot.querySelector<HTMLElement>(".page-title")?.focus();
    }
    this.#menu.moveFocus();
    this.#watchLicense();
  }

  /**
   * The license page's detail element and license, once watched, and the license it found
   * missing. A new detail (after signing in again, perhaps as someone else) is watched anew.
   */
  #watched: { readonly detail: Element | null; readonly licenseId: string | undefined } = {
    detail: null,
    licenseId: undefined,
  };
  #missingLicense: string | undefined;

  #watchLicense(): void {
    const route = this.#history.route;
    const licenseId = route.page === "license" ? route.licenseId : undefined;
    const detail = this.renderRoot.querySelector<
      HTMLElement & { readonly loadComplete: Promise<boolean>; readonly notFound: boolean }
    >("license-detail");
    if (detail === this.#watched.detail && licenseId === this.#watched.licenseId) return;
    const watched = { detail, licenseId };
    this.#watched = watched;
    if (this.#missingLicense !== undefined) {
      this.#missingLicense = undefined;
      this.requestUpdate();
    }
    if (licenseId === undefined || !detail) return;
    void detail.loadComplete.then(() => {
      if (this.#watched !== watched || !detail.notFound) return;
      this.#missingLicense = licenseId;
      this.requestUpdate();
    });
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
    const { session, sessionEnded } = this.#session;
    if (session === "loading" || session === "error") {
      return renderSessionProblem({
        t: this.#t,
        session,
        onRetry: () => void this.provider?.refresh(),
      });
    }
    if (session === "signed-out" || sessionEnded) {
      return renderLoginPage({ ...login, mode: "sign-in", sessionEnded });
    }
    if (!isFrameRoute(route)) {
      // `/sign-in` and `/confirm-email` while signed in: `willUpdate` is sending them on.
      return renderSessionProblem({ t: this.#t, session: "loading", onRetry: () => undefined });
    }
    return this.#renderFrame(route);
  }

  #renderFrame(route: PortalRoute & { readonly page: FramePage }): TemplateResult {
    const menu = this.#menu;
    const frame: FrameContext = {
      productName: this.productName,
      logoUrl: this.logoUrl,
      me: this.#session.portal?.me,
      current: areaOfRoute(route),
      menuOpen: menu.open,
      signingOut: this.#session.signingOut,
      t: this.#t,
      href: this.#href,
      onMenu: menu.toggle,
      onSignOut: () => void this.#session.signOut(),
      onNavKeydown: menu.onNavKeydown,
    };
    const licenseMissing = route.page === "license" && this.#missingLicense === route.licenseId;
    const page = {
      route,
      confirmToken: this.#confirmToken,
      licenseMissing,
      t: this.#t,
      href: this.#href,
    };
    return renderFrame(frame, page, this.#focusPageTitle);
  }

  #onRouteChange(route: PortalRoute, change: RouteChange): void {
    this.#menu.close();
    if (change !== "replace") {
      this.#focusTitle = true;
      this.announcement = this.#t(pageTitleKey(route.page));
    }
    if (route.page === "license" && route.section !== undefined) {
      void this.updateComplete.then(() => scrollToSection(this.renderRoot, route.section!));
    }
    if (route.page !== "profile") this.#confirmToken = undefined;
    this.requestUpdate();
    emitKeyportEvent(this, "portal-navigate", { path: this.#history.href(route), route });
  }

  #focusPageTitle = (): void => {
    this.renderRoot.querySelector<HTMLElement>(".page-title")?.focus();
  };
}
