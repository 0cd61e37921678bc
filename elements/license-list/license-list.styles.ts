import { css } from "lit";
import { licenseKeyStyles } from "../internal/license-key.ts";
import { seatMeterStyles } from "../internal/seat-meter.ts";
import { statusBadgeStyles } from "../internal/status-badge.ts";
import { keyportBaseStyles } from "../internal/styles.ts";

/**
 * One CSSResult (KeyportElement types `styles` as one). The layout follows the
 * element's own width through a container query: embedded in a vendor's
 * sidebar it is narrow however wide the window is. The table fits from 860 px
 * (the key, badge and meter cannot shrink; the names wrap); below, cards.
 */
export const licenseListStyles = css`
  ${keyportBaseStyles}
  ${statusBadgeStyles}
  ${licenseKeyStyles}
  ${seatMeterStyles}

  :host {
    container: license-list / inline-size;
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: calc(var(--_kp-space) * 3);
    margin-block-end: calc(var(--_kp-space) * 4);
  }

  .field {
    display: grid;
    gap: var(--_kp-space);
    flex: 0 1 12rem;
    min-inline-size: 9rem;
  }

  .field--search {
    flex: 1 1 18rem;
  }

  .field-label {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
    font-weight: 500;
  }

  .input {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.25rem;
    padding: 0 calc(var(--_kp-space) * 3);
    border: 1px solid var(--_kp-color-muted);
    border-radius: var(--_kp-radius);
    background: var(--keyport-color-surface, transparent);
    color: inherit;
    font: inherit;
  }

  .input::placeholder {
    color: var(--_kp-color-muted);
    opacity: 1;
  }

  .table {
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--keyport-color-surface, transparent);
  }

  .table {
    inline-size: 100%;
    border-collapse: separate;
    border-spacing: 0;
  }

  .table th,
  .table td {
    padding: calc(var(--_kp-space) * 3);
    border-block-end: 1px solid var(--_kp-color-border);
    text-align: start;
    vertical-align: middle;
  }

  .table tbody tr:last-child > * {
    border-block-end: 0;
  }

  .table thead th {
    color: var(--_kp-color-muted);
    font-size: 0.8125rem;
    font-weight: 500;
    white-space: nowrap;
  }

  .table .cell-name {
    font-weight: inherit;
  }

  /* The key column takes only what the key needs: names, what a customer scans for, get the rest. */
  .table .cell-key {
    inline-size: 1%;
  }

  .table .cell-key .key {
    white-space: nowrap;
  }

  .table .expiry {
    display: block;
    margin-block-start: calc(var(--_kp-space) * 1.5);
  }

  .row,
  .card {
    cursor: pointer;
  }

  .row:hover > *,
  .card:hover {
    background: color-mix(in srgb, var(--_kp-color-primary) 4%, transparent);
  }

  .name-button {
    display: inline;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_kp-color-primary);
    font: inherit;
    font-weight: 600;
    text-align: start;
    cursor: pointer;
  }

  .name-button:hover {
    text-decoration: underline;
  }

  .product {
    display: block;
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
  }

  .expiry {
    white-space: nowrap;
    font-size: 0.875rem;
  }

  .expiry:empty {
    display: none;
  }

  .layout--cards {
    display: none;
  }

  .cards {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .card {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    padding: calc(var(--_kp-space) * 4);
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--keyport-color-surface, transparent);
  }

  .card-head,
  .card-foot {
    display: flex;
    flex-wrap: wrap;
    align-items: start;
    justify-content: space-between;
    gap: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 4);
  }

  .card-foot {
    align-items: end;
  }

  .card-foot .meters {
    flex: 1 1 10rem;
  }

  .more {
    display: flex;
    justify-content: center;
    margin-block-start: calc(var(--_kp-space) * 4);
  }

  .more-failed {
    margin: calc(var(--_kp-space) * 4) 0 0;
    color: var(--_kp-color-danger);
    text-align: center;
  }

  @container license-list (max-width: 859.98px) {
    /* The search on its own line, the two filters side by side below it. */
    .field {
      flex: 1 1 8rem;
    }

    .field--search {
      flex-basis: 100%;
    }

    .layout--table {
      display: none;
    }

    .layout--cards {
      display: block;
    }
  }
`;
