import { css } from "lit";

/**
 * The form pieces every element with a form shares: a grid of fields, and text inputs with
 * focus, invalid and disabled states. An element adds its own spacing and labels on top.
 */
export const formStyles = css`
  .form {
    display: grid;
    gap: calc(var(--_kp-space) * 4);
  }

  .field {
    display: grid;
    gap: calc(var(--_kp-space) * 1.5);
  }

  .input {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.5rem;
    padding: 0 calc(var(--_kp-space) * 3);
    border: 1px solid var(--_kp-color-muted);
    border-radius: var(--_kp-radius);
    background: var(--_kp-color-surface);
    color: inherit;
    font: inherit;
  }

  .input:focus-visible {
    outline-offset: 0;
    border-color: var(--_kp-color-primary);
  }

  .input[aria-invalid="true"] {
    border-color: var(--_kp-color-danger);
    border-width: 2px;
  }

  .input:disabled {
    opacity: 0.6;
  }
`;
