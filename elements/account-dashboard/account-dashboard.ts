import type { Dashboard, MyLicense } from "@keyport/sdk";
import { html } from "lit";
import { isUnauthorizedError } from "../internal/errors.ts";
import { KeyportElement } from "../internal/keyport-element.ts";
import type { KeyportNavigateDetail } from "../internal/navigate-event.ts";
import { accountDashboardStyles } from "./account-dashboard.styles.ts";
import { dashboardMessages } from "./account-dashboard-messages.ts";
import { renderDashboardCards } from "./dashboard-cards.ts";
import { renderHealthSummary } from "./health-summary.ts";

export type {
  KeyportArea,
  KeyportNavigateDetail,
  LicenseSection,
} from "../internal/navigate-event.ts";

/** What `<account-dashboard>` loads: the dashboard, and the licenses whose names it shows. */
export interface AccountDashboardData {
  readonly dashboard: Dashboard;
  /** The newest licenses (one page), for names in sentences and dates beyond the warning window. */
  readonly licenses: readonly MyLicense[];
}

/** Names and far expiry dates come from one page of licenses; more would cost a request per page. */
const LICENSE_PAGE = 100;

/**
 * The customer's account at a glance: a health line first ("2 things need
 * your attention", each reason linking to the license and the place that fixes
 * it), then four cards — licenses by status as a stacked bar with a legend,
 * seats in use as meters, licenses expiring in the next 90 days on a timeline,
 * and recent activity as sentences — each leading to its page through
 * `keyport-navigate`. A grid on wide screens, one column when the element is
 * narrower than 720 px (its own width, not the window's). Members see only
 * the licenses assigned to them.
 *
 * @example
 * <portal-provider api-base="https://licensing.example.com">
 *   <account-dashboard></account-dashboard>
 * </portal-provider>
 * <script type="module">
 *   document.addEventListener("keyport-navigate", ({ detail }) => {
 *     location.hash = detail.licenseId ? `#/licenses/${detail.licenseId}` : `#/${detail.area}`;
 *   });
 * </script>
 *
 * @tagname account-dashboard
 * @summary Account health, licenses by status, seats, upcoming expiries and recent activity.
 *
 * @event keyport-navigate - The customer chose where to go: a health reason's license, a card's page, a legend entry. `detail.area` (`licenses`, `activations`, `activity` …), `detail.licenseId`, `detail.section` (`diagnosis`, `activations`) and `detail.status` (a license list filter) say where.
 * @event keyport-error - Loading failed. `detail.error` holds the error.
 * @event keyport-signed-out - The API answered 401. `detail.error` holds the error.
 *
 * @csspart health - The health line (also `health-ok` or `health-attention`).
 * @csspart health-reason - One reason (also `health-reason-<code>`, e.g. `health-reason-AT_LIMIT`).
 * @csspart health-link - A reason's link to a license, or to the rest of them.
 * @csspart cards - The grid of the four cards.
 * @csspart card - One card (also `card-licenses`, `card-seats`, `card-expiring`, `card-activity`).
 * @csspart card-link - A card's link to its page.
 * @csspart status-chart - The stacked bar of licenses by status (an `<svg>`).
 * @csspart chart-segment - One status's share of the bar (also `chart-segment-<status>`).
 * @csspart legend - The legend under the bar.
 * @csspart legend-item - One status in the legend: its word and count, opening its list.
 * @csspart meter - A seat meter (also `meter-machines`, `meter-domains`, `meter-full`).
 * @csspart meter-bar - A seat meter's track.
 * @csspart meter-fill - A seat meter's filled share.
 * @csspart timeline - The expiry timeline (an `<svg>`).
 * @csspart expiring-list - The numbered list of expiring licenses under the timeline.
 * @csspart expiring-link - An expiring license's name, opening it.
 * @csspart activity-list - The recent activity.
 * @csspart activity-entry - One activity sentence with its time.
 * @csspart skeleton - The loading placeholder (inside `state-loading`).
 * @csspart state - The block shown instead of data: loading, empty, error and signed-out.
 * @csspart state-loading - The loading block (also has `state`).
 * @csspart state-empty - The empty block (also has `state`).
 * @csspart state-error - The error block (also has `state`).
 * @csspart state-signed-out - The signed-out block (also has `state`).
 * @csspart retry-button - The error state's "Try again" button.
 * @csspart empty-link - The empty state's link to My Licenses.
 *
 * @cssproperty --keyport-color-primary - Links, the focus ring, seat meters and timeline markers.
 * @cssproperty --keyport-color-surface - Cards; the element's background when `theme` is set.
 * @cssproperty --keyport-color-text - Body text; inherited from the page unless set or `theme` is set.
 * @cssproperty --keyport-color-muted - Secondary text, revoked licenses.
 * @cssproperty --keyport-color-border - Card borders, meter tracks, the timeline's axis.
 * @cssproperty --keyport-color-success - Active licenses, the all-good health line.
 * @cssproperty --keyport-color-warning - Expiring licenses, full seats, the warning window.
 * @cssproperty --keyport-color-danger - Expired and suspended licenses, failing validations.
 * @cssproperty --keyport-radius - Corner radius of cards and buttons.
 * @cssproperty --keyport-space - The spacing unit.
 * @cssproperty --keyport-font-family - Text font.
 */
export class AccountDashboard extends KeyportElement<AccountDashboardData> {
  static override styles = accountDashboardStyles;

  protected override async load(signal: AbortSignal): Promise<AccountDashboardData> {
    const [dashboard, licenses] = await Promise.all([
      this.client.dashboard.get({ signal }),
      this.client.licenses
        .list({ limit: LICENSE_PAGE }, { signal })
        .then((page) => page.data)
        // Names are a nicety: without them the sentences say "a license", the figures stand.
        .catch((error: unknown) => {
          if (signal.aborted || isUnauthorizedError(error)) throw error;
          return [] as MyLicense[];
        }),
    ]);
    return { dashboard, licenses };
  }

  protected override isEmpty({ dashboard }: AccountDashboardData): boolean {
    return dashboard.licenses.total === 0;
  }

  protected override renderLoading() {
    const card = html`<div class="card skeleton-card">
      <span class="skeleton skeleton--title"></span><span class="skeleton"></span
      ><span class="skeleton skeleton--short"></span>
    </div>`;
    return html`<div part="state state-loading" class="loading" role="status" aria-busy="true">
      <span class="visually-hidden">${this.msg("state.loading")}</span>
      <div part="skeleton" class="skeleton-layout" aria-hidden="true">
        <div class="skeleton-health"><span class="skeleton skeleton--title"></span></div>
        <div class="cards">${card}${card}${card}${card}</div>
      </div>
    </div>`;
  }

  protected override renderEmpty() {
    return this.renderStateBlock("empty", {
      message: this.t(dashboardMessages, "empty.title"),
      hint: this.t(dashboardMessages, "empty.hint"),
      action: html`<button part="empty-link" class="button" type="button"
        @click=${() => this.#navigate({ area: "licenses" })}>${this.t(dashboardMessages, "empty.link")}</button>`,
    });
  }

  protected override renderData({ dashboard, licenses }: AccountDashboardData) {
    const names = new Map<string, string>(licenses.map((license) => [license.id, license.name]));
    for (const soon of dashboard.expiringSoon) names.set(soon.id, soon.name);
    const licenseName = (id: string) => names.get(id);
    const navigate = (detail: KeyportNavigateDetail) => this.#navigate(detail);
    const { locale, timezone } = this.portal;
    return html`
      ${renderHealthSummary({ health: dashboard.health, locale, licenseName, navigate })}
      ${renderDashboardCards({
        dashboard,
        licenses,
        settings: { locale, timezone },
        now: new Date(),
        licenseName,
        navigate,
      })}
    `;
  }

  #navigate(detail: KeyportNavigateDetail): void {
    this.emit("keyport-navigate", detail);
  }
}
