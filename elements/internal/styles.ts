import { css } from "lit";
import { colorVariables } from "./color-tokens.ts";

export { type ColorTokenName, colorTokens, type KeyportTheme } from "./color-tokens.ts";

/**
 * Shared styles of every Keyport element.
 *
 * Theming: without a `theme` attribute an element uses the light tokens but
 * inherits the page's font and text colour, so it blends into the host site.
 * `theme="light"` or `theme="dark"` paints the element's own surface and text;
 * `theme="auto"` picks between them with `prefers-color-scheme`. Following the
 * OS by default would put a dark widget on a light vendor page.
 */
export const keyportBaseStyles = css`
  :host {
    ${colorVariables("light")}
    --_kp-radius: var(--keyport-radius, 8px);
    --_kp-space: var(--keyport-space, 4px);
    --_kp-font-mono: var(
      --keyport-font-family-mono,
      ui-monospace,
      "SF Mono",
      "Cascadia Mono",
      "Segoe UI Mono",
      Menlo,
      Consolas,
      monospace
    );
    display: block;
    /* Unset variables make these declarations invalid, and the values inherit from the page. */
    color: var(--keyport-color-text);
    font-family: var(--keyport-font-family);
  }

  :host([hidden]) {
    display: none !important;
  }

  :host([theme="light"]),
  :host([theme="auto"]) {
    color: var(--_kp-color-text);
    background-color: var(--_kp-color-surface);
    font-family: var(--keyport-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  }

  :host([theme="dark"]) {
    ${colorVariables("dark")}
    color: var(--_kp-color-text);
    background-color: var(--_kp-color-surface);
    font-family: var(--keyport-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
    color-scheme: dark;
  }

  @media (prefers-color-scheme: dark) {
    :host([theme="auto"]) {
      ${colorVariables("dark")}
      color-scheme: dark;
    }
  }

  :focus-visible {
    outline: 2px solid var(--_kp-color-primary);
    outline-offset: 2px;
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_kp-space) * 2);
    min-height: 2.25rem;
    padding: 0 calc(var(--_kp-space) * 4);
    border: 1px solid var(--_kp-color-muted);
    border-radius: var(--_kp-radius);
    background: transparent;
    color: inherit;
    font: inherit;
    font-weight: 500;
    cursor: pointer;
  }

  .button:hover {
    border-color: var(--_kp-color-primary);
  }

  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  .button--primary {
    border-color: var(--_kp-color-primary);
    background: var(--_kp-color-primary);
    color: var(--_kp-color-on-primary);
  }

  .state {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: calc(var(--_kp-space) * 3);
    padding: calc(var(--_kp-space) * 6) calc(var(--_kp-space) * 4);
    text-align: center;
  }

  .state-message {
    margin: 0;
    font-weight: 500;
  }

  .state-hint {
    margin: 0;
    max-width: 40em;
    color: var(--_kp-color-muted);
  }

  .state--error {
    border-left: 3px solid var(--_kp-color-danger);
  }

  .spinner {
    width: 1.5rem;
    height: 1.5rem;
    border: 2px solid var(--_kp-color-border);
    border-top-color: var(--_kp-color-primary);
    border-radius: 50%;
    animation: kp-spin 0.8s linear infinite;
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }

  @keyframes kp-spin {
    to {
      transform: rotate(1turn);
    }
  }

  /* Read by screen readers, invisible on screen (announcements, extra context). */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
