import { css } from "lit";

/** Styles of the deactivation dialog; a host adds them to its own `static styles`. */
export const deactivationDialogStyles = css`
  .deactivation-dialog {
    box-sizing: border-box;
    width: min(34rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    overflow: auto;
    padding: calc(var(--_kp-space) * 6);
    border: 1px solid var(--_kp-color-border);
    border-radius: var(--_kp-radius);
    background: var(--_kp-color-surface);
    color: var(--_kp-color-text);
    font-family: var(--keyport-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
    line-height: 1.5;
    box-shadow: 0 12px 32px rgb(0 0 0 / 0.2);
  }

  .deactivation-dialog::backdrop {
    background: rgb(17 24 39 / 0.5);
  }

  .deactivation-title {
    margin: 0 0 calc(var(--_kp-space) * 3);
    font-size: 1.125rem;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .deactivation-text {
    margin: 0;
    overflow-wrap: anywhere;
  }

  .deactivation-error p {
    margin: calc(var(--_kp-space) * 4) 0 0;
    padding: calc(var(--_kp-space) * 3);
    border-left: 3px solid var(--_kp-color-danger);
    border-radius: var(--_kp-radius);
    background: color-mix(in srgb, var(--_kp-color-danger) 8%, var(--_kp-color-surface));
  }

  .deactivation-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: calc(var(--_kp-space) * 3);
    margin-top: calc(var(--_kp-space) * 6);
  }

  .button--danger {
    border-color: var(--_kp-color-danger);
    background: var(--_kp-color-danger);
    color: var(--keyport-color-on-danger, var(--_kp-color-on-primary));
  }

  .button[aria-disabled="true"] {
    cursor: not-allowed;
    opacity: 0.6;
  }
`;
