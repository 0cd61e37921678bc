import { html, nothing, type TemplateResult } from "lit";
import type { LoginFormMode } from "../login-form/login-form.ts";
import type { PortalMessageKey } from "./license-portal-messages.ts";

export interface LoginPageContext {
  readonly t: (key: PortalMessageKey) => string;
  readonly productName: string;
  readonly logoUrl?: string | undefined;
  readonly theme?: string | undefined;
  readonly mode: LoginFormMode;
  /** The token of a reset or invitation link. */
  readonly token?: string;
  /** The session ended while the customer was working: say so above the form. */
  readonly sessionEnded: boolean;
}

/**
 * The page of `<login-form>`: the product above the form, centred. The form
 * is the same element for sign-in, a reset and an invitation link, so a
 * reset's "password set" notice stays while the customer signs in.
 */
export function renderLoginPage(context: LoginPageContext): TemplateResult {
  const { t, productName, logoUrl } = context;
  const form =
    customElements.get("login-form") === undefined
      ? html`<p class="state-message" role="status">${t("page.unavailable")}</p>`
      : html`<login-form
          mode=${context.mode}
          token=${context.token ?? nothing}
          theme=${context.theme ?? nothing}
        ></login-form>`;
  return html`<div part="sign-in" class="sign-in">
    <p class="sign-in-brand">
      ${
        logoUrl
          ? html`<img part="logo" class="logo" src=${logoUrl} alt="" />`
          : html`<span class="logo logo--mark" aria-hidden="true">◆</span>`
      }
      <span class="product-name">${productName}</span>
    </p>
    ${
      context.sessionEnded
        ? html`<p part="session-notice" class="session-notice" role="status">${t("session.expired")}</p>`
        : nothing
    }
    ${form}
  </div>`;
}

export interface SessionProblemContext {
  readonly t: (key: PortalMessageKey) => string;
  readonly session: "loading" | "error";
  onRetry(): void;
}

/** While `/v1/me` is on its way, or when it failed for another reason than a sign-in. */
export function renderSessionProblem({
  t,
  session,
  onRetry,
}: SessionProblemContext): TemplateResult {
  if (session === "loading") {
    return html`<div class="state state--portal" role="status" aria-busy="true">
      <div class="spinner" aria-hidden="true"></div>
      <p class="state-message">${t("page.loading")}</p>
    </div>`;
  }
  return html`<div class="state state--portal state--error" role="alert">
    <p class="state-message">${t("page.error")}</p>
    <p class="state-hint">${t("page.error.hint")}</p>
    <button class="button" type="button" @click=${onRetry}>${t("retry")}</button>
  </div>`;
}
