import { css } from "lit";
import { deactivationDialogStyles } from "../internal/deactivation-dialog.ts";
import { seatMeterStyles } from "../internal/seat-meter.ts";
import { statusBadgeStyles } from "../internal/status-badge.ts";
import { keyportBaseStyles } from "../internal/styles.ts";

/** Under this width of the element itself (not the window) the tables become stacked cards. */
const own = css`
  :host {
    container: activation-manager / inline-size;
    line-height: 1.5;
  }

  .title {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
  }

  .intro,
  .muted,
  .secondary,
  .product,
  .field-label {
    color: var(--_kp-color-muted);
  }

  .intro {
    margin: var(--_kp-space) 0 calc(var(--_kp-space) * 4);
  }

  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: calc(var(--_kp-space) * 3) calc(var(--_kp-space) * 4);
    margin-bottom: calc(var(--_kp-space) * 4);
  }

  .field {
    display: grid;
    gap: var(--_kp-space);
    font-size: 0.875rem;
  }

  .select {
    min-height: 2.25rem;
    padding: 0 calc(var(--_kp-space) * 2);
    border: 1px solid var(--_kp-color-muted);
    border-radius: var(--_kp-radius);
    background: var(--_kp-color-surface);
    color: var(--_kp-color-text);
    font: inherit;
    font-size: 1rem;
  }

  .check {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 2);
    min-height: 2.25rem;
  }

  .check input {
    width: 1.125rem;
    height: 1.125rem;
    margin: 0;
    accent-color: var(--_kp-color-primary);
  }

  .group,
  .history {
    margin-bottom: calc(var(--_kp-space) * 6);
  }

  .group-header {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 6);
    margin-bottom: calc(var(--_kp-space) * 3);
  }

  .group-header .meters {
    grid-auto-flow: column;
    gap: calc(var(--_kp-space) * 6);
  }

  .group-title {
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
  }

  .product {
    font-weight: 400;
  }

  /* Fixed columns line the tables of all licenses up with each other. */
  .table {
    width: 100%;
    table-layout: fixed;
    border-collapse: collapse;
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--_kp-color-surface);
    font-variant-numeric: tabular-nums;
  }

  .table th,
  .table td {
    box-sizing: border-box;
    padding: calc(var(--_kp-space) * 3);
    border-bottom: 1px solid var(--_kp-color-border);
    text-align: start;
    vertical-align: top;
  }

  .table thead th {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
    font-weight: 500;
  }

  .table thead th:nth-child(2) {
    width: 11%;
  }

  .table thead th:nth-child(3) {
    width: 8%;
  }

  .table thead th:nth-child(4) {
    width: 15%;
  }

  .table thead th:nth-child(5) {
    width: 19%;
  }

  .table thead th:nth-child(6) {
    width: 19%;
  }

  .table td {
    overflow-wrap: anywhere;
  }

  /* Same pill on one line (1.5rem high), a rounded box when a long status wraps. */
  .table .badge {
    max-width: 100%;
    border-radius: 0.75rem;
    white-space: normal;
  }

  .cell-name {
    font-weight: 400;
  }

  .cell-name:focus {
    outline: 2px solid var(--_kp-color-primary);
    outline-offset: -2px;
  }

  .name {
    display: block;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .secondary {
    display: block;
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }

  .row--deactivated .name {
    color: var(--_kp-color-muted);
  }

  /* Dead and long-unseen rows stand out by an edge besides their badge's colour and word. */
  .row--dead .cell-name {
    box-shadow: inset 3px 0 0 var(--_kp-color-danger);
  }

  .row--inactive .cell-name {
    box-shadow: inset 3px 0 0 var(--_kp-color-warning);
  }

  .cell-action {
    text-align: end;
  }

  .button--small {
    min-height: 2rem;
    padding: 0 calc(var(--_kp-space) * 3);
  }

  .reason,
  .ended {
    display: block;
    margin: calc(var(--_kp-space) * 2) 0 0;
    font-size: 0.875rem;
    text-align: start;
  }

  .reason {
    color: var(--_kp-color-text);
  }

  .ended {
    margin-top: 0;
  }

  .seen {
    position: relative;
    white-space: nowrap;
  }

  .seen time {
    border-bottom: 1px dotted var(--_kp-color-muted);
  }

  .tooltip {
    display: none;
    position: absolute;
    z-index: 1;
    inset-block-start: calc(100% + var(--_kp-space));
    inset-inline-start: 0;
    padding: var(--_kp-space) calc(var(--_kp-space) * 2);
    border-radius: calc(var(--_kp-radius) / 2);
    background: var(--_kp-color-text);
    color: var(--_kp-color-surface);
    font-size: 0.8125rem;
    white-space: nowrap;
  }

  /* The title shows on hover; keyboard users get the same time on focus. */
  .seen time:focus-visible + .tooltip {
    display: block;
  }

  .more {
    display: flex;
    justify-content: center;
    margin-top: calc(var(--_kp-space) * 4);
  }

  .more-error {
    margin: calc(var(--_kp-space) * 3) 0 0;
    text-align: center;
  }

  .more-status {
    text-align: center;
  }

  @container activation-manager (max-width: 719px) {
    .group-header .meters {
      grid-auto-flow: row;
    }

    .table,
    .table tbody,
    .table tr,
    .table th,
    .table td {
      display: block;
    }

    .table {
      border: 0;
      background: transparent;
    }

    .table thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }

    .table tbody tr {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 4);
      margin-bottom: calc(var(--_kp-space) * 3);
      padding: calc(var(--_kp-space) * 4);
      border: 1px solid var(--_kp-color-border);
      border-radius: var(--_kp-radius);
      background: var(--_kp-color-surface);
    }

    .table tbody th,
    .table tbody td {
      padding: 0;
      border: 0;
    }

    .table tbody td[data-label]::before {
      content: attr(data-label);
      display: block;
      color: var(--_kp-color-muted);
      font-size: 0.8125rem;
    }

    .cell-name,
    .cell-status,
    .cell-action {
      grid-column: 1 / -1;
    }

    /* The status right under the name, where a card is scanned first. */
    .cell-status {
      order: -1;
    }

    .cell-name {
      order: -2;
    }

    .cell-status::before {
      display: none !important;
    }

    .cell-action {
      order: 1;
    }


    .row--dead,
    .row--inactive {
      border-inline-start-width: 4px;
    }

    .row--dead {
      border-inline-start-color: var(--_kp-color-danger);
    }

    .row--inactive {
      border-inline-start-color: var(--_kp-color-warning);
    }

    .row--dead .cell-name,
    .row--inactive .cell-name {
      box-shadow: none;
    }

    .cell-action {
      text-align: start;
    }
  }
`;

export const activationManagerStyles = css`
  ${keyportBaseStyles}
  ${statusBadgeStyles}
  ${seatMeterStyles}
  ${deactivationDialogStyles}
  ${own}
`;
