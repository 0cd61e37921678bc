import { css } from "lit";
import { colorTokensPassedOn } from "../internal/color-tokens.ts";
import { keyportBaseStyles } from "../internal/styles.ts";

export const licensePortalStyles = css`
  ${keyportBaseStyles}

  :host {
    container: license-portal / inline-size;
    --_kp-portal-min-height: var(--keyport-portal-min-height, 100vh);
  }

  :host([theme]) {
    background-color: var(--_kp-color-background);
  }

  .portal {
    ${colorTokensPassedOn()}
    --keyport-radius: var(--_kp-radius);
    --keyport-space: var(--_kp-space);
    min-block-size: var(--_kp-portal-min-height);
  }

  a {
    color: var(--_kp-color-primary);
  }

  a.button {
    text-decoration: none;
  }

  a.button--primary {
    color: var(--_kp-color-on-primary);
  }

  /* The frame: sidebar and page. */
  .frame {
    position: relative;
    display: grid;
    grid-template-columns: 240px minmax(0, 1fr);
    min-block-size: var(--_kp-portal-min-height);
  }

  .skip-link {
    position: absolute;
    z-index: 10;
    inset-block-start: calc(var(--_kp-space) * 2);
    inset-inline-start: calc(var(--_kp-space) * 2);
    padding: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 3);
    border: 0;
    border-radius: var(--_kp-radius);
    background: var(--_kp-color-primary);
    color: var(--_kp-color-on-primary);
    font: inherit;
  }

  /* Out of sight until focused: moved up, it showed above the portal on a page with a header. */
  .skip-link:not(:focus) {
    width: 1px;
    height: 1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .topbar {
    display: none;
  }

  /* The sidebar's column, painted the page's full height while the sidebar itself stays in view. */
  .frame::before {
    content: "";
    grid-column: 1;
    grid-row: 1;
    border-inline-end: 1px solid var(--_kp-color-border);
    background: var(--_kp-color-surface);
  }

  .sidebar {
    grid-column: 1;
    grid-row: 1;
    position: sticky;
    inset-block-start: 0;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_kp-space) * 4);
    box-sizing: border-box;
    block-size: var(--_kp-portal-min-height);
    max-block-size: 100vh;
    overflow-y: auto;
    padding: calc(var(--_kp-space) * 5) calc(var(--_kp-space) * 3);
    background: var(--_kp-color-surface);
  }

  .sidebar-brand {
    padding-inline: calc(var(--_kp-space) * 2);
  }

  .brand {
    display: flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 2);
    min-inline-size: 0;
    font-size: 1.0625rem;
    font-weight: 600;
  }

  .logo {
    flex: none;
    block-size: 1.75rem;
    inline-size: auto;
    max-inline-size: 7rem;
    object-fit: contain;
  }

  .logo--mark {
    display: inline-grid;
    place-items: center;
    inline-size: 1.75rem;
    border-radius: calc(var(--_kp-radius) / 1.5);
    background: var(--_kp-color-primary);
    color: var(--_kp-color-on-primary);
    font-size: 0.875rem;
  }

  .product-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .nav-list {
    display: grid;
    gap: 2px;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .nav-link {
    display: flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 3);
    min-block-size: 2.5rem;
    padding: 0 calc(var(--_kp-space) * 3);
    border-radius: var(--_kp-radius);
    color: inherit;
    font-weight: 500;
    text-decoration: none;
  }

  .nav-link:hover {
    background: color-mix(in srgb, var(--_kp-color-text) 6%, transparent);
  }

  .nav-link--current {
    background: color-mix(in srgb, var(--_kp-color-primary) 12%, transparent);
    color: var(--_kp-color-text);
    box-shadow: inset 3px 0 0 var(--_kp-color-primary);
  }

  .nav-icon {
    flex: none;
    inline-size: 1.125rem;
    block-size: 1.125rem;
    color: var(--_kp-color-muted);
  }

  .nav-link--current .nav-icon {
    color: var(--_kp-color-primary);
  }

  .user {
    display: grid;
    gap: var(--_kp-space);
    margin-block-start: auto;
    padding: calc(var(--_kp-space) * 3) calc(var(--_kp-space) * 2) 0;
    border-block-start: 1px solid var(--_kp-color-border);
  }

  .user p {
    margin: 0;
    overflow-wrap: anywhere;
  }

  .user-name {
    font-weight: 600;
  }

  .user-email {
    color: var(--_kp-color-muted);
    font-size: 0.875rem;
  }

  .sign-out {
    justify-self: start;
    margin-block-start: calc(var(--_kp-space) * 2);
  }

  /* The page. */
  .content {
    grid-column: 2;
    grid-row: 1;
    min-inline-size: 0;
    padding: calc(var(--_kp-space) * 8) calc(var(--_kp-space) * 8) calc(var(--_kp-space) * 12);
  }

  .page {
    max-inline-size: 1200px;
    margin-inline: auto;
  }

  .page-header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: calc(var(--_kp-space) * 4);
    margin-block-end: calc(var(--_kp-space) * 6);
  }

  .page-heading {
    display: grid;
    gap: calc(var(--_kp-space) * 1.5);
    flex: 1 1 24rem;
    min-inline-size: 0;
  }

  .page-title {
    margin: 0;
    font-size: 1.75rem;
    line-height: 1.2;
    font-weight: 650;
    letter-spacing: -0.01em;
  }

  .page-title:focus {
    outline: none;
  }

  .page-title:focus-visible {
    outline: 2px solid var(--_kp-color-primary);
    outline-offset: 4px;
  }

  .page-intro {
    margin: 0;
    color: var(--_kp-color-muted);
  }

  .back-link {
    justify-self: start;
    font-size: 0.875rem;
    font-weight: 500;
    text-decoration: none;
  }

  .back-link:hover {
    text-decoration: underline;
  }

  .page-actions {
    display: flex;
    flex: none;
    gap: calc(var(--_kp-space) * 2);
  }

  .page-body {
    display: grid;
    /* Not wider than the page: a wide table scrolls inside its element, never the portal. */
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_kp-space) * 8);
  }

  /*
   * The portal's header shows these pages' titles and sentences. The element's own heading stays
   * for screen readers, so its sections keep their place in the outline; its sentence, which
   * the header says already, goes.
   */
  .page-owns-title::part(title) {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  .page-owns-title::part(intro) {
    display: none;
  }

  .license-activations {
    scroll-margin-block-start: calc(var(--_kp-space) * 4);
  }

  /* Sign-in and the session's states. */
  .sign-in {
    display: grid;
    justify-items: center;
    align-content: start;
    gap: calc(var(--_kp-space) * 4);
    min-block-size: var(--_kp-portal-min-height);
    box-sizing: border-box;
    padding: 12vh calc(var(--_kp-space) * 4) calc(var(--_kp-space) * 8);
  }

  .sign-in login-form {
    inline-size: 100%;
    max-inline-size: 26rem;
    background-color: var(--_kp-color-surface);
  }

  .sign-in-brand {
    display: flex;
    align-items: center;
    gap: calc(var(--_kp-space) * 2);
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
  }

  .session-notice {
    box-sizing: border-box;
    inline-size: 100%;
    max-inline-size: 26rem;
    margin: 0;
    padding: calc(var(--_kp-space) * 3);
    border-inline-start: 3px solid var(--_kp-color-warning);
    border-radius: calc(var(--_kp-radius) / 2);
    background: color-mix(in srgb, var(--_kp-color-warning) 10%, var(--_kp-color-surface));
  }

  .state--portal {
    min-block-size: 50vh;
    justify-content: center;
  }

  /* Under 720 px the sidebar folds into a top bar with a menu. */
  @container license-portal (max-width: 719.98px) {
    .frame {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: auto 1fr;
      align-content: start;
    }

    .frame::before {
      display: none;
    }

    .content {
      grid-column: 1;
      grid-row: 2;
    }

    .topbar {
      position: sticky;
      z-index: 5;
      inset-block-start: 0;
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: calc(var(--_kp-space) * 3);
      padding: calc(var(--_kp-space) * 2) calc(var(--_kp-space) * 4);
      border-block-end: 1px solid var(--_kp-color-border);
      background: var(--_kp-color-surface);
    }

    .menu-button {
      flex: none;
    }

    .menu-icon {
      inline-size: 1.125rem;
      block-size: 1.125rem;
    }

    .sidebar {
      display: none;
    }

    .sidebar--open {
      position: absolute;
      z-index: 4;
      inset-block-start: 3.5rem;
      inset-inline: 0;
      display: flex;
      block-size: auto;
      max-block-size: calc(100vh - 3.5rem);
      border-inline-end: 0;
      border-block-end: 1px solid var(--_kp-color-border);
      box-shadow: 0 12px 24px rgb(0 0 0 / 0.18);
    }

    .sidebar--open .sidebar-brand {
      display: none;
    }

    .user {
      margin-block-start: 0;
    }

    .content {
      padding: calc(var(--_kp-space) * 5) calc(var(--_kp-space) * 4) calc(var(--_kp-space) * 10);
    }

    .page-title {
      font-size: 1.5rem;
    }

    .page-actions {
      flex: 1 1 100%;
    }
  }
`;
