import type { PortalClient } from "@keyport/sdk";
import { type Task, TaskStatus } from "@lit/task";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { createActionTask } from "../internal/action-task.ts";
import { emitKeyportEvent } from "../internal/events.ts";
import type { KeyportLocale, MessageParams } from "../internal/i18n.ts";
import { checkLoginValues, type FieldErrors, type LoginValues as Values } from "./login-checks.ts";
import type { LoginTokenType } from "./login-form-events.ts";
import { type LoginFormMessageKey, loginFormMessages } from "./login-form-messages.ts";
import {
  type FormProblem,
  type LoginField,
  passwordReasonsOf,
  problemOf,
  throttledMessage,
  unexpectedMessage,
  weakPasswordMessage,
} from "./login-form-problems.ts";

/** What the form opens with: sign-in, "forgot password", or a mailed link's new password. */
export type LoginFormMode = "sign-in" | "forgot" | "reset" | "invitation";

export type Step = "sign-in" | "totp" | "forgot" | "forgot-sent" | "new-password" | "signed-in";

/** What the step renderers show; replaced as a whole, so a changed field re-renders. */
export interface LoginFlowState {
  readonly step: Step;
  readonly recovery: boolean;
  readonly formError: FormProblem | undefined;
  readonly fieldErrors: FieldErrors;
  readonly notice: LoginFormMessageKey | undefined;
}

/** What the flow reads from the element: its API client and the attributes that steer a step. */
export interface LoginFlowHost extends ReactiveControllerHost, HTMLElement {
  readonly client: PortalClient;
  readonly effectiveTokenType: LoginTokenType;
  readonly mode: LoginFormMode;
  readonly token?: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface LoginFlowOptions {
  /** The language in effect; read on every message, so a changed provider counts at once. */
  readonly locale: () => KeyportLocale;
}

const FIELD_ORDER: readonly LoginField[] = [
  "email",
  "password",
  "code",
  "new-password",
  "confirm-password",
];

/** The step a `mode` opens with. */
export function initialStep(mode: LoginFormMode): Step {
  if (mode === "forgot") return "forgot";
  if (mode === "reset" || mode === "invitation") return "new-password";
  return "sign-in";
}

/**
 * The sign-in flow behind `<login-form>`: which step is shown, the checks
 * before a request, the requests themselves, and how each answer the API gives
 * on purpose (a code needed, wrong credentials, throttling, a weak password)
 * turns into the next step or a problem shown by the field to fix.
 */
export class LoginFlow implements ReactiveController {
  #state: LoginFlowState = {
    step: "sign-in",
    recovery: false,
    formError: undefined,
    fieldErrors: {},
    notice: undefined,
  };

  /** The password step's answers, kept for the code step's second request; dropped after. */
  #credentials: { readonly email: string; readonly password: string } | undefined;
  /** The address last typed, carried between the sign-in and the "forgot" steps. */
  #emailDraft: string | undefined;
  #moveFocus: LoginField | "title" | undefined;

  readonly #submit: Task<[Step, Values], void>;

  constructor(
    private readonly host: LoginFlowHost,
    private readonly options: LoginFlowOptions,
  ) {
    host.addController(this);
    this.#submit = createActionTask(host, ([step, values]: [Step, Values], { signal }) =>
      this.#perform(step, values, signal),
    );
  }

  get state(): LoginFlowState {
    return this.#state;
  }

  get busy(): boolean {
    return this.#submit.status === TaskStatus.PENDING;
  }

  get emailDraft(): string | undefined {
    return this.#emailDraft;
  }

  hostUpdated(): void {
    const target = this.#moveFocus;
    if (target === undefined) return;
    this.#moveFocus = undefined;
    const selector = target === "title" ? '[part~="title"]' : `#${target}`;
    const element = this.host.renderRoot.querySelector<HTMLElement>(selector);
    element?.focus();
    if (element instanceof HTMLInputElement && target === "password") element.select();
  }

  /** Shows another step with a clean slate; focus follows only when the customer moved. */
  go(step: Step, focus?: LoginField | "title"): void {
    if (step !== "totp") this.#credentials = undefined;
    this.#submit.abort();
    this.#patch({
      step,
      recovery: false,
      formError: undefined,
      fieldErrors: {},
      notice: undefined,
    });
    this.#moveFocus = focus;
  }

  toggleRecovery = (): void => {
    this.#patch({ recovery: !this.#state.recovery, fieldErrors: {} });
    this.#moveFocus = "code";
  };

  onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (this.#submit.status === TaskStatus.PENDING) return;
    const form = event.currentTarget as HTMLFormElement;
    const values = Object.fromEntries(
      [...new FormData(form)].map(([key, value]) => [key, String(value)]),
    );
    if (this.#state.step === "new-password" && !this.host.token) {
      this.#show({ form: { message: this.#t("reset.token-missing") } });
      return;
    }
    const invalid = checkLoginValues(values, (key) => this.#t(key));
    if (Object.keys(invalid).length > 0) {
      this.#show({}, invalid);
      return;
    }
    if (values.email !== undefined) this.#emailDraft = values.email.trim();
    this.#patch({ fieldErrors: {}, formError: undefined });
    void this.#submit.run([this.#state.step, values]);
  };

  /** Replaces the shown state; like a `@state()` field, an update follows only a change. */
  #patch(patch: Partial<LoginFlowState>): void {
    const keys = Object.keys(patch) as (keyof LoginFlowState)[];
    const changed = keys.some((key) => patch[key] !== this.#state[key]);
    this.#state = { ...this.#state, ...patch };
    if (changed) this.host.requestUpdate();
  }

  #t(key: LoginFormMessageKey, params?: MessageParams): string {
    return loginFormMessages(this.options.locale(), key, params);
  }

  /** Shows the problems and moves focus to the first field to fix (or keeps it for a form error). */
  #show(problem: { form?: FormProblem }, fields: FieldErrors = {}, focus?: LoginField): void {
    this.#patch({ formError: problem.form, fieldErrors: fields });
    this.#moveFocus = focus ?? FIELD_ORDER.find((field) => fields[field] !== undefined);
    this.host.requestUpdate();
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
          await this.host.client.auth.requestPasswordReset(
            { email: values.email!.trim() },
            { signal },
          );
          this.go("forgot-sent", "title");
          return;
        case "new-password":
          return await this.#setPassword(values["new-password"]!, signal);
      }
    } catch (error) {
      if (signal.aborted) throw error;
      if (this.#explain(step, error)) return;
      this.#show({ form: { message: unexpectedMessage(this.options.locale(), error) } });
      // Unexpected: shown here and reported as `keyport-error` by the action task.
      throw error;
    }
  }

  async #signIn(
    credentials: { readonly email: string; readonly password: string },
    signal: AbortSignal,
    totpCode?: string,
  ): Promise<void> {
    const tokenType = this.host.effectiveTokenType;
    const client = this.host.client;
    this.#credentials = credentials;
    const signedIn = await client.auth.login(
      { ...credentials, tokenType, ...(totpCode === undefined ? {} : { totpCode }) },
      { signal },
    );
    const me = await client.me.get({ signal }).catch(() => undefined);
    this.go("signed-in");
    emitKeyportEvent(this.host, "signed-in", {
      user: signedIn.user,
      tokenType,
      ...(me === undefined ? {} : { me }),
      ...(signedIn.token === undefined ? {} : { token: signedIn.token }),
      ...(signedIn.expiresAt === undefined ? {} : { expiresAt: signedIn.expiresAt }),
    });
  }

  async #setPassword(password: string, signal: AbortSignal): Promise<void> {
    const mode = this.host.mode === "invitation" ? "invitation" : "reset";
    await this.host.client.auth.confirmPasswordReset(
      { token: this.host.token ?? "", password },
      { signal },
    );
    this.go("sign-in", "email");
    this.#patch({ notice: "reset.done" });
    emitKeyportEvent(this.host, "password-reset", { mode });
  }

  /** Turns an answer the API gives on purpose into what the form shows; `false` if it is none. */
  #explain(step: Step, error: unknown): boolean {
    const { status, code } = problemOf(error);
    const locale = this.options.locale();
    if (status === 429) {
      this.#show({ form: { message: throttledMessage(locale, error) } });
      return true;
    }
    if (code === "TOTP_REQUIRED" && step === "sign-in") {
      const credentials = this.#credentials;
      this.go("totp", "code");
      this.#credentials = credentials;
      return true;
    }
    if (code === "INVALID_TOTP_CODE") {
      this.#show({}, { code: this.#t("totp.invalid") });
      this.#clearInput("code");
      return true;
    }
    if (code === "INVALID_CREDENTIALS") {
      if (step === "totp") this.go("sign-in");
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
    const input = this.host.renderRoot.querySelector<HTMLInputElement>(`#${name}`);
    if (input) input.value = "";
  }
}
