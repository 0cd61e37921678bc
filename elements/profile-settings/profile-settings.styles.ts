import { css } from "lit";
import { formStyles } from "../internal/form-styles.ts";
import { keyportBaseStyles } from "../internal/styles.ts";

/**
 * Sections as rows of heading-beside-form on wide containers; under 720 px of
 * the element itself (not the window) everything stacks and the sessions table
 * becomes cards.
 */
const own = css`
  :host {
    container: profile-settings / inline-size;
    line-height: 1.5;
  }

  .title {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
  }

  .intro,
  .muted,
  .section-intro,
  .field-hint,
  .kind {
    color: var(--_kp-color-muted);
  }

  .intro {
    margin: var(--_kp-space) 0 calc(var(--_kp-space) * 4);
  }

  .sections {
    display: grid;
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--_kp-color-surface);
  }

  .section {
    display: grid;
    grid-template-columns: minmax(12rem, 1fr) 2fr;
    gap: calc(var(--_kp-space) * 6);
    padding: calc(var(--_kp-space) * 6);
    border-top: 1px solid var(--_kp-color-border);
  }

  .section:first-child {
    border-top: none;
  }

  .section-title {
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
  }

  .section-title:focus {
    outline: none;
  }

  .section-intro {
    margin: var(--_kp-space) 0 0;
    font-size: 0.875rem;
  }

  .section-body {
    display: grid;
    gap: calc(var(--_kp-space) * 4);
    min-width: 0;
  }

  .form {
    max-width: 28rem;
  }

  .field-label {
    font-weight: 500;
  }

  .field-hint,
  .field-error,
  .form-error {
    margin: 0;
    font-size: 0.875rem;
  }

  .input--mono {
    font-family: var(--_kp-font-mono);
    letter-spacing: 0.08em;
  }

  .field-error,
  .form-error {
    color: var(--_kp-color-danger);
  }

  .form-error {
    padding: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
    border-left: 3px solid var(--_kp-color-danger);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
  }

  .notice {
    margin: 0;
    color: var(--_kp-color-success);
    font-weight: 500;
  }

  .notice:empty {
    display: none;
  }

  .notice--box,
  .sent {
    padding: calc(var(--_kp-space) * 3);
    border-left: 3px solid var(--_kp-color-success);
  }

  .sent p {
    margin: 0;
  }

  .sent-title {
    font-weight: 500;
  }

  .button--small {
    min-height: 2rem;
    padding: 0 calc(var(--_kp-space) * 3);
    font-size: 0.875rem;
  }

  .button--danger {
    border-color: var(--_kp-color-danger);
    color: var(--_kp-color-danger);
  }

  a.button {
    text-decoration: none;
  }

  .mono,
  .secret,
  .codes code {
    font-family: var(--_kp-font-mono);
  }

  /* Sessions */
  .sessions {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }

  .sessions th,
  .sessions td {
    padding: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
    border-bottom: 1px solid var(--_kp-color-border);
    text-align: start;
    vertical-align: top;
  }

  .sessions th {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
    font-weight: 500;
  }

  .sessions th:first-child,
  .sessions td:first-child {
    padding-inline-start: 0;
  }

  .device-line {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 calc(var(--_kp-space) * 2);
  }

  .device {
    font-weight: 500;
  }

  .kind {
    flex-basis: 100%;
    font-size: 0.875rem;
  }

  .sessions td.cell-action {
    text-align: end;
    white-space: nowrap;
  }

  /* "1 minute ago" and "Zuletzt verwendet" on one line; the device column takes the wrapping. */
  .sessions th:nth-child(3),
  .sessions td:nth-child(3) {
    white-space: nowrap;
  }

  .badge {
    display: inline-block;
    padding: 0 calc(var(--_kp-space) * 2);
    border: 1px solid var(--_kp-color-success);
    border-radius: 999px;
    color: var(--_kp-color-success);
    font-size: 0.75rem;
    font-weight: 600;
  }

  /* Two-factor */
  .status-line {
    display: flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 2);
    margin: 0;
    font-weight: 500;
  }

  .dot {
    width: 0.625rem;
    height: 0.625rem;
    border: 2px solid var(--_kp-color-muted);
    border-radius: 50%;
  }

  .dot--on {
    border-color: var(--_kp-color-success);
    background: var(--_kp-color-success);
  }

  .setup {
    display: grid;
    gap: calc(var(--_kp-space) * 4);
  }

  .step {
    margin: 0;
    font-weight: 500;
  }

  .setup-grid {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: calc(var(--_kp-space) * 4) calc(var(--_kp-space) * 6);
  }

  .qr-code {
    display: block;
    flex: none;
    width: 12rem;
    height: 12rem;
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
  }

  .secret-box {
    display: grid;
    gap: calc(var(--_kp-space) * 2);
    flex: 1 1 14rem;
    min-width: 0;
  }

  .secret-box p {
    margin: 0;
  }

  .secret {
    padding: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    font-size: 0.9375rem;
    letter-spacing: 0.04em;
    word-spacing: 0.2em;
    overflow-wrap: anywhere;
  }

  .codes-box {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    padding: calc(var(--_kp-space) * 4);
    border: 1px solid var(--_kp-color-warning);
    border-radius: var(--_kp-radius);
  }

  .codes-box p {
    margin: 0;
  }

  .codes-title {
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
  }

  .codes-title:focus {
    outline: none;
  }

  .codes {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr));
    gap: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 4);
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 1rem;
  }

  @container profile-settings (max-width: 719.98px) {
    .section {
      grid-template-columns: 1fr;
      gap: calc(var(--_kp-space) * 4);
      padding: calc(var(--_kp-space) * 4);
    }

    .form {
      max-width: none;
    }

    .sessions thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }

    .sessions,
    .sessions tbody,
    .sessions tr,
    .sessions td {
      display: block;
    }

    .sessions tr {
      padding: calc(var(--_kp-space) * 3) 0;
      border-bottom: 1px solid var(--_kp-color-border);
    }

    .sessions td,
    .sessions td:first-child {
      display: flex;
      gap: calc(var(--_kp-space) * 2);
      padding: calc(var(--_kp-space) * 0.5) 0;
      border: none;
    }

    .sessions td[data-label]:not(.cell-device)::before {
      content: attr(data-label) ":";
      color: var(--_kp-color-muted);
    }

    .sessions td.cell-action {
      padding-top: calc(var(--_kp-space) * 2);
      text-align: start;
    }

    .sessions td.cell-action:empty {
      display: none;
    }

    .qr-code {
      width: 13rem;
      height: 13rem;
    }
  }
`;

export const profileSettingsStyles = [keyportBaseStyles, formStyles, own];
