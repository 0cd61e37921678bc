import { html, nothing, svg, type TemplateResult } from "lit";
import { type FormatSettings, formatDate } from "../internal/format.ts";
import { intlLocaleTag } from "../internal/i18n.ts";

/** A license on the timeline. */
export interface TimelineItem {
  readonly id: string;
  readonly name: string;
  readonly productName: string;
  readonly expiresAt: string;
  /** Whole days left, rounded up as the API counts them. */
  readonly daysLeft: number;
}

export interface ExpiryTimelineOptions {
  readonly items: readonly TimelineItem[];
  /** The span shown, in days from today. */
  readonly days: number;
  /** The account's warning window, shaded. */
  readonly warningDays: number;
  readonly now: Date;
  readonly settings: FormatSettings;
  readonly todayLabel: string;
  readonly windowLabel: string;
  /** "Expiring in 12 days". */
  readonly leftLabel: (daysLeft: number) => string;
  readonly onSelect: (item: TimelineItem) => void;
}

const DAY_MS = 86_400_000;

function percent(days: number, span: number): string {
  return `${Math.min(100, Math.max(0, (days / span) * 100))}%`;
}

function shortDate(date: Date, { locale, timezone }: FormatSettings): string {
  return new Intl.DateTimeFormat(intlLocaleTag(locale), {
    day: "numeric",
    month: "short",
    timeZone: timezone,
  }).format(date);
}

/**
 * The licenses expiring within `days` on a small timeline: an axis from today
 * with dated ticks in the user's zone, the warning window shaded, a numbered
 * marker per license. The SVG is decoration for sighted users; the numbered
 * list below it carries the same facts as text, for everyone.
 */
export function renderExpiryTimeline(options: ExpiryTimelineOptions): TemplateResult {
  const { items, days, warningDays, now, settings } = options;
  const ticks = [0, days / 3, (days * 2) / 3, days].map((offset) => Math.round(offset));
  const anchor = (index: number) =>
    index === 0 ? "start" : index === ticks.length - 1 ? "end" : "middle";
  return html`
    <div class="timeline-frame">
      <svg part="timeline" class="timeline" aria-hidden="true" focusable="false">
        <rect class="timeline-window" x="0" y="14" width=${percent(warningDays, days)} height="20"
          rx="4"></rect>
        <text class="timeline-window-label" x="4" y="10">${options.windowLabel}</text>
        <line class="timeline-axis" x1="0" x2="100%" y1="24" y2="24"></line>
        ${ticks.map(
          (offset, index) => svg`
            <line class="timeline-tick" x1=${percent(offset, days)} x2=${percent(offset, days)}
              y1="20" y2="28"></line>
            <text class="timeline-date" x=${percent(offset, days)} y="48" text-anchor=${anchor(index)}>
              ${index === 0 ? options.todayLabel : shortDate(new Date(now.getTime() + offset * DAY_MS), settings)}
            </text>`,
        )}
        ${items.map(
          (item, index) => svg`
            <g class="timeline-marker ${item.daysLeft <= warningDays ? "timeline-marker--soon" : ""}">
              <circle cx=${percent(item.daysLeft, days)} cy="24" r="8"></circle>
              <text x=${percent(item.daysLeft, days)} y="28" text-anchor="middle">${index + 1}</text>
            </g>`,
        )}
      </svg>
    </div>
    ${
      items.length === 0
        ? nothing
        : html`<ol part="expiring-list" class="expiring-list">
            ${items.map((item, index) => {
              const date = formatDate(item.expiresAt, settings);
              return html`<li class="expiring-item">
                <span class="expiring-number" aria-hidden="true">${index + 1}</span>
                <span class="expiring-text">
                  <button part="expiring-link" class="link" type="button"
                    @click=${() => options.onSelect(item)}>
                    ${item.name}
                  </button>
                  <span class="muted">${item.productName} · <time datetime=${item.expiresAt}>${date}</time>
                    · ${options.leftLabel(item.daysLeft)}</span>
                </span>
              </li>`;
            })}
          </ol>`
    }
  `;
}
