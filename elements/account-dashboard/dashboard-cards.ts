import type { ActivityEntry, Dashboard, MyLicense } from "@keyport/sdk";
import { html, type TemplateResult } from "lit";
import { type FormatSettings, formatDateTime, formatRelativeTime } from "../internal/format.ts";
import { intlLocaleTag } from "../internal/i18n.ts";
import type { KeyportNavigateDetail } from "../internal/navigate-event.ts";
import { renderSeatMeters } from "../internal/seat-meter.ts";
import { statusMessages } from "../internal/status-messages.ts";
import { type DashboardMessageKey, dashboardMessages } from "./account-dashboard-messages.ts";
import { describeActivity } from "./activity-sentence.ts";
import { renderExpiryTimeline, type TimelineItem } from "./expiry-timeline.ts";
import { renderLicenseStatusChart } from "./license-status-chart.ts";

/** How far ahead the expiry card looks. */
export const TIMELINE_DAYS = 90;
/** How many activity entries the card shows of the API's ten. */
export const ACTIVITY_SHOWN = 5;

const DAY_MS = 86_400_000;

export interface DashboardCardsContext {
  readonly dashboard: Dashboard;
  readonly licenses: readonly MyLicense[];
  readonly settings: FormatSettings;
  readonly now: Date;
  readonly licenseName: (licenseId: string) => string | undefined;
  readonly navigate: (detail: KeyportNavigateDetail) => void;
}

function say(
  context: DashboardCardsContext,
  key: DashboardMessageKey,
  params?: Record<string, string | number>,
) {
  return dashboardMessages(context.settings.locale, key, params);
}

function renderCard(
  context: DashboardCardsContext,
  name: string,
  title: string,
  body: unknown,
  link: { readonly text: string; readonly to: KeyportNavigateDetail },
): TemplateResult {
  return html`<section part="card card-${name}" class="card" aria-labelledby="card-${name}-title">
    <h3 id="card-${name}-title" class="card-title">${title}</h3>
    <div class="card-body">${body}</div>
    <button part="card-link" class="link card-link" type="button"
      @click=${() => context.navigate(link.to)}>${link.text}<span aria-hidden="true"> →</span></button>
  </section>`;
}

function licensesCard(context: DashboardCardsContext): TemplateResult {
  const { licenses } = context.dashboard;
  const { locale } = context.settings;
  const numbers = new Intl.NumberFormat(intlLocaleTag(locale));
  const only = licenses.total === 1 ? context.licenses[0] : undefined;
  const body = html`
    <p class="figure">${say(context, "card.licenses.total", { count: licenses.total })}</p>
    ${renderLicenseStatusChart({
      counts: licenses,
      word: (status) => say(context, `status.${status}`),
      label: (parts) => say(context, "card.licenses.chart", { parts }),
      filterLabel: (status) => say(context, "card.licenses.filter", { status }),
      formatCount: (count) => numbers.format(count),
      onSelect: (status) =>
        context.navigate(
          only ? { area: "licenses", licenseId: only.id } : { area: "licenses", status },
        ),
    })}
  `;
  return renderCard(context, "licenses", say(context, "card.licenses"), body, {
    text: say(context, "card.licenses.link", { count: licenses.total }),
    to: only ? { area: "licenses", licenseId: only.id } : { area: "licenses" },
  });
}

function seatsCard(context: DashboardCardsContext): TemplateResult {
  const { machines, domains } = context.dashboard.seats;
  const body =
    machines.total === 0 && domains.total === 0 && machines.used === 0 && domains.used === 0
      ? html`<p class="muted">${say(context, "card.seats.none")}</p>`
      : html`${renderSeatMeters({ machines, domains }, context.settings)}
          ${
            // "Across every license" says nothing to a member with one.
            context.dashboard.licenses.total > 1
              ? html`<p class="muted card-hint">${say(context, "card.seats.hint")}</p>`
              : ""
          }`;
  return renderCard(context, "seats", say(context, "card.seats"), body, {
    text: say(context, "card.seats.link"),
    to: { area: "activations" },
  });
}

/**
 * The licenses on the timeline: the API's `expiringSoon` (the warning window)
 * and, further out, the loaded licenses that still run and end within the span.
 */
export function timelineItems(
  context: Pick<DashboardCardsContext, "dashboard" | "licenses" | "now">,
) {
  const items = new Map<string, TimelineItem>();
  for (const soon of context.dashboard.expiringSoon) {
    items.set(soon.id, { ...soon, productName: soon.product.name });
  }
  const end = context.now.getTime() + TIMELINE_DAYS * DAY_MS;
  for (const license of context.licenses) {
    if (items.has(license.id) || license.expiresAt === null) continue;
    if (license.status !== "active" && license.status !== "expiring") continue;
    const at = new Date(license.expiresAt).getTime();
    if (at < context.now.getTime() || at > end) continue;
    const daysLeft = Math.ceil((at - context.now.getTime()) / DAY_MS);
    items.set(license.id, {
      id: license.id,
      name: license.name,
      productName: license.product.name,
      expiresAt: license.expiresAt,
      daysLeft,
    });
  }
  return [...items.values()].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

function expiringCard(context: DashboardCardsContext): TemplateResult {
  const items = timelineItems(context);
  const { locale } = context.settings;
  const timeline = renderExpiryTimeline({
    items,
    days: TIMELINE_DAYS,
    warningDays: context.dashboard.expiryWarningDays,
    now: context.now,
    settings: context.settings,
    todayLabel: say(context, "card.expiring.today"),
    windowLabel: say(context, "card.expiring.window"),
    leftLabel: (count) => statusMessages(locale, "license.expiring", { count }),
    onSelect: (item) => context.navigate({ area: "licenses", licenseId: item.id }),
  });
  const body =
    items.length === 0
      ? html`${timeline}<p class="muted">${say(context, "card.expiring.none", { days: TIMELINE_DAYS })}</p>`
      : timeline;
  return renderCard(
    context,
    "expiring",
    say(context, "card.expiring", { days: TIMELINE_DAYS }),
    body,
    {
      text: say(context, "card.expiring.link"),
      to: { area: "licenses", status: "expiring" },
    },
  );
}

function renderEntry(context: DashboardCardsContext, entry: ActivityEntry): TemplateResult {
  const { settings, now } = context;
  return html`<li part="activity-entry" class="activity-entry">
    <span>${describeActivity(entry, { locale: settings.locale, licenseName: context.licenseName })}</span>
    <span class="muted" aria-hidden="true">·</span>
    <time class="muted" datetime=${entry.createdAt} title=${formatDateTime(entry.createdAt, settings)}>
      ${formatRelativeTime(entry.createdAt, { locale: settings.locale, now })}
    </time>
  </li>`;
}

function activityCard(context: DashboardCardsContext): TemplateResult {
  const entries = context.dashboard.recentActivity.slice(0, ACTIVITY_SHOWN);
  const body =
    entries.length === 0
      ? html`<p class="muted">${say(context, "card.activity.none")}</p>`
      : html`<ol part="activity-list" class="activity-list">
          ${entries.map((entry) => renderEntry(context, entry))}
        </ol>`;
  return renderCard(context, "activity", say(context, "card.activity"), body, {
    text: say(context, "card.activity.link"),
    to: { area: "activity" },
  });
}

/** The dashboard's four cards, each leading to its page. */
export function renderDashboardCards(context: DashboardCardsContext): TemplateResult {
  return html`<div part="cards" class="cards">
    ${licensesCard(context)} ${seatsCard(context)} ${expiringCard(context)} ${activityCard(context)}
  </div>`;
}
