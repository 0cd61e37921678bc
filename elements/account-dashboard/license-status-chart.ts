import type { Dashboard } from "@keyport/sdk";
import { html, svg, type TemplateResult } from "lit";
import type { LicenseStatus } from "../internal/status-badge.ts";

/** Worst last, so the eye reads the healthy share first. */
export const chartStatuses: readonly LicenseStatus[] = [
  "active",
  "expiring",
  "expired",
  "suspended",
  "revoked",
];

export interface LicenseStatusChartOptions {
  readonly counts: Dashboard["licenses"];
  /** The word of a status ("Active"). */
  readonly word: (status: LicenseStatus) => string;
  /** The chart's accessible name, given "2 Active, 1 Expiring". */
  readonly label: (parts: string) => string;
  /** The legend button's name ("Show the Expired licenses"). */
  readonly filterLabel: (word: string) => string;
  readonly onSelect: (status: LicenseStatus) => void;
  readonly formatCount: (count: number) => string;
}

/**
 * Licenses by status as one stacked bar (inline SVG: geometry in attributes,
 * colours from classes, so a strict CSP holds) and a legend that says each
 * status in words with its count; a legend entry opens that status's list.
 * Statuses without licenses are left out of both.
 */
export function renderLicenseStatusChart({
  counts,
  word,
  label,
  filterLabel,
  onSelect,
  formatCount,
}: LicenseStatusChartOptions): TemplateResult {
  const present = chartStatuses.filter((status) => counts[status] > 0);
  const total = present.reduce((sum, status) => sum + counts[status], 0);
  let offset = 0;
  const segments = present.map((status) => {
    const width = (counts[status] / total) * 100;
    const segment = svg`<rect part="chart-segment chart-segment-${status}"
      class="segment segment--${status}" x=${offset} y="0" width=${width} height="10"
      vector-effect="non-scaling-stroke"></rect>`;
    offset += width;
    return segment;
  });
  const parts = present
    .map((status) => `${formatCount(counts[status])} ${word(status)}`)
    .join(", ");
  return html`
    <svg part="status-chart" class="status-chart" viewBox="0 0 100 10" preserveAspectRatio="none"
      role="img" aria-label=${label(parts)} focusable="false">${segments}</svg>
    <ul part="legend" class="legend">
      ${present.map(
        (status) => html`<li>
          <button part="legend-item" class="legend-item" type="button"
            title=${filterLabel(word(status))}
            @click=${() => onSelect(status)}>
            <span class="swatch swatch--${status}" aria-hidden="true"></span>
            <span class="legend-word">${word(status)}</span>
            <span class="legend-count">${formatCount(counts[status])}</span>
          </button>
        </li>`,
      )}
    </ul>
  `;
}
