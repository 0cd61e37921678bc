import { html, nothing, type TemplateResult } from "lit";
import type { LoginFlowState, Step } from "./login-flow.ts";
import type { LoginFormMessageKey } from "./login-form-messages.ts";
import type { LoginField } from "./login-form-problems.ts";

/** What a step's template needs: the flow's state, the element's settings, and the actions. */
export interface LoginStepView extends LoginFlowState {
  readonly busy: boolean;
  /** The new-password step is for an invitation link rather than a reset link. */
  readonly invitation: boolean;
  /** There is no `token` for the new-password step to send. */
  readonly missingToken: boolean;
  /** What the email field starts with. */
  readonly email: string;
  readonly t: (key: LoginFormMessageKey) => string;
  readonly go: (step: Step, focus?: LoginField | "title") => void;
  readonly toggleRecovery: () => void;
  readonly onSubmit: (event: SubmitEvent) => void;
}

interface FieldOptions {
  readonly type?: string;
  readonly autocomplete: string;
  readonly inputmode?: string;
  readonly hint?: LoginFormMessageKey;
}

/** The heading, fields and buttons of the step shown. */
export function renderLoginStep(view: LoginStepView): TemplateResult {
  const { t } = view;
  switch (view.step) {
    case "sign-in":
      return renderFrame(
        view,
        "sign-in.title",
        "sign-in.intro",
        "sign-in.submit",
        [
          renderField(view, "email", "field.email", { type: "email", autocomplete: "username" }),
          renderField(view, "password", "field.password", {
            type: "password",
            autocomplete: "current-password",
          }),
        ],
        html`<button part="link-button" class="link" type="button" @click=${() => view.go("forgot", "email")}>
          ${t("sign-in.forgot")}
        </button>`,
      );
    case "totp":
      return renderFrame(
        view,
        "totp.title",
        view.recovery ? "totp.intro.recovery" : "totp.intro",
        "totp.submit",
        [
          view.recovery
            ? renderField(view, "code", "totp.recovery-code", { autocomplete: "off" })
            : renderField(view, "code", "totp.code", {
                autocomplete: "one-time-code",
                inputmode: "numeric",
              }),
        ],
        html`<button part="link-button" class="link" type="button" @click=${view.toggleRecovery}>
            ${t(view.recovery ? "totp.use-app" : "totp.use-recovery")}
          </button>
          ${renderBackButton(view)}`,
      );
    case "forgot":
      return renderFrame(
        view,
        "forgot.title",
        "forgot.intro",
        "forgot.submit",
        [renderField(view, "email", "field.email", { type: "email", autocomplete: "username" })],
        renderBackButton(view),
      );
    case "forgot-sent":
      return html`
        ${renderHeading(view, "forgot.sent.title", { focusable: true })}
        <div part="notice" class="notice" role="status">
          <p>${t("forgot.sent")}</p>
          <p class="muted">${t("forgot.sent.hint")}</p>
        </div>
        <div class="actions">${renderBackButton(view)}</div>
      `;
    case "new-password": {
      const { invitation } = view;
      return renderFrame(
        view,
        invitation ? "invitation.title" : "reset.title",
        invitation ? "invitation.intro" : "reset.intro",
        invitation ? "invitation.submit" : "reset.submit",
        [
          renderField(view, "new-password", "field.new-password", {
            type: "password",
            autocomplete: "new-password",
            hint: "field.new-password.hint",
          }),
          renderField(view, "confirm-password", "field.confirm-password", {
            type: "password",
            autocomplete: "new-password",
          }),
        ],
        renderBackButton(view),
      );
    }
    case "signed-in":
      return html`
        ${renderHeading(view, "sign-in.title", { focusable: true })}
        <p part="notice" class="notice" role="status">${t("signed-in")}</p>
      `;
  }
}

/** A step without fields takes focus on its heading, so it is focusable there only. */
function renderHeading(
  view: LoginStepView,
  key: LoginFormMessageKey,
  { focusable = false } = {},
): TemplateResult {
  return html`<h2 part="title" class="title" id="title" tabindex=${focusable ? "-1" : nothing}>
    ${view.t(key)}
  </h2>`;
}

function renderFrame(
  view: LoginStepView,
  title: LoginFormMessageKey,
  intro: LoginFormMessageKey,
  submit: LoginFormMessageKey,
  fields: readonly TemplateResult[],
  secondary: TemplateResult,
): TemplateResult {
  const { t, busy, step, notice } = view;
  const missingToken = step === "new-password" && view.missingToken;
  const problem =
    view.formError ?? (missingToken ? { message: t("reset.token-missing") } : undefined);
  return html`
    ${renderHeading(view, title)}
    <p part="intro" class="intro">${t(intro)}</p>
    ${
      notice === undefined
        ? nothing
        : html`<p part="notice" class="notice" role="status">${t(notice)}</p>`
    }
    <div part="form-error" class=${problem === undefined ? "form-error" : "form-error form-error--shown"} role="alert">
      ${
        problem === undefined
          ? nothing
          : html`<p>${problem.message}</p>
              ${
                problem.field === undefined && step === "new-password"
                  ? html`<button part="link-button" class="link" type="button" @click=${() => view.go("forgot", "email")}>
                      ${t("reset.request-new")}
                    </button>`
                  : nothing
              }`
      }
    </div>
    <form part="form" class="form" novalidate @submit=${view.onSubmit}>
      ${fields}
      <button
        part="submit-button"
        class="button button--primary submit"
        type="submit"
        aria-disabled=${busy ? "true" : "false"}
      >
        ${busy && step === "sign-in" ? t("sign-in.pending") : t(submit)}
      </button>
    </form>
    <div class="actions">${secondary}</div>
  `;
}

function renderField(
  view: LoginStepView,
  name: LoginField,
  label: LoginFormMessageKey,
  { type = "text", autocomplete, inputmode, hint }: FieldOptions,
): TemplateResult {
  const { t } = view;
  const error = view.fieldErrors[name];
  const described = [hint === undefined ? "" : `${name}-hint`, error ? `${name}-error` : ""]
    .filter(Boolean)
    .join(" ");
  const initial = name === "email" ? view.email : "";
  return html`
    <div part="field" class="field">
      <label part="label" class="label" for=${name}>${t(label)}</label>
      <input
        part="input"
        class="input"
        id=${name}
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        inputmode=${inputmode ?? nothing}
        spellcheck="false"
        autocapitalize="none"
        required
        value=${initial}
        aria-invalid=${error ? "true" : "false"}
        aria-describedby=${described || nothing}
      />
      ${
        hint === undefined
          ? nothing
          : html`<p part="hint" class="hint" id="${name}-hint">${t(hint)}</p>`
      }
      ${
        error
          ? html`<p part="field-error" class="field-error" id="${name}-error" role="alert">
              ${error}
            </p>`
          : nothing
      }
    </div>
  `;
}

function renderBackButton(view: LoginStepView): TemplateResult {
  return html`<button part="link-button" class="link" type="button" @click=${() => view.go("sign-in", "email")}>
    ${view.t("back.sign-in")}
  </button>`;
}
