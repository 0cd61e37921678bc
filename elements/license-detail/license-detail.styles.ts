import { css } from "lit";

/**
 * Styles of <license-detail>. Widths are asked of the element itself (a
 * container query on the host), since a widget's room has nothing to do with
 * the viewport: the same element may sit in a sidebar or fill a page.
 */
export const licenseDetailStyles = css`
  :host {
    container: license-detail / inline-size;
    line-height: 1.5;
  }

  /* With a theme the element paints its own surface; the content keeps off its edges. */
  :host([theme]) {
    padding: calc(var(--_kp-space) * 4);
  }

  .detail {
    display: grid;
    gap: calc(var(--_kp-space) * 4);
    min-inline-size: 0;
  }

  h2,
  h3,
  h4,
  h5,
  p,
  ul,
  dl,
  dd {
    margin: 0;
  }

  ul[role="list"] {
    padding: 0;
    list-style: none;
  }

  .muted {
    color: var(--_kp-color-muted);
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: calc(var(--_kp-space) * 3);
  }

  .title-block {
    min-inline-size: 0;
  }

  .title {
    font-size: 1.375rem;
    font-weight: 600;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }

  .subtitle {
    overflow-wrap: anywhere;
  }

  .cards {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: calc(var(--_kp-space) * 4);
  }

  .card,
  .diagnostics {
    display: grid;
    align-content: start;
    gap: calc(var(--_kp-space) * 3);
    min-inline-size: 0;
    padding: calc(var(--_kp-space) * 4);
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
  }

  .section-heading {
    font-size: 1rem;
    font-weight: 600;
    line-height: 1.4;
  }

  .subheading {
    font-size: 0.875rem;
    font-weight: 600;
  }

  .facts {
    display: grid;
    gap: calc(var(--_kp-space) * 2);
  }

  .facts > div {
    display: grid;
    grid-template-columns: minmax(7rem, 40%) minmax(0, 1fr);
    gap: calc(var(--_kp-space) * 3);
  }

  dt {
    color: var(--_kp-color-muted);
  }

  dd {
    overflow-wrap: anywhere;
  }

  /* A protected license: who manages its machines, under the seat meters. */
  .usage-note {
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }

  .rules {
    display: grid;
    gap: calc(var(--_kp-space) * 1.5);
  }

  .rules li {
    position: relative;
    padding-inline-start: calc(var(--_kp-space) * 4);
  }

  .rules li::before {
    content: "";
    position: absolute;
    inset-inline-start: calc(var(--_kp-space) * 1);
    inset-block-start: 0.65em;
    inline-size: 0.3rem;
    block-size: 0.3rem;
    border-radius: 50%;
    background: var(--_kp-color-muted);
  }

  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_kp-space) * 2);
  }

  .tag {
    padding: 0 calc(var(--_kp-space) * 2.5);
    border: 1px solid var(--_kp-color-border);
    border-radius: 999px;
    font-size: 0.875rem;
  }

  .people {
    display: grid;
    gap: calc(var(--_kp-space) * 2);
  }

  .people li {
    display: grid;
    min-inline-size: 0;
  }

  .person-email {
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }

  /* Diagnostics: heading and the primary action on one line, the inputs below. */
  .diagnostics {
    grid-template-columns: minmax(0, 1fr) auto;
    column-gap: calc(var(--_kp-space) * 4);
  }

  .diagnostics-head {
    display: grid;
    gap: var(--_kp-space);
  }

  .diagnose-form {
    display: contents;
  }

  .diagnose-button {
    grid-column: 2;
    grid-row: 1;
    align-self: start;
    white-space: nowrap;
  }

  .diagnose-fields,
  .diagnosis {
    grid-column: 1 / -1;
  }

  .diagnose-fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: calc(var(--_kp-space) * 3) calc(var(--_kp-space) * 4);
  }

  .field {
    display: grid;
    align-content: start;
    gap: var(--_kp-space);
    min-inline-size: 0;
  }

  label {
    font-weight: 500;
  }

  input {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.25rem;
    padding: 0 calc(var(--_kp-space) * 3);
    border: 1px solid var(--_kp-color-muted);
    border-radius: var(--_kp-radius);
    background: var(--_kp-color-surface);
    color: var(--_kp-color-text);
    font: inherit;
  }

  .field--invalid input {
    border-color: var(--_kp-color-danger);
  }

  .field-hint {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
  }

  .field-error,
  .fix-error {
    color: var(--_kp-color-danger);
    font-size: 0.875rem;
    font-weight: 500;
  }

  .diagnosis-pending {
    display: flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 3);
  }

  .diagnosis-error {
    display: grid;
    justify-items: start;
    gap: calc(var(--_kp-space) * 2);
    padding: calc(var(--_kp-space) * 3) calc(var(--_kp-space) * 4);
    border-left: 3px solid var(--_kp-color-danger);
  }

  .diagnosis-result {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    padding-block-start: calc(var(--_kp-space) * 3);
    border-block-start: 1px solid var(--_kp-color-border);
  }

  .result-heading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: calc(var(--_kp-space) * 2);
    font-size: 1rem;
    font-weight: 600;
  }

  .result-heading:focus {
    outline: none;
  }

  .result-heading:focus-visible {
    outline: 2px solid var(--_kp-color-primary);
    outline-offset: 2px;
  }

  .result-time {
    font-size: 0.875rem;
    font-weight: 400;
  }

  .summary {
    display: grid;
    gap: var(--_kp-space);
    color: var(--_kp-color-muted);
  }

  .checklist {
    display: grid;
  }

  .finding {
    display: grid;
    grid-template-columns: 1.75rem minmax(0, 1fr);
    gap: calc(var(--_kp-space) * 3);
    padding-block: calc(var(--_kp-space) * 3);
    border-block-start: 1px solid var(--_kp-color-border);
  }

  .finding:first-child {
    border-block-start: 0;
  }

  .finding-icon,
  .check-icon {
    display: inline-grid;
    place-items: center;
    inline-size: 1.5rem;
    block-size: 1.5rem;
    border: 1.5px solid currentColor;
    border-radius: 50%;
    font-size: 0.8125rem;
    font-weight: 700;
    line-height: 1;
  }

  .finding--ok .finding-icon,
  .check--passed .check-icon {
    color: var(--_kp-color-success);
  }

  .finding--warning .finding-icon {
    color: var(--_kp-color-warning);
    border-radius: var(--_kp-radius);
  }

  .finding--error .finding-icon,
  .check--failed .check-icon {
    color: var(--_kp-color-danger);
  }

  .finding-body {
    display: grid;
    gap: var(--_kp-space);
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }

  .finding-title {
    font-weight: 600;
  }

  .finding-fix strong {
    font-weight: 600;
  }

  .fix-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
    margin-block-start: calc(var(--_kp-space) * 1);
  }

  .fix-button {
    border-color: var(--_kp-color-primary);
    color: var(--_kp-color-primary);
    overflow-wrap: anywhere;
  }

  .fix-note {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
  }

  .link-button {
    justify-self: start;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_kp-color-primary);
    font: inherit;
    font-size: 0.875rem;
    text-decoration: underline;
    cursor: pointer;
  }

  .fix-others {
    display: grid;
    gap: calc(var(--_kp-space) * 2);
  }

  .fix-others li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_kp-space) * 3);
  }

  .recent-failures {
    display: grid;
    gap: calc(var(--_kp-space) * 2);
    padding-block-start: calc(var(--_kp-space) * 3);
    border-block-start: 1px solid var(--_kp-color-border);
  }

  .recent-failures-heading {
    font-size: 0.875rem;
    font-weight: 600;
  }

  .recent-failures li {
    display: flex;
    flex-wrap: wrap;
    column-gap: calc(var(--_kp-space) * 1.5);
  }

  .failure-count {
    font-variant-numeric: tabular-nums;
  }

  .failure-title {
    font-weight: 500;
  }

  .failure-explanation {
    flex-basis: 100%;
    font-size: 0.875rem;
  }

  .history {
    display: grid;
  }

  .check {
    display: grid;
    grid-template-columns: 1.75rem minmax(0, 1fr) auto;
    align-items: start;
    gap: calc(var(--_kp-space) * 3);
    padding-block: calc(var(--_kp-space) * 2);
    border-block-start: 1px solid var(--_kp-color-border);
  }

  .check:first-child {
    border-block-start: 0;
  }

  .check-body {
    display: grid;
    min-inline-size: 0;
  }

  .check-details {
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }

  .check-detail {
    white-space: nowrap;
  }

  .check-time {
    font-size: 0.875rem;
    white-space: nowrap;
  }

  time[title] {
    text-decoration: underline dotted;
    text-underline-offset: 0.2em;
  }

  @container license-detail (max-width: 720px) {
    .cards {
      grid-template-columns: minmax(0, 1fr);
    }
  }

  @container license-detail (max-width: 560px) {
    .diagnostics {
      grid-template-columns: minmax(0, 1fr);
    }

    .diagnose-button {
      grid-column: 1;
      grid-row: auto;
      inline-size: 100%;
      white-space: normal;
    }

    .diagnosis {
      grid-row: auto;
    }

    .facts > div {
      grid-template-columns: minmax(0, 1fr);
      gap: 0;
    }

    .card,
    .diagnostics {
      padding: calc(var(--_kp-space) * 3);
    }

    .check {
      grid-template-columns: 1.75rem minmax(0, 1fr);
      row-gap: 0;
    }

    .check-detail {
    white-space: nowrap;
  }

  .check-time {
      grid-column: 2;
    }

    .fix-button {
      inline-size: 100%;
    }
  }
`;
