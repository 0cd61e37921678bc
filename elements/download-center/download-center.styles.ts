import { css } from "lit";
import { keyportBaseStyles } from "../internal/styles.ts";

/**
 * One CSSResult. The file tables turn into stacked rows when the element
 * itself is narrower than 720 px (a container query on the host).
 */
export const downloadCenterStyles = css`
  ${keyportBaseStyles}

  :host {
    container: download-center / inline-size;
  }

  h2,
  h3,
  p {
    margin: 0;
  }

  .muted {
    color: var(--_kp-color-muted);
  }

  .mono {
    font-family: var(--_kp-font-mono);
    font-size: 0.8125rem;
  }

  .link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_kp-color-primary);
    font: inherit;
    font-weight: 500;
    text-decoration: underline;
    text-underline-offset: 0.2em;
    cursor: pointer;
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_kp-space) * 3);
    margin-block-end: calc(var(--_kp-space) * 4);
  }

  .field {
    display: grid;
    gap: var(--_kp-space);
    min-inline-size: 12rem;
  }

  .field-label {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
    font-weight: 500;
  }

  .input {
    min-block-size: 2.25rem;
    padding: 0 calc(var(--_kp-space) * 3);
    border: 1px solid var(--_kp-color-muted);
    border-radius: var(--_kp-radius);
    background: var(--keyport-color-surface, transparent);
    color: inherit;
    font: inherit;
  }

  :host([theme="dark"]) .input {
    background: var(--_kp-color-surface);
  }

  .product {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    margin-block-end: calc(var(--_kp-space) * 6);
  }

  .product-title {
    font-size: 1.125rem;
    font-weight: 600;
  }

  .release {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    padding: calc(var(--_kp-space) * 4);
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--keyport-color-surface, transparent);
  }

  /* Greyed, not faded: muted text keeps its contrast, a dashed edge says "not yours yet". */
  .release--not-covered {
    border-style: dashed;
    border-color: var(--_kp-color-muted);
    color: var(--_kp-color-muted);
  }

  .release-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
  }

  .release-title {
    font-size: 1rem;
    font-weight: 600;
  }

  .release-date {
    font-size: 0.875rem;
  }

  .channel {
    display: inline-flex;
    align-items: center;
    padding: 0 calc(var(--_kp-space) * 2);
    min-block-size: 1.25rem;
    border: 1px solid var(--_kp-color-warning);
    border-radius: 999px;
    color: var(--_kp-color-warning);
    font-size: 0.75rem;
    font-weight: 600;
    letter-spacing: 0.03em;
    text-transform: uppercase;
  }

  .release-notes {
    max-inline-size: 60em;
  }

  .reason {
    display: grid;
    gap: calc(var(--_kp-space) * 0.5);
    padding: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
    border-inline-start: 3px solid var(--_kp-color-warning);
    background: var(--_kp-color-surface);
    color: var(--_kp-color-text);
    font-size: 0.875rem;
  }

  .reason-title {
    font-weight: 600;
  }

  .assets {
    inline-size: 100%;
    border-collapse: collapse;
    table-layout: fixed;
    font-size: 0.9375rem;
  }

  .col-file {
    inline-size: 34%;
  }

  .col-platform {
    inline-size: 15%;
  }

  .col-size {
    inline-size: 10%;
  }

  .col-hash {
    inline-size: 27%;
  }

  .col-action {
    inline-size: 14%;
  }

  .assets th {
    padding: calc(var(--_kp-space) * 2);
    border-block-end: 1px solid var(--_kp-color-border);
    color: var(--_kp-color-muted);
    font-size: 0.8125rem;
    font-weight: 600;
    text-align: start;
  }

  .assets td {
    padding: calc(var(--_kp-space) * 2);
    border-block-end: 1px solid var(--_kp-color-border);
    vertical-align: middle;
  }

  .assets tr:last-child td {
    border-block-end: 0;
  }

  .cell-file {
    display: grid;
    gap: calc(var(--_kp-space) * 0.5);
  }

  .file-name {
    font-weight: 500;
    overflow-wrap: anywhere;
  }

  .file-kind {
    font-size: 0.8125rem;
  }

  .cell-size {
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }

  .cell-action {
    text-align: end;
    white-space: nowrap;
  }

  .cell-label {
    display: none;
  }

  .hash {
    display: flex;
    flex-wrap: wrap;
    align-items: start;
    gap: calc(var(--_kp-space) * 2);
  }

  .hash-details {
    min-inline-size: 0;
    max-inline-size: 100%;
  }

  .hash-details summary {
    cursor: pointer;
    line-height: 2rem;
  }

  .hash-full {
    display: block;
    max-inline-size: 24rem;
    padding-block: var(--_kp-space);
    overflow-wrap: anywhere;
    user-select: all;
  }

  .button--small {
    min-height: 2rem;
    padding: 0 calc(var(--_kp-space) * 3);
    font-size: 0.875rem;
  }

  .button[aria-disabled="true"] {
    cursor: progress;
    opacity: 0.7;
  }

  .button--done {
    border-color: var(--_kp-color-success);
    color: var(--_kp-color-success);
  }

  .row-message {
    margin-block-start: var(--_kp-space);
    color: var(--_kp-color-danger);
    font-size: 0.875rem;
    white-space: normal;
    text-align: start;
  }

  .none-for-platform {
    font-size: 0.875rem;
  }

  .more {
    display: grid;
    justify-items: start;
    gap: calc(var(--_kp-space) * 2);
  }

  @container download-center (max-width: 719.98px) {
    .release {
      padding: calc(var(--_kp-space) * 3);
    }

    .assets thead {
      display: none;
    }

    .assets,
    .assets tbody,
    .assets tr,
    .assets td {
      display: block;
    }

    .assets tr {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      grid-template-areas: "file file" "platform size" "hash hash" "action action";
      gap: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
      padding-block: calc(var(--_kp-space) * 3);
      border-block-end: 1px solid var(--_kp-color-border);
    }

    .assets tr:last-child {
      border-block-end: 0;
    }

    .assets td {
      padding: 0;
      border: 0;
    }

    .cell-label {
      display: block;
      color: var(--_kp-color-muted);
      font-size: 0.75rem;
      font-weight: 600;
    }

    .cell-file-wrap {
      grid-area: file;
    }

    .cell-platform {
      grid-area: platform;
    }

    .cell-size {
      grid-area: size;
    }

    .cell-hash {
      grid-area: hash;
    }

    .cell-action {
      grid-area: action;
      text-align: start;
    }

    .cell-action .button {
      inline-size: 100%;
    }
  }
`;
