import { css } from "lit";
import { formStyles } from "../internal/form-styles.ts";
import { keyportBaseStyles } from "../internal/styles.ts";

/** One column of cards, at most 48rem wide: forms read badly when stretched to a wide page. */
export const accountSettingsStyles = css`
  ${keyportBaseStyles}
  ${formStyles}

  :host {
    container: account-settings / inline-size;
  }

  .sections {
    display: grid;
    gap: calc(var(--_kp-space) * 4);
    max-inline-size: 48rem;
  }

  .card {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    padding: calc(var(--_kp-space) * 6);
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--keyport-color-surface, var(--_kp-color-surface));
  }

  @container account-settings (max-width: 480px) {
    .card {
      padding: calc(var(--_kp-space) * 4);
    }
  }

  .section-title {
    margin: 0;
    font-size: 1.125rem;
    font-weight: 600;
  }

  .intro,
  .hint {
    margin: 0;
    color: var(--_kp-color-muted);
  }

  .intro {
    margin-block-start: calc(var(--_kp-space) * -2);
  }

  .hint {
    font-size: 0.875rem;
  }

  .label {
    font-weight: 500;
  }

  .select {
    max-inline-size: 20rem;
  }

  .combobox {
    position: relative;
  }

  .listbox {
    position: absolute;
    z-index: 2;
    inset-inline: 0;
    inset-block-start: calc(100% + 4px);
    max-block-size: 16rem;
    overflow-y: auto;
    margin: 0;
    padding: var(--_kp-space);
    list-style: none;
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--_kp-color-surface);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.16);
  }

  .listbox[hidden] {
    display: none;
  }

  .option {
    display: grid;
    grid-template-columns: 1.25rem 1fr auto;
    align-items: center;
    gap: calc(var(--_kp-space) * 2);
    padding: calc(var(--_kp-space) * 2);
    border-radius: calc(var(--_kp-radius) / 2);
    cursor: pointer;
  }

  .option:hover,
  .option--active {
    background: color-mix(in srgb, var(--_kp-color-primary) 14%, var(--_kp-color-surface));
  }

  .option--active {
    outline: 2px solid var(--_kp-color-primary);
    outline-offset: -2px;
  }

  .option:hover .option-offset,
  .option--active .option-offset {
    color: inherit;
  }

  .option-check {
    color: var(--_kp-color-primary);
    font-weight: 700;
  }

  .option-offset {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
  }

  .preview {
    margin: 0;
    padding: calc(var(--_kp-space) * 3);
    border-radius: calc(var(--_kp-radius) / 2);
    background: color-mix(in srgb, var(--_kp-color-primary) 7%, transparent);
    font-variant-numeric: tabular-nums;
  }

  .switches {
    display: grid;
    gap: calc(var(--_kp-space) * 4);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .switch-row {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: start;
    gap: calc(var(--_kp-space) * 3);
  }

  .switch-text {
    display: grid;
    gap: var(--_kp-space);
  }

  /* A checkbox drawn as a switch; it stays a real checkbox for forms and assistive technology. */
  .switch {
    appearance: none;
    position: relative;
    flex: none;
    inline-size: 2.5rem;
    block-size: 1.5rem;
    margin: 0;
    border: 1px solid var(--_kp-color-muted);
    border-radius: 999px;
    background: var(--_kp-color-surface);
    cursor: pointer;
  }

  .switch::after {
    content: "";
    position: absolute;
    inset-block-start: 2px;
    inset-inline-start: 2px;
    inline-size: calc(1.5rem - 6px);
    block-size: calc(1.5rem - 6px);
    border-radius: 50%;
    background: var(--_kp-color-muted);
    transition: transform 120ms ease;
  }

  .switch:checked {
    border-color: var(--_kp-color-primary);
    background: var(--_kp-color-primary);
  }

  .switch:checked::after {
    transform: translateX(1rem);
    background: var(--_kp-color-on-primary);
  }

  @media (prefers-reduced-motion: reduce) {
    .switch::after {
      transition: none;
    }
  }

  .field--days {
    margin-block-start: calc(var(--_kp-space) * 2);
  }

  .input--days {
    max-inline-size: 7rem;
  }

  .field-error {
    margin: 0;
    color: var(--_kp-color-danger);
    font-size: 0.875rem;
    font-weight: 500;
  }

  .save-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_kp-space) * 3);
  }

  .save-status {
    margin: 0;
    color: var(--_kp-color-success);
    font-weight: 500;
  }

  .save-error--shown {
    padding: calc(var(--_kp-space) * 3);
    border-inline-start: 3px solid var(--_kp-color-danger);
    border-radius: calc(var(--_kp-radius) / 2);
    background: color-mix(in srgb, var(--_kp-color-danger) 8%, transparent);
  }

  .details {
    display: grid;
    gap: calc(var(--_kp-space) * 3);
    margin: 0;
  }

  .detail {
    display: grid;
    grid-template-columns: minmax(7rem, 12rem) 1fr;
    gap: calc(var(--_kp-space) * 3);
  }

  @container account-settings (max-width: 480px) {
    .detail {
      grid-template-columns: 1fr;
      gap: var(--_kp-space);
    }
  }

  dt {
    color: var(--_kp-color-muted);
  }

  dd {
    display: grid;
    gap: var(--_kp-space);
    margin: 0;
    font-weight: 500;
  }

  dd .hint {
    font-weight: 400;
  }
`;
