import type { Me, PortalClient, SignedIn } from "@keyport/sdk";
import { consume } from "@lit/context";
import { TaskStatus } from "@lit/task";
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import { createActionTask } from "../internal/action-task.ts";
import { createClientCache } from "../internal/client-cache.ts";
import { type PortalContextValue, portalContext, resolvePortal } from "../internal/context.ts";
import { emitKeyportEvent } from "../internal/events.ts";
import type { KeyportLocale, MessageParams } from "../internal/i18n.ts";
import { loginFormStyles } from "./login-form.styles.ts";
import { type LoginFormMessageKey, loginFormMessages } from "./login-form-messages.ts";
import {
  type FormProblem,
  type LoginField,
  looksLikeEmail,
  passwordReasonsOf,
  problemOf,
  throttledMessage,
  unexpectedMessage,
  weakPasswordMessage,
} from "./login-form-problems.ts";

/** What the form opens with: sign-in, "forgot password", or a mailed link's new password. */
export type LoginFormMode = "sign-in" | "forgot" | "reset" | "invitation";

/** `cookie` for the standalone portal (same origin), `bearer` for an embedded page. */
export type LoginTokenType = "cookie" | "bearer";

/** Detail of `signed-in`. */
export interface SignedInDetail {
  /** The user as the sign-in answered. */
  readonly user: SignedIn["user"];
  /** `GET /v1/me` right after the sign-in; absent if that call failed. */
  readonly me?: Me;
  /** Bearer mode only: the session token, for the page to keep in memory (never in storage). */
  readonly token?: string;
  /** Bearer mode only: when the token ends, however busy. */
  readonly expiresAt?: string;
  readonly tokenType: LoginTokenType;
}

/** Detail of `password-reset`: a reset or invitation link set the password. */
export interface PasswordResetDetail {
  readonly mode: "reset" | "invitation";
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "signed-in": CustomEvent<SignedInDetail>;
    "password-reset": CustomEvent<PasswordResetDetail>;
  }
}

type Step = "sign-in" | "totp" | "forgot" | "forgot-sent" | "new-password" | "signed-in";

type Values = Readonly<Record<string, string>>;

const FIELD_ORDER: readonly LoginField[] = [
  "email",
  "password",
  "code",
  "new-password",
  "confirm-password",
];

/**
 * Sign-in for the customer portal: email and password, the two-factor code (or
 * a recovery code) when the account asks for one, "Forgot password?", and the
 * new-password form of a reset or invitation link. Wrong credentials, throttling
 * ("Try again in 2 minutes") and weak passwords are said in plain words; each
 * error is announced and focus moves to the first field to fix.
 *
 * It talks to the API itself and loads nothing, so it is a `LitElement` with
 * the base styles, settings and catalogues of `KeyportElement` rather than a
 * subclass: the base class's signed-out state is exactly what this element replaces.
 *
 * Same-origin it signs in with the session cookie; on another origin (a
 * vendor's page) it asks for a bearer token and hands it over in `signed-in`.
 *
 * @example
 * <login-form api-base="https://licensing.example.com"></login-form>
 * <script type="module">
 *   document.querySelector("login-form").addEventListener("signed-in", ({ detail }) => {
 *     provider.token = detail.token; // bearer mode: keep it in memory only
 *   });
 * </script>
 *
 * @tagname login-form
 * @summary Sign-in with two-factor, forgotten password, and choosing a password from a mailed link.
 *
 * @event signed-in - The customer signed in. `detail.user`, `detail.me`, and in bearer mode `detail.token` and `detail.expiresAt`.
 * @event password-reset - A reset or invitation link set the password; the form now offers sign-in. `detail.mode` is `reset` or `invitation`.
 * @event keyport-error - A request failed unexpectedly (network, server error). `detail.error` holds the error.
 *
 * @csspart panel - The card around everything.
 * @csspart title - The step's heading.
 * @csspart intro - The sentence under the heading.
 * @csspart form - The form of the step.
 * @csspart field - A label with its input, hint and error.
 * @csspart label - A field's label.
 * @csspart input - A text or password input.
 * @csspart hint - A field's hint (the password rules).
 * @csspart field-error - A field's error message.
 * @csspart form-error - The announced message about the whole form (wrong credentials, throttling).
 * @csspart notice - A confirmation (link sent, password set).
 * @csspart submit-button - The step's primary button.
 * @csspart link-button - The secondary actions: "Forgot password?", "Back to sign in", recovery code.
 *
 * @cssproperty --keyport-color-primary - Primary button, links and the focus ring.
 * @cssproperty --keyport-color-on-primary - Text on the primary button.
 * @cssproperty --keyport-color-surface - The card and inputs when `theme` is set.
 * @cssproperty --keyport-color-text - Body text; inherited from the page unless set or `theme` is set.
 * @cssproperty --keyport-color-muted - Intro sentences, hints and input borders.
 * @cssproperty --keyport-color-border - The card's outline.
 * @cssproperty --keyport-color-danger - Error messages and invalid inputs.
 * @cssproperty --keyport-color-success - The confirmation's accent.
 * @cssproperty --keyport-radius - Corner radius of the card, inputs and buttons.
 * @cssproperty --keyport-space - The spacing unit.
 * @cssproperty --keyport-font-family - Text font.
 */
export class LoginForm extends LitElement {
  static override styles = loginFormStyles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** Base URL of the Keyport API; defaults to the provider's, then this page's origin. */
  @property({ attribute: "api-base" }) apiBase?: string;

  /** `en` or `de`; defaults to the provider's, then the page's `lang`. */
  @property() locale?: string;

  /** `light`, `dark` or `auto` paint the card; unset, it blends into the page. */
  @property({ reflect: true }) theme?: "light" | "dark" | "auto";

  /** The step the form opens with; `reset` and `invitation` need `token`. */
  @property({ reflect: true }) mode: LoginFormMode = "sign-in";

  /** The `token` of a reset or invitation link (`?token=…`), for `mode="reset"` or `"invitation"`. */
  @property() token?: string;

  /** `cookie` or `bearer`; by default `cookie` when the API is on this page's origin, else `bearer`. */
  @property({ attribute: "token-type" }) tokenType?: LoginTokenType;

  /** Fills the email field in advance. */
  @property() email?: string;

  @consume({ context: portalContext, subscribe: true })
  protected providedPortal?: PortalContextValue;

  @state() private step: Step = "sign-in";
  @state() private recovery = false;
  @state() private formError: FormProblem | undefined;
  @state() private fieldErrors: Partial<Record<LoginField, string>> = {};
  @state() private notice: LoginFormMessageKey | undefined;

  /** The password step's answers, kept for the code step's second request; dropped after. */
  #credentials: { readonly email: string; readonly password: string } | undefined;
  /** The address last typed, carried between the sign-in and the "forgot" steps. */
  #emailDraft: string | undefined;
  #moveFocus: LoginField | "title" | undefined;
  readonly #clients = createClientCache(() => this.#portal.locale);

  readonly #submit = createActionTask(this, ([step, values]: [Step, Values], { signal }) =>
    this.#perform(step, values, signal),
  );

  /** The SDK client: the provider's shared one for the same API, else this element's own. */
  get client(): PortalClient {
    const portal = this.#portal;
    return portal.client ?? this.#clients(portal);
  }

  /** How this form signs in, with the default resolved. */
  get effectiveTokenType(): LoginTokenType {
    if (this.tokenType !== undefined) return this.tokenType;
    const api = new URL(this.#portal.apiBase, location.href);
    return api.origin === location.origin ? "cookie" : "bearer";
  }

  /** The step shown: `sign-in`, `totp`, `forgot`, `forgot-sent`, `new-password` or `signed-in`. */
  get currentStep(): Step {
    return this.step;
  }

  get #portal(): PortalContextValue {
    return resolvePortal(this.providedPortal, { apiBase: this.apiBase, locale: this.locale });
  }

  get #locale(): KeyportLocale {
    return this.#portal.locale;
  }

  #t(key: LoginFormMessageKey, params?: MessageParams): string {
    return loginFormMessages(this.#locale, key, params);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has("mode")) this.#go(initialStep(this.mode));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.#moveFocus;
    if (target === undefined) return;
    this.#moveFocus = undefined;
    const selector = target === "title" ? '[part~="title"]' : `#${target}`;
    const element = this.renderRoot.querySelector<HTMLElement>(selector);
    element?.focus();
    if (element instanceof HTMLInputElement && target === "password") element.select();
  }

  protected override render(): unknown {
    const busy = this.#submit.status === TaskStatus.PENDING;
    return html`
      <section part="panel" class="panel" aria-labelledby="title" aria-busy=${busy}>
        ${
          // Fresh inputs for every step: a reused <input> would keep what was typed into another field.
          keyed(`${this.step}:${this.recovery}`, this.#renderStep(busy))
        }
      </section>
    `;
  }

  #renderStep(busy: boolean): TemplateResult {
    switch (this.step) {
      case "sign-in":
        return this.#frame(
          "sign-in.title",
          "sign-in.intro",
          busy,
          "sign-in.submit",
          [
            this.#field("email", "field.email", { type: "email", autocomplete: "username" }),
            this.#field("password", "field.password", {
              type: "password",
              autocomplete: "current-password",
            }),
          ],
          html`<button part="link-button" class="link" type="button" @click=${() => this.#go("forgot", "email")}>
            ${this.#t("sign-in.forgot")}
          </button>`,
        );
      case "totp":
        return this.#frame(
          "totp.title",
          this.recovery ? "totp.intro.recovery" : "totp.intro",
          busy,
          "totp.submit",
          [
            this.recovery
              ? this.#field("code", "totp.recovery-code", { autocomplete: "off" })
              : this.#field("code", "totp.code", {
                  autocomplete: "one-time-code",
                  inputmode: "numeric",
                }),
          ],
          html`<button part="link-button" class="link" type="button" @click=${this.#toggleRecovery}>
              ${this.#t(this.recovery ? "totp.use-app" : "totp.use-recovery")}
            </button>
            ${this.#backButton()}`,
        );
      case "forgot":
        return this.#frame(
          "forgot.title",
          "forgot.intro",
          busy,
          "forgot.submit",
          [this.#field("email", "field.email", { type: "email", autocomplete: "username" })],
          this.#backButton(),
        );
      case "forgot-sent":
        return html`
          ${this.#heading("forgot.sent.title", { focusable: true })}
          <div part="notice" class="notice" role="status">
            <p>${this.#t("forgot.sent")}</p>
            <p class="muted">${this.#t("forgot.sent.hint")}</p>
          </div>
          <div class="actions">${this.#backButton()}</div>
        `;
      case "new-password": {
        const invitation = this.mode === "invitation";
        return this.#frame(
          invitation ? "invitation.title" : "reset.title",
          invitation ? "invitation.intro" : "reset.intro",
          busy,
          invitation ? "invitation.submit" : "reset.submit",
          [
            this.#field("new-password", "field.new-password", {
              type: "password",
              autocomplete: "new-password",
              hint: "field.new-password.hint",
            }),
            this.#field("confirm-password", "field.confirm-password", {
              type: "password",
              autocomplete: "new-password",
            }),
          ],
          this.#backButton(),
        );
      }
      case "signed-in":
        return html`
          ${this.#heading("sign-in.title", { focusable: true })}
          <p part="notice" class="notice" role="status">${this.#t("signed-in")}</p>
        `;
    }
  }

  /** A step without fields takes focus on its heading, so it is focusable there only. */
  #heading(key: LoginFormMessageKey, { focusable = false } = {}): TemplateResult {
    return html`<h2 part="title" class="title" id="title" tabindex=${focusable ? "-1" : nothing}>
      ${this.#t(key)}
    </h2>`;
  }

  #frame(
    title: LoginFormMessageKey,
    intro: LoginFormMessageKey,
    busy: boolean,
    submit: LoginFormMessageKey,
    fields: readonly TemplateResult[],
    secondary: TemplateResult,
  ): TemplateResult {
    const missingToken = this.step === "new-password" && !this.token;
    const problem =
      this.formError ?? (missingToken ? { message: this.#t("reset.token-missing") } : undefined);
    return html`
      ${this.#heading(title)}
      <p part="intro" class="intro">${this.#t(intro)}</p>
      ${
        this.notice === undefined
          ? nothing
          : html`<p part="notice" class="notice" role="status">${this.#t(this.notice)}</p>`
      }
      <div part="form-error" class=${problem === undefined ? "form-error" : "form-error form-error--shown"} role="alert">
        ${
          problem === undefined
            ? nothing
            : html`<p>${problem.message}</p>
                ${
                  problem.field === undefined && this.step === "new-password"
                    ? html`<button part="link-button" class="link" type="button" @click=${() => this.#go("forgot", "email")}>
                        ${this.#t("reset.request-new")}
                      </button>`
                    : nothing
                }`
        }
      </div>
      <form part="form" class="form" novalidate @submit=${this.#onSubmit}>
        ${fields}
        <button
          part="submit-button"
          class="button button--primary submit"
          type="submit"
          aria-disabled=${busy ? "true" : "false"}
        >
          ${busy && this.step === "sign-in" ? this.#t("sign-in.pending") : this.#t(submit)}
        </button>
      </form>
      <div class="actions">${secondary}</div>
    `;
  }

  #field(
    name: LoginField,
    label: LoginFormMessageKey,
    {
      type = "text",
      autocomplete,
      inputmode,
      hint,
    }: {
      type?: string;
      autocomplete: string;
      inputmode?: string;
      hint?: LoginFormMessageKey;
    },
  ): TemplateResult {
    const error = this.fieldErrors[name];
    const described = [hint === undefined ? "" : `${name}-hint`, error ? `${name}-error` : ""]
      .filter(Boolean)
      .join(" ");
    const initial = name === "email" ? (this.#emailDraft ?? this.email ?? "") : "";
    return html`
      <div part="field" class="field">
        <label part="label" class="label" for=${name}>${this.#t(label)}</label>
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
            : html`<p part="hint" class="hint" id="${name}-hint">${this.#t(hint)}</p>`
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

  #backButton(): TemplateResult {
    return html`<button part="link-button" class="link" type="button" @click=${() => this.#go("sign-in", "email")}>
      ${this.#t("back.sign-in")}
    </button>`;
  }

  /** Shows another step with a clean slate; focus follows only when the customer moved. */
  #go(step: Step, focus?: LoginField | "title"): void {
    if (step !== "totp") this.#credentials = undefined;
    this.#submit.abort();
    this.step = step;
    this.recovery = false;
    this.formError = undefined;
    this.fieldErrors = {};
    this.notice = undefined;
    this.#moveFocus = focus;
  }

  #toggleRecovery = (): void => {
    this.recovery = !this.recovery;
    this.fieldErrors = {};
    this.#moveFocus = "code";
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (this.#submit.status === TaskStatus.PENDING) return;
    const form = event.currentTarget as HTMLFormElement;
    const values = Object.fromEntries(
      [...new FormData(form)].map(([key, value]) => [key, String(value)]),
    );
    if (this.step === "new-password" && !this.token) {
      this.#show({ form: { message: this.#t("reset.token-missing") } });
      return;
    }
    const invalid = this.#validate(values);
    if (Object.keys(invalid).length > 0) {
      this.#show({}, invalid);
      return;
    }
    if (values.email !== undefined) this.#emailDraft = values.email.trim();
    this.fieldErrors = {};
    this.formError = undefined;
    void this.#submit.run([this.step, values]);
  };

  /** The checks worth making before a round trip; the API judges the rest. */
  #validate(values: Values): Partial<Record<LoginField, string>> {
    const errors: Partial<Record<LoginField, string>> = {};
    const email = values.email?.trim();
    if (email !== undefined) {
      if (email === "") errors.email = this.#t("error.email.missing");
      else if (!looksLikeEmail(email)) errors.email = this.#t("error.email.invalid");
    }
    if (values.password === "") errors.password = this.#t("error.password.missing");
    if (values.code?.trim() === "") errors.code = this.#t("totp.missing");
    if (values["new-password"] === "") {
      errors["new-password"] = this.#t("error.new-password.missing");
    } else if (
      values["confirm-password"] !== undefined &&
      values["confirm-password"] !== values["new-password"]
    ) {
      errors["confirm-password"] = this.#t("error.confirm.mismatch");
    }
    return errors;
  }

  /** Shows the problems and moves focus to the first field to fix (or keeps it for a form error). */
  #show(
    problem: { form?: FormProblem },
    fields: Partial<Record<LoginField, string>> = {},
    focus?: LoginField,
  ): void {
    this.formError = problem.form;
    this.fieldErrors = fields;
    this.#moveFocus = focus ?? FIELD_ORDER.find((field) => fields[field] !== undefined);
    this.requestUpdate();
  }

  async #perform(step: Step, values: Values, signal: AbortSignal): Promise<void> {
    try {
      switch (step) {
        case "sign-in":
          return await this.#signIn(
            { email: values.email!.trim(), password: values.password! },
            signal,
          );
        case "totp":
          return await this.#signIn(this.#credentials!, signal, values.code!.trim());
        case "forgot":
          await this.client.auth.requestPasswordReset({ email: values.email!.trim() }, { signal });
          this.#go("forgot-sent", "title");
          return;
        case "new-password":
          return await this.#setPassword(values["new-password"]!, signal);
      }
    } catch (error) {
      if (signal.aborted) throw error;
      if (this.#explain(step, error)) return;
      this.#show({ form: { message: unexpectedMessage(this.#locale, error) } });
      // Unexpected: shown here and reported as `keyport-error` by the action task.
      throw error;
    }
  }

  async #signIn(
    credentials: { readonly email: string; readonly password: string },
    signal: AbortSignal,
    totpCode?: string,
  ): Promise<void> {
    const tokenType = this.effectiveTokenType;
    const client = this.client;
    this.#credentials = credentials;
    const signedIn = await client.auth.login(
      { ...credentials, tokenType, ...(totpCode === undefined ? {} : { totpCode }) },
      { signal },
    );
    const me = await client.me.get({ signal }).catch(() => undefined);
    this.#go("signed-in");
    emitKeyportEvent(this, "signed-in", {
      user: signedIn.user,
      tokenType,
      ...(me === undefined ? {} : { me }),
      ...(signedIn.token === undefined ? {} : { token: signedIn.token }),
      ...(signedIn.expiresAt === undefined ? {} : { expiresAt: signedIn.expiresAt }),
    });
  }

  async #setPassword(password: string, signal: AbortSignal): Promise<void> {
    const mode = this.mode === "invitation" ? "invitation" : "reset";
    await this.client.auth.confirmPasswordReset({ token: this.token ?? "", password }, { signal });
    this.#go("sign-in", "email");
    this.notice = "reset.done";
    emitKeyportEvent(this, "password-reset", { mode });
  }

  /** Turns an answer the API gives on purpose into what the form shows; `false` if it is none. */
  #explain(step: Step, error: unknown): boolean {
    const { status, code } = problemOf(error);
    const locale = this.#locale;
    if (status === 429) {
      this.#show({ form: { message: throttledMessage(locale, error) } });
      return true;
    }
    if (code === "TOTP_REQUIRED" && step === "sign-in") {
      const credentials = this.#credentials;
      this.#go("totp", "code");
      this.#credentials = credentials;
      return true;
    }
    if (code === "INVALID_TOTP_CODE") {
      this.#show({}, { code: this.#t("totp.invalid") });
      this.#clearInput("code");
      return true;
    }
    if (code === "INVALID_CREDENTIALS") {
      if (step === "totp") this.#go("sign-in");
      this.#show({ form: { message: this.#t("sign-in.invalid") } }, {}, "password");
      this.#clearInput("password");
      return true;
    }
    if (code === "TOKEN_INVALID") {
      this.#show({ form: { message: this.#t("reset.token-invalid") } });
      return true;
    }
    if (status === 422) {
      const reasons = passwordReasonsOf(error);
      if (step === "new-password" && reasons.length > 0) {
        const message = reasons.map((reason) => weakPasswordMessage(locale, reason)).join(" ");
        this.#show({}, { "new-password": message });
        return true;
      }
      if (step === "sign-in" || step === "forgot") {
        this.#show({}, { email: this.#t("error.email.invalid") });
        return true;
      }
    }
    return false;
  }

  #clearInput(name: LoginField): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${name}`);
    if (input) input.value = "";
  }
}

function initialStep(mode: LoginFormMode): Step {
  if (mode === "forgot") return "forgot";
  if (mode === "reset" || mode === "invitation") return "new-password";
  return "sign-in";
}
