import { css } from "lit";
import { formStyles } from "../internal/form-styles.ts";
import { keyportBaseStyles } from "../internal/styles.ts";

/**
 * A narrow card (at most 26rem) that fills smaller containers; with `theme`
 * set it paints its own surface and outline, as on the standalone portal.
 */
export const loginFormStyles = css`
  ${keyportBaseStyles}
  ${formStyles}

  :host {
    max-inline-size: 26rem;
  }

  :host([theme]) {
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
  }

  .panel {
    display: grid;
    gap: calc(var(--_kp-space) * 4);
    padding: calc(var(--_kp-space) * 6);
  }

  @media (max-width: 420px) {
    .panel {
      padding: calc(var(--_kp-space) * 4);
    }
  }

  .title {
    margin: 0;
    font-size: 1.375rem;
    line-height: 1.3;
    font-weight: 600;
  }

  .title:focus {
    outline: none;
  }

  .title:focus-visible {
    outline: 2px solid var(--_kp-color-primary);
  }

  .intro,
  .hint,
  .muted {
    margin: 0;
    color: var(--_kp-color-muted);
  }

  .intro {
    margin-block-start: calc(var(--_kp-space) * -2);
  }

  .label {
    font-weight: 500;
  }

  /* A touch taller than elsewhere: the sign-in card is the one form people meet first. */
  .input {
    min-block-size: 2.75rem;
  }

  .hint {
    font-size: 0.875rem;
  }

  .field-error {
    margin: 0;
    color: var(--_kp-color-danger);
    font-size: 0.875rem;
    font-weight: 500;
  }

  .form-error--shown {
    display: grid;
    justify-items: start;
    gap: calc(var(--_kp-space) * 2);
    padding: calc(var(--_kp-space) * 3);
    border-inline-start: 3px solid var(--_kp-color-danger);
    border-radius: calc(var(--_kp-radius) / 2);
    background: color-mix(in srgb, var(--_kp-color-danger) 8%, transparent);
  }

  .form-error p {
    margin: 0;
  }

  .notice {
    margin: 0;
    padding: calc(var(--_kp-space) * 3);
    border-inline-start: 3px solid var(--_kp-color-success);
    border-radius: calc(var(--_kp-radius) / 2);
    background: color-mix(in srgb, var(--_kp-color-success) 8%, transparent);
  }

  div.notice {
    display: grid;
    gap: calc(var(--_kp-space) * 2);
  }

  div.notice p {
    margin: 0;
  }

  /* Muted grey on the tinted notice falls under 4.5:1; the hint keeps the body colour. */
  .notice .muted {
    color: inherit;
  }

  .submit {
    inline-size: 100%;
    min-block-size: 2.75rem;
  }

  .submit[aria-disabled="true"] {
    cursor: progress;
    opacity: 0.75;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: calc(var(--_kp-space) * 3);
  }

  .actions:empty {
    display: none;
  }

  .link {
    padding: calc(var(--_kp-space) * 1) 0;
    border: 0;
    background: none;
    color: var(--_kp-color-primary);
    font: inherit;
    text-align: start;
    text-decoration: underline;
    text-underline-offset: 0.15em;
    cursor: pointer;
  }

  .link:hover {
    text-decoration-thickness: 2px;
  }
`;
