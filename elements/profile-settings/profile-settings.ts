import type { Me, Session } from "@keyport/sdk";
import { type Task, TaskStatus } from "@lit/task";
import { html, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { createActionTask } from "../internal/action-task.ts";
import type { MessageParams } from "../internal/i18n.ts";
import { KeyportElement } from "../internal/keyport-element.ts";
import { findPortalProvider } from "../internal/provider-link.ts";
import { checkForm } from "./form-checks.ts";
import { formValues } from "./form-fields.ts";
import {
  type FieldMap,
  type FormProblem,
  noProblem,
  problemCode,
  readProblem,
} from "./profile-problems.ts";
import {
  renderEmailSection,
  renderPasswordSection,
  renderProfileSection,
} from "./profile-sections.ts";
import { profileSettingsStyles } from "./profile-settings.styles.ts";
import { type ProfileMessageKey, profileMessages } from "./profile-settings-messages.ts";
import type { FormId, ProfileView, TotpSetup, TotpStage } from "./profile-view.ts";
import { recoveryCodesText, recoveryCodesUrl } from "./recovery-codes.ts";
import { renderSessionsSection } from "./session-list.ts";
import { renderTwoFactorSection } from "./two-factor-section.ts";

/** Detail of `profile-updated`: the user as the API answered after the change. */
export interface ProfileUpdatedDetail {
  readonly me: Me;
}
/** Detail of `password-changed`: how many other sessions the list showed, now signed out. */
export interface PasswordChangedDetail {
  readonly sessionsSignedOut: number;
}
/** Detail of `session-revoked`: the session that was ended. */
export interface SessionRevokedDetail {
  readonly session: Session;
}
/** Detail of `two-factor-changed`: whether two-factor sign-in is on now. */
export interface TwoFactorChangedDetail {
  readonly enabled: boolean;
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "profile-updated": CustomEvent<ProfileUpdatedDetail>;
    "password-changed": CustomEvent<PasswordChangedDetail>;
    "session-revoked": CustomEvent<SessionRevokedDetail>;
    "two-factor-changed": CustomEvent<TwoFactorChangedDetail>;
  }
}

interface ProfileData {
  readonly me: Me;
  readonly sessions: readonly Session[];
}

/** How each form names the API's fields. */
const fieldMaps: Record<FormId, FieldMap> = {
  name: { "body.name": { name: "name", required: "field.required.name" } },
  email: {
    "body.newEmail": { name: "newEmail", required: "field.required.email" },
    "body.password": { name: "emailPassword", required: "field.required.password" },
  },
  password: {
    "body.currentPassword": { name: "currentPassword", required: "field.required.password" },
    "body.newPassword": {
      name: "newPassword",
      required: "field.required.newPassword",
      password: true,
    },
  },
  enable: { "body.code": { name: "code", required: "field.required.code" } },
  disable: {
    "body.password": { name: "disablePassword", required: "field.required.password" },
    "body.code": { name: "disableCode", required: "field.required.code" },
  },
};

/**
 * The signed-in customer's own settings: their name, a change of email address
 * (confirmed by a mailed link), their password, the devices they are signed in
 * on with Sign out for the others, and two-factor sign-in — set up with a QR
 * code or the key typed in, confirmed with a first code, recovery codes shown
 * once to copy or download, and turned off with the password and a code.
 * Sections stack when the element is narrower than 720 px.
 *
 * Put it on the page the confirmation link opens with the link's token in
 * `confirm-token`, and it confirms the new address at once.
 *
 * @example
 * <portal-provider api-base="https://licensing.example.com">
 *   <profile-settings></profile-settings>
 * </portal-provider>
 *
 * @tagname profile-settings
 * @summary Profile & Security: name, email, password, sessions and two-factor sign-in.
 *
 * @event profile-updated - The name or email address changed. `detail.me` is the user as the API answered.
 * @event password-changed - The password changed and the other sessions were signed out. `detail.sessionsSignedOut` counts those the list showed.
 * @event session-revoked - Another session was signed out. `detail.session` is that session.
 * @event two-factor-changed - Two-factor sign-in was turned on or off. `detail.enabled` says which.
 * @event keyport-error - Loading or an action failed. `detail.error` holds the error.
 * @event keyport-signed-out - The API answered 401. `detail.error` holds the error.
 *
 * @csspart title - The heading.
 * @csspart intro - The sentence under the heading, of what the element is for.
 * @csspart section - Each settings block; also `section-profile`, `section-email`, `section-password`, `section-sessions` or `section-two-factor`.
 * @csspart section-title - A block's heading.
 * @csspart input - Every text and password field.
 * @csspart field-error - The reason under a field the API refused.
 * @csspart form-error - A form's failure that names no field.
 * @csspart notice - A form's confirmation ("Your name is saved.").
 * @csspart save-button - The submit buttons of the name, email and password forms.
 * @csspart email-sent - "Check your inbox" after asking for a change of address.
 * @csspart confirm-result - Whether the confirmation link worked.
 * @csspart sessions - The table of sessions (stacked cards under 720 px).
 * @csspart session - One session's row; also `session-current`.
 * @csspart current-badge - "This device".
 * @csspart revoke-button - Signs another session out.
 * @csspart two-factor-status - Whether two-factor sign-in is on.
 * @csspart setup-button - Starts the setup.
 * @csspart qr-code - The QR code for the authenticator app (always dark on light).
 * @csspart secret - The key, for typing it in by hand.
 * @csspart copy-button - Copies the key or the recovery codes.
 * @csspart enable-button - Turns two-factor sign-in on with the first code.
 * @csspart cancel-button - Leaves the setup or the turning off.
 * @csspart recovery-codes - The recovery codes, shown once.
 * @csspart download-button - Downloads the recovery codes as a text file.
 * @csspart done-button - Puts the recovery codes away.
 * @csspart disable-button - Opens the form to turn two-factor sign-in off.
 * @csspart confirm-disable-button - Turns two-factor sign-in off.
 * @csspart state - The loading, error and signed-out blocks (see KeyportElement).
 * @csspart retry-button - The error state's "Try again" button.
 *
 * @cssproperty --keyport-color-primary - Primary buttons, links and the focus ring.
 * @cssproperty --keyport-color-on-primary - Text on primary buttons.
 * @cssproperty --keyport-color-surface - Section cards; the element's background when `theme` is set.
 * @cssproperty --keyport-color-text - Body text.
 * @cssproperty --keyport-color-muted - Explanations and secondary text.
 * @cssproperty --keyport-color-border - Hairlines between sections and rows.
 * @cssproperty --keyport-color-success - Confirmations, "This device", two-factor on.
 * @cssproperty --keyport-color-danger - Field errors and the button that turns two-factor sign-in off.
 * @cssproperty --keyport-radius - Corner radius of cards, inputs and buttons.
 * @cssproperty --keyport-space - The spacing unit.
 * @cssproperty --keyport-font-family - Text font.
 * @cssproperty --keyport-font-family-mono - The key, recovery codes and addresses.
 */
export class ProfileSettings extends KeyportElement<ProfileData> {
  static override styles = profileSettingsStyles;

  /** The token of a confirmation link (`/confirm-email?token=…`); set, the new address is confirmed at once. */
  @property({ attribute: "confirm-token" }) confirmToken?: string;

  @state() private sessions: readonly Session[] = [];
  @state() private localProblems: Partial<Record<FormId, FormProblem>> = {};
  @state() private notices: Partial<Record<FormId, string>> = {};
  @state() private emailSentTo: string | undefined;
  @state() private totpStage: TotpStage = "idle";
  @state() private copied: ProfileView["copied"];
  @state() private announcement = "";

  /** A change this element made, shown until the provider's user catches up (or for good standalone). */
  #changedMe: { readonly me: Me; readonly over: Me | undefined } | undefined;
  #codesUrl: string | undefined;
  #copyTimer: ReturnType<typeof setTimeout> | undefined;
  #confirmedToken: string | undefined;
  readonly #revoking = new Set<string>();

  readonly #tasks = {
    name: createActionTask(this, ([name]: [string], { signal }) =>
      this.client.me.update({ name }, { signal }),
    ),
    email: createActionTask(this, ([newEmail, password]: [string, string], { signal }) =>
      this.client.me.changeEmail({ newEmail, password }, { signal }),
    ),
    password: createActionTask(
      this,
      ([currentPassword, newPassword]: [string, string], { signal }) =>
        this.client.me.changePassword({ currentPassword, newPassword }, { signal }),
    ),
    enable: createActionTask(this, ([code]: [string], { signal }) =>
      this.client.me.totp.enable({ code }, { signal }),
    ),
    disable: createActionTask(this, ([password, code]: [string, string], { signal }) =>
      this.client.me.totp.disable({ password, code }, { signal }),
    ),
  } satisfies Record<FormId, Task<never, unknown>>;

  readonly #setup = createActionTask(this, (_: [], { signal }) =>
    this.client.me.totp.setup({ signal }),
  );
  readonly #confirm = createActionTask(this, ([token]: [string], { signal }) =>
    this.client.me.confirmEmail({ token }, { signal }),
  );
  readonly #revoke = createActionTask(this, ([session]: [Session], { signal }) =>
    this.client.me.sessions.revoke(session.id, { signal }),
  );

  protected override loadArgs() {
    // While the provider asks /v1/me, wait for its answer instead of asking again.
    return [...super.loadArgs(), this.portal.session === "loading"];
  }

  protected override async load(signal: AbortSignal): Promise<ProfileData> {
    if (this.portal.session === "loading") await untilAborted(signal);
    const [me, page] = await Promise.all([
      this.portal.me ?? this.client.me.get({ signal }),
      this.client.me.sessions.list({ limit: 100 }, { signal }),
    ]);
    this.sessions = page.data;
    return { me, sessions: page.data };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const token = this.confirmToken;
    if (token && token !== this.#confirmedToken && this.status === "complete") {
      this.#confirmedToken = token;
      void this.#confirmEmail(token);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#copyTimer);
  }

  protected override render() {
    return html`
      <h2 part="title" class="title">${this.#say("title")}</h2>
      <p part="intro" class="intro">${this.#say("intro")}</p>
      ${super.render()}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    `;
  }

  protected override renderData(data: ProfileData) {
    const view = this.#view(data);
    return html`<div class="sections">
      ${renderProfileSection(view)} ${renderEmailSection(view)} ${renderPasswordSection(view)}
      ${renderSessionsSection(view)} ${renderTwoFactorSection(view)}
    </div>`;
  }

  #meOf(data: ProfileData): Me {
    const provided = this.portal.me;
    const changed = this.#changedMe;
    if (changed !== undefined && changed.over === provided) return changed.me;
    return provided ?? changed?.me ?? data.me;
  }

  #view(data: ProfileData): ProfileView {
    const { locale, timezone } = this.portal;
    const setup = this.#setup;
    const setupError = setup.status === TaskStatus.ERROR ? setup.error : undefined;
    return {
      me: this.#meOf(data),
      settings: { locale, timezone },
      now: Date.now(),
      say: (key, params) => this.#say(key, params),
      problem: (form) => this.#problemOf(form),
      pending: (form) => this.#tasks[form].status === TaskStatus.PENDING,
      notice: (form) => this.notices[form],
      submit: (form, event) => void this.#submit(form, formValues(event)),
      emailSentTo: this.emailSentTo,
      anotherEmail: () => {
        this.emailSentTo = undefined;
      },
      confirm: this.#confirmState(),
      sessions: this.sessions,
      revoke: (session) => void this.#revokeSession(session),
      revoking: (id) => this.#revoking.has(id),
      totpStage: this.totpStage,
      totpSetup: setup.status === TaskStatus.COMPLETE ? (setup.value as TotpSetup) : undefined,
      settingUp: setup.status === TaskStatus.PENDING,
      setupProblem:
        setupError === undefined
          ? undefined
          : problemCode(setupError).code === "INVALID_STATE"
            ? this.#say("totp.already-on")
            : readProblem(locale, setupError, {}).form,
      recoveryCodes: this.#tasks.enable.value?.recoveryCodes ?? [],
      codesUrl: this.#codesUrl,
      copied: this.copied,
      startSetup: () => void this.#startSetup(),
      cancelSetup: () => this.#toStage("idle"),
      copy: (kind) => void this.#copy(kind),
      codesSaved: () => this.#toStage("idle"),
      openDisable: () => this.#toStage("disable"),
    };
  }

  #problemOf(form: FormId): FormProblem {
    const local = this.localProblems[form];
    if (local !== undefined) return local;
    const task = this.#tasks[form];
    if (task.status !== TaskStatus.ERROR) return noProblem;
    if (form === "enable" && problemCode(task.error).code === "INVALID_STATE") {
      return { fields: {}, form: this.#say("totp.not-pending") };
    }
    return readProblem(this.portal.locale, task.error, fieldMaps[form]);
  }

  #confirmState(): ProfileView["confirm"] {
    const task = this.#confirm;
    if (task.status === TaskStatus.PENDING) return { state: "pending" };
    if (task.status === TaskStatus.ERROR) return { state: "failed" };
    if (task.status === TaskStatus.COMPLETE && task.value)
      return { state: "done", email: task.value.email };
    return { state: "none" };
  }

  async #submit(form: FormId, values: Record<string, string>): Promise<void> {
    const local = checkForm(form, values, (key) => this.#say(key));
    this.localProblems = { ...this.localProblems, [form]: local };
    this.notices = { ...this.notices, [form]: undefined };
    if (local !== undefined) return this.#focusProblem(form);
    const data = this.loadTask.value;
    if (data === undefined) return;
    switch (form) {
      case "name": {
        const me = await this.#tasks.name
          .run([values.name ?? ""])
          .then(() => this.#tasks.name.value);
        if (this.#tasks.name.status === TaskStatus.COMPLETE && me) {
          this.#shareMe(me);
          this.#notice("name", this.#say("profile.saved"));
        }
        break;
      }
      case "email":
        await this.#tasks.email.run([values.newEmail ?? "", values.emailPassword ?? ""]);
        if (this.#tasks.email.status === TaskStatus.COMPLETE && this.#tasks.email.value) {
          this.emailSentTo = this.#tasks.email.value.newEmail;
        }
        break;
      case "password":
        await this.#tasks.password.run([values.currentPassword ?? "", values.newPassword ?? ""]);
        if (this.#tasks.password.status === TaskStatus.COMPLETE) {
          const ended = this.sessions.filter((session) => !session.current).length;
          this.sessions = this.sessions.filter((session) => session.current);
          this.#clearForm("password");
          this.#notice("password", this.#say("password.changed"));
          this.emit("password-changed", { sessionsSignedOut: ended });
        }
        break;
      case "enable":
        await this.#tasks.enable.run([(values.code ?? "").replace(/\s/g, "")]);
        if (this.#tasks.enable.status === TaskStatus.COMPLETE) {
          const me = this.#meOf(data);
          this.#codesUrl = recoveryCodesUrl(
            recoveryCodesText(this.#tasks.enable.value?.recoveryCodes ?? [], {
              title: this.#say("totp.codes.file.title", { email: me.email }),
              hint: this.#say("totp.codes.file.hint"),
            }),
          );
          this.totpStage = "codes";
          this.#shareMe({ ...me, twoFactorEnabled: true }, false);
          this.#notice("enable", this.#say("totp.enabled"));
          this.emit("two-factor-changed", { enabled: true });
          await this.updateComplete;
          this.renderRoot.querySelector<HTMLElement>("#codes-title")?.focus();
        }
        break;
      case "disable":
        await this.#tasks.disable.run([values.disablePassword ?? "", values.disableCode ?? ""]);
        if (this.#tasks.disable.status === TaskStatus.COMPLETE) {
          this.totpStage = "idle";
          this.#shareMe({ ...this.#meOf(data), twoFactorEnabled: false }, false);
          this.#notice("disable", this.#say("totp.disabled"));
          this.emit("two-factor-changed", { enabled: false });
        }
        break;
    }
    if (this.#tasks[form].status === TaskStatus.ERROR) await this.#focusProblem(form);
  }

  /** Shows a changed user here and tells the provider, so every element on the page follows. */
  #shareMe(me: Me, announce = true): void {
    this.#changedMe = { me, over: this.portal.me };
    // Only the provider whose API this element talks to may learn of the change.
    if (this.portal.client !== undefined) findPortalProvider(this)?.updateMe(me);
    this.requestUpdate();
    if (announce) this.emit("profile-updated", { me });
  }

  async #confirmEmail(token: string): Promise<void> {
    const data = this.loadTask.value;
    await this.#confirm.run([token]);
    const me = this.#confirm.value;
    if (this.#confirm.status === TaskStatus.COMPLETE && me && data) this.#shareMe(me);
  }

  async #revokeSession(session: Session): Promise<void> {
    if (this.#revoking.has(session.id)) return;
    this.#revoking.add(session.id);
    this.announcement = "";
    await this.#revoke.run([session]);
    this.#revoking.delete(session.id);
    const gone = () => {
      this.sessions = this.sessions.filter((other) => other.id !== session.id);
    };
    if (this.#revoke.status === TaskStatus.COMPLETE) {
      gone();
      this.announcement = this.#say("sessions.revoked", { device: session.device });
      this.emit("session-revoked", { session });
    } else if (problemCode(this.#revoke.error).status === 404) {
      gone();
      this.announcement = this.#say("sessions.gone");
    } else {
      this.announcement = this.#say("sessions.revoke.failed", { device: session.device });
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#sessions-title")?.focus();
  }

  async #startSetup(): Promise<void> {
    this.localProblems = { ...this.localProblems, enable: undefined };
    this.notices = {};
    await this.#setup.run([]);
    if (this.#setup.status === TaskStatus.COMPLETE) {
      this.totpStage = "setup";
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>("#code")?.focus();
    } else if (problemCode(this.#setup.error).code === "INVALID_STATE") {
      // Turned on elsewhere meanwhile: show what is true now.
      const data = this.loadTask.value;
      const me = await this.client.me.get().catch(() => undefined);
      if (me && data) this.#shareMe(me, false);
    }
  }

  #toStage(stage: TotpStage): void {
    if (this.#codesUrl !== undefined && stage !== "codes") {
      URL.revokeObjectURL(this.#codesUrl);
      this.#codesUrl = undefined;
    }
    this.localProblems = { ...this.localProblems, enable: undefined, disable: undefined };
    this.notices = { ...this.notices, enable: undefined, disable: undefined };
    this.totpStage = stage;
  }

  async #copy(kind: "secret" | "codes"): Promise<void> {
    const text =
      kind === "secret"
        ? ((this.#setup.value as TotpSetup | undefined)?.secret ?? "")
        : (this.#tasks.enable.value?.recoveryCodes ?? []).join("\n");
    clearTimeout(this.#copyTimer);
    this.copied = undefined;
    this.announcement = "";
    await this.updateComplete;
    try {
      await navigator.clipboard.writeText(text);
      this.copied = kind;
      this.announcement = this.#say(kind === "secret" ? "totp.secret.copied" : "totp.codes.copied");
      this.#copyTimer = setTimeout(() => {
        this.copied = undefined;
      }, 2000);
    } catch {
      this.copied = "failed";
    }
  }

  #notice(form: FormId, message: string): void {
    this.notices = { ...this.notices, [form]: message };
  }

  #clearForm(form: FormId): void {
    for (const name of Object.values(fieldMaps[form]).map((field) => field.name)) {
      const input = this.renderRoot.querySelector<HTMLInputElement>(`#${name}`);
      if (input) input.value = "";
    }
    const confirm = this.renderRoot.querySelector<HTMLInputElement>("#confirmPassword");
    if (form === "password" && confirm) confirm.value = "";
  }

  async #focusProblem(form: FormId): Promise<void> {
    await this.updateComplete;
    const names = [...Object.values(fieldMaps[form]).map((field) => field.name), "confirmPassword"];
    for (const name of names) {
      const input = this.renderRoot.querySelector<HTMLInputElement>(
        `#${name}[aria-invalid="true"]`,
      );
      if (input) return input.focus();
    }
  }

  #say(key: ProfileMessageKey, params?: MessageParams): string {
    return this.t(profileMessages, key, params);
  }
}

/** Never resolves; rejects when the load is superseded, here by the provider's answer. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
