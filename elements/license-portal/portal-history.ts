import type { ReactiveController, ReactiveControllerHost } from "lit";
import { type PortalRoute, parseRoute, routeHref } from "./portal-routes.ts";

/** How the route changed: a link or an event (`push`), Back/Forward (`pop`), or a correction (`replace`). */
export type RouteChange = "push" | "pop" | "replace";

export interface PortalHistoryOptions {
  /** The `base-path` in effect; read on every use, so a changed attribute counts at once. */
  readonly basePath: () => string;
  /** Called after the URL changed, with the new route. */
  readonly onChange: (route: PortalRoute, change: RouteChange) => void;
}

/**
 * The portal's router: the URL is the state. Reads the route from
 * `location`, follows Back and Forward (`popstate`), and turns clicks on real
 * `<a href>` links to portal pages — in the shell or in any element inside
 * it, through shadow roots — into `history.pushState`, so the page is not
 * reloaded. A click with a modifier key, the middle button, a `target` or a
 * `download`, or a link leaving the portal, is left to the browser: a new tab
 * opens as with any link.
 */
export class PortalHistory implements ReactiveController {
  #route: PortalRoute;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: PortalHistoryOptions,
  ) {
    this.#route = this.#read();
    host.addController(this);
  }

  /** Where the portal is. */
  get route(): PortalRoute {
    return this.#route;
  }

  hostConnected(): void {
    this.#route = this.#read();
    window.addEventListener("popstate", this.#onPopState);
    this.host.addEventListener("click", this.#onClick);
  }

  hostDisconnected(): void {
    window.removeEventListener("popstate", this.#onPopState);
    this.host.removeEventListener("click", this.#onClick);
  }

  /** The URL of a route under the base path, for `<a href>`. */
  href(route: PortalRoute): string {
    return routeHref(route, this.options.basePath());
  }

  /** Goes to `route`: a new history entry, or with `replace` a correction of the current one. */
  navigate(route: PortalRoute, { replace = false }: { replace?: boolean } = {}): void {
    const href = this.href(route);
    const current = `${location.pathname}${location.search}${location.hash}`;
    if (replace) history.replaceState(history.state, "", href);
    else if (href !== current) history.pushState(null, "", href);
    this.#route = route;
    this.options.onChange(route, replace ? "replace" : "push");
  }

  #read(): PortalRoute {
    return parseRoute(location, this.options.basePath());
  }

  #onPopState = (): void => {
    this.#route = this.#read();
    this.options.onChange(this.#route, "pop");
  };

  #onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event
      .composedPath()
      .find(
        (node): node is HTMLAnchorElement =>
          node instanceof HTMLAnchorElement && node.hasAttribute("href"),
      );
    if (anchor === undefined || anchor.hasAttribute("download")) return;
    if (anchor.target !== "" && anchor.target !== "_self") return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin) return;
    const route = parseRoute(url, this.options.basePath());
    if (route.page === "not-found") return;
    event.preventDefault();
    this.navigate(route);
  };
}
