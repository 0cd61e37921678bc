import { css } from "lit";
import { seatMeterStyles } from "../internal/seat-meter.ts";
import { keyportBaseStyles } from "../internal/styles.ts";

/**
 * One CSSResult. The grid follows the element's own width (a container query
 * on the host), since a vendor may embed the dashboard in a narrow column.
 */
export const accountDashboardStyles = css`
  ${keyportBaseStyles}
  ${seatMeterStyles}

  :host {
    container: account-dashboard / inline-size;
  }

  h2,
  h3,
  p {
    margin: 0;
  }

  .muted {
    color: var(--_kp-color-muted);
  }

  .link {
    display: inline;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_kp-color-primary);
    font: inherit;
    font-weight: 500;
    text-align: start;
    text-decoration: underline;
    text-decoration-thickness: 1px;
    text-underline-offset: 0.2em;
    cursor: pointer;
  }

  .link:hover {
    text-decoration-thickness: 2px;
  }

  .health {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    margin-block-end: calc(var(--_kp-space) * 4);
    padding: calc(var(--_kp-space) * 4);
    border: 1px solid var(--_kp-color-border);
    border-inline-start: 4px solid var(--_kp-color-warning);
    border-radius: var(--_kp-radius);
    background: var(--keyport-color-surface, transparent);
  }

  .health--ok {
    border-inline-start-color: var(--_kp-color-success);
  }

  .health-title {
    display: flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 2);
    font-size: 1.125rem;
    font-weight: 600;
  }

  .health-icon {
    color: var(--_kp-color-success);
  }

  .reasons {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .reason {
    display: flex;
    gap: calc(var(--_kp-space) * 3);
    align-items: start;
  }

  .reason-mark {
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: 1.25rem;
    block-size: 1.25rem;
    border: 1px solid currentColor;
    border-radius: 50%;
    font-size: 0.75rem;
    font-weight: 700;
  }

  .reason--warning .reason-mark {
    color: var(--_kp-color-warning);
  }

  .reason--danger .reason-mark {
    color: var(--_kp-color-danger);
  }

  .reason-body {
    display: grid;
    gap: var(--_kp-space);
    min-inline-size: 0;
  }

  .reason-links {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_kp-space) * 1) calc(var(--_kp-space) * 4);
  }

  .cards {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: calc(var(--_kp-space) * 4);
  }

  .card {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_kp-space) * 3);
    min-inline-size: 0;
    padding: calc(var(--_kp-space) * 4);
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--keyport-color-surface, transparent);
  }

  .card-title {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
    font-weight: 600;
    letter-spacing: 0.02em;
    text-transform: uppercase;
  }

  .card-body {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    flex: 1;
    align-content: start;
  }

  .card-hint {
    font-size: 0.875rem;
  }

  .card-link {
    align-self: start;
  }

  .figure {
    font-size: 1.5rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  /* Licenses by status */
  .status-chart {
    display: block;
    inline-size: 100%;
    block-size: 0.75rem;
    clip-path: inset(0 round 999px);
  }

  .segment {
    stroke: var(--_kp-color-surface);
    stroke-width: 2px;
  }

  .segment--active,
  .swatch--active {
    fill: var(--_kp-color-success);
    background: var(--_kp-color-success);
  }

  .segment--expiring,
  .swatch--expiring {
    fill: var(--_kp-color-warning);
    background: var(--_kp-color-warning);
  }

  .segment--expired,
  .swatch--expired {
    fill: var(--_kp-color-danger);
    background: var(--_kp-color-danger);
  }

  /* Suspended shares the danger colour; a lighter fill tells it apart next to Expired. */
  .segment--suspended {
    fill: var(--_kp-color-danger);
    fill-opacity: 0.5;
  }

  .swatch--suspended {
    background: color-mix(in srgb, var(--_kp-color-danger) 50%, transparent);
  }

  .segment--revoked,
  .swatch--revoked {
    fill: var(--_kp-color-muted);
    background: var(--_kp-color-muted);
  }

  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_kp-space) * 1) calc(var(--_kp-space) * 4);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .legend-item {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 2);
    min-block-size: 2rem;
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    font-size: 0.875rem;
    cursor: pointer;
  }

  .legend-item:hover .legend-word {
    text-decoration: underline;
  }

  .swatch {
    inline-size: 0.75rem;
    block-size: 0.75rem;
    border-radius: 3px;
  }

  .legend-count {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  /* Expiry timeline */
  .timeline-frame {
    padding-inline: calc(var(--_kp-space) * 3);
  }

  .timeline {
    display: block;
    inline-size: 100%;
    block-size: 3.5rem;
    overflow: visible;
  }

  .timeline-window {
    fill: color-mix(in srgb, var(--_kp-color-warning) 14%, transparent);
  }

  .timeline-window-label {
    fill: var(--_kp-color-warning);
    font-size: 0.6875rem;
    font-weight: 500;
  }

  .timeline-axis,
  .timeline-tick {
    stroke: var(--_kp-color-muted);
    stroke-width: 1px;
  }

  .timeline-date {
    fill: var(--_kp-color-muted);
    font-size: 0.75rem;
  }

  .timeline-marker circle {
    fill: var(--_kp-color-primary);
    stroke: var(--_kp-color-surface);
    stroke-width: 2px;
  }

  .timeline-marker--soon circle {
    fill: var(--_kp-color-warning);
  }

  .timeline-marker text {
    fill: var(--_kp-color-surface);
    font-size: 0.6875rem;
    font-weight: 700;
  }

  .expiring-list,
  .activity-list {
    display: grid;
    gap: calc(var(--_kp-space) * 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .expiring-item {
    display: flex;
    gap: calc(var(--_kp-space) * 2);
    align-items: baseline;
  }

  .expiring-number {
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: 1.25rem;
    block-size: 1.25rem;
    border-radius: 50%;
    background: var(--_kp-color-warning);
    color: var(--_kp-color-surface);
    font-size: 0.75rem;
    font-weight: 700;
  }

  .expiring-text {
    display: grid;
    min-inline-size: 0;
  }

  .expiring-text .muted {
    font-size: 0.875rem;
  }

  .activity-entry {
    line-height: 1.4;
  }

  .activity-entry time {
    font-size: 0.875rem;
    white-space: nowrap;
  }

  /* Loading skeleton */
  .loading {
    display: block;
  }

  .skeleton-health {
    margin-block-end: calc(var(--_kp-space) * 4);
    padding: calc(var(--_kp-space) * 4);
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
  }

  .skeleton-card {
    min-block-size: 9rem;
  }

  .skeleton {
    display: block;
    block-size: 0.875rem;
    inline-size: 80%;
    border-radius: 4px;
    background: var(--_kp-color-border);
    animation: kp-pulse 1.4s ease-in-out infinite;
  }

  .skeleton--title {
    inline-size: 40%;
    block-size: 1.125rem;
  }

  .skeleton--short {
    inline-size: 55%;
  }

  @keyframes kp-pulse {
    50% {
      opacity: 0.45;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }

  @container account-dashboard (max-width: 719.98px) {
    .cards {
      grid-template-columns: minmax(0, 1fr);
    }

    .health,
    .card {
      padding: calc(var(--_kp-space) * 3);
    }
  }
`;
