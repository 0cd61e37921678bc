import type { Me, PortalClient, Session } from "@keyport/sdk";
import { TaskStatus } from "@lit/task";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { PortalContextValue } from "../internal/context.ts";
import { emitKeyportEvent } from "../internal/events.ts";
import type { MessageParams } from "../internal/i18n.ts";
import { findPortalProvider } from "../internal/provider-link.ts";
import { checkForm } from "./form-checks.ts";
import { clearFormInputs, focusFirstProblem, formFieldMaps, formValues } from "./form-fields.ts";
import { type FormProblem, noProblem, problemCode, readProblem } from "./profile-problems.ts";
import { type ProfileMessageKey, profileMessages } from "./profile-settings-messages.ts";
import { createProfileTasks, type ProfileTasks } from "./profile-tasks.ts";
import type { FormId, ProfileData, ProfileView, TotpStage } from "./profile-view.ts";
import { recoveryCodesText, recoveryCodesUrl } from "./recovery-codes.ts";

/** What the actions read from the element: its API client, settings and shadow root. */
export interface ProfileActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly client: PortalClient;
  readonly portal: PortalContextValue;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface ProfileActionsOptions {
  /** What the element loaded; `undefined` before the first load completes. */
  readonly data: () => ProfileData | undefined;
}

interface ActionsState {
  readonly sessions: readonly Session[];
  readonly localProblems: Partial<Record<FormId, FormProblem>>;
  readonly notices: Partial<Record<FormId, string>>;
  readonly emailSentTo: string | undefined;
  readonly totpStage: TotpStage;
  readonly copied: ProfileView["copied"];
  readonly announcement: string;
}

/**
 * The actions of `<profile-settings>`: each form's request and what follows
 * it (a notice, the sessions signed out, the recovery codes), signing out
 * another session, the two-factor setup's stages, copying, and sharing a
 * changed user with the provider so every element on the page follows.
 */
export class ProfileActions implements ReactiveController {
  #state: ActionsState = {
    sessions: [],
    localProblems: {},
    notices: {},
    emailSentTo: undefined,
    totpStage: "idle",
    copied: undefined,
    announcement: "",
  };

  /** A change this element made, shown until the provider's user catches up (or for good standalone). */
  #changedMe: { readonly me: Me; readonly over: Me | undefined } | undefined;
  #codesUrl: string | undefined;
  #copyTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #revoking = new Set<string>();

  readonly #tasks: ProfileTasks["forms"];
  readonly #confirm: ProfileTasks["confirm"];
  readonly #revoke: ProfileTasks["revoke"];

  constructor(
    private readonly host: ProfileActionsHost,
    private readonly options: ProfileActionsOptions,
  ) {
    host.addController(this);
    const tasks = createProfileTasks(host);
    this.#tasks = tasks.forms;
    this.#confirm = tasks.confirm;
    this.#revoke = tasks.revoke;
  }

  /** Said to screen readers: a session signed out, a key copied. */
  get announcement(): string {
    return this.#state.announcement;
  }

  hostDisconnected(): void {
    clearTimeout(this.#copyTimer);
  }

  /** The sessions as loaded; the actions take out those they sign out. */
  showSessions(sessions: readonly Session[]): void {
    this.#patch({ sessions });
  }

  meOf(data: ProfileData): Me {
    const provided = this.host.portal.me;
    const changed = this.#changedMe;
    if (changed !== undefined && changed.over === provided) return changed.me;
    return provided ?? changed?.me ?? data.me;
  }

  /** What the section renderers show and call back. */
  view(data: ProfileData): ProfileView {
    const { locale, timezone } = this.host.portal;
    const state = this.#state;
    const setup = this.#tasks.setup;
    return {
      me: this.meOf(data),
      settings: { locale, timezone },
      now: Date.now(),
      say: (key, params) => this.#say(key, params),
      problem: (form) => this.#problemOf(form),
      pending: (form) => this.#tasks[form].status === TaskStatus.PENDING,
      notice: (form) => this.#state.notices[form],
      submit: (form, event) => void this.#submit(form, formValues(event)),
      emailSentTo: state.emailSentTo,
      anotherEmail: () => this.#patch({ emailSentTo: undefined }),
      confirm: this.#confirmState(),
      sessions: state.sessions,
      revoke: (session) => void this.#revokeSession(session),
      revoking: (id) => this.#revoking.has(id),
      totpStage: state.totpStage,
      totpSetup: setup.status === TaskStatus.COMPLETE ? setup.value : undefined,
      recoveryCodes: this.#tasks.enable.value?.recoveryCodes ?? [],
      codesUrl: this.#codesUrl,
      copied: state.copied,
      cancelSetup: () => this.#toStage("idle"),
      copy: (kind) => void this.#copy(kind),
      codesSaved: () => this.#toStage("idle"),
      openDisable: () => this.#toStage("disable"),
    };
  }

  async confirmEmail(token: string): Promise<void> {
    const data = this.options.data();
    await this.#confirm.run([token]);
    const me = this.#confirm.value;
    if (this.#confirm.status === TaskStatus.COMPLETE && me && data) this.#shareMe(me);
  }

  /** Replaces the shown state; like a `@state()` field, an update follows only a change. */
  #patch(patch: Partial<ActionsState>): void {
    const keys = Object.keys(patch) as (keyof ActionsState)[];
    const changed = keys.some((key) => patch[key] !== this.#state[key]);
    this.#state = { ...this.#state, ...patch };
    if (changed) this.host.requestUpdate();
  }

  #problemOf(form: FormId): FormProblem {
    const local = this.#state.localProblems[form];
    if (local !== undefined) return local;
    const task = this.#tasks[form];
    if (task.status !== TaskStatus.ERROR) return noProblem;
    if (form === "enable" && problemCode(task.error).code === "INVALID_STATE") {
      return { fields: {}, form: this.#say("totp.not-pending") };
    }
    if (form === "setup" && problemCode(task.error).code === "INVALID_STATE") {
      return { fields: {}, form: this.#say("totp.already-on") };
    }
    return readProblem(this.host.portal.locale, task.error, formFieldMaps[form]);
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
    this.#patch({
      localProblems: { ...this.#state.localProblems, [form]: local },
      notices: { ...this.#state.notices, [form]: undefined },
    });
    if (local !== undefined) return focusFirstProblem(this.host, form);
    const data = this.options.data();
    if (data === undefined) return;
    const tasks = this.#tasks;
    switch (form) {
      case "name": {
        const me = await tasks.name.run([values.name ?? ""]).then(() => tasks.name.value);
        if (tasks.name.status === TaskStatus.COMPLETE && me) {
          this.#shareMe(me);
          this.#notice("name", this.#say("profile.saved"));
        }
        break;
      }
      case "email":
        await tasks.email.run([values.newEmail ?? "", values.emailPassword ?? ""]);
        if (tasks.email.status === TaskStatus.COMPLETE && tasks.email.value) {
          this.#patch({ emailSentTo: tasks.email.value.newEmail });
        }
        break;
      case "password":
        await tasks.password.run([values.currentPassword ?? "", values.newPassword ?? ""]);
        if (tasks.password.status === TaskStatus.COMPLETE) {
          const { sessions } = this.#state;
          const ended = sessions.filter((session) => !session.current).length;
          this.#patch({ sessions: sessions.filter((session) => session.current) });
          clearFormInputs(this.host.renderRoot, "password");
          this.#notice("password", this.#say("password.changed"));
          emitKeyportEvent(this.host, "password-changed", { sessionsSignedOut: ended });
        }
        break;
      case "setup":
        await this.#startSetup(values.setupPassword ?? "");
        break;
      case "enable":
        await tasks.enable.run([(values.code ?? "").replace(/\s/g, "")]);
        if (tasks.enable.status === TaskStatus.COMPLETE) {
          const me = this.meOf(data);
          this.#codesUrl = recoveryCodesUrl(
            recoveryCodesText(tasks.enable.value?.recoveryCodes ?? [], {
              title: this.#say("totp.codes.file.title", { email: me.email }),
              hint: this.#say("totp.codes.file.hint"),
            }),
          );
          this.#patch({ totpStage: "codes" });
          this.#shareMe({ ...me, twoFactorEnabled: true }, false);
          this.#notice("enable", this.#say("totp.enabled"));
          emitKeyportEvent(this.host, "two-factor-changed", { enabled: true });
          await this.host.updateComplete;
          this.host.renderRoot.querySelector<HTMLElement>("#codes-title")?.focus();
        }
        break;
      case "disable":
        await tasks.disable.run([values.disablePassword ?? "", values.disableCode ?? ""]);
        if (tasks.disable.status === TaskStatus.COMPLETE) {
          this.#patch({ totpStage: "idle" });
          this.#shareMe({ ...this.meOf(data), twoFactorEnabled: false }, false);
          this.#notice("disable", this.#say("totp.disabled"));
          emitKeyportEvent(this.host, "two-factor-changed", { enabled: false });
        }
        break;
    }
    if (tasks[form].status === TaskStatus.ERROR) await focusFirstProblem(this.host, form);
  }

  /** Shows a changed user here and tells the provider, so every element on the page follows. */
  #shareMe(me: Me, announce = true): void {
    this.#changedMe = { me, over: this.host.portal.me };
    // Only the provider whose API this element talks to may learn of the change.
    if (this.host.portal.client !== undefined) findPortalProvider(this.host)?.updateMe(me);
    this.host.requestUpdate();
    if (announce) emitKeyportEvent(this.host, "profile-updated", { me });
  }

  async #revokeSession(session: Session): Promise<void> {
    if (this.#revoking.has(session.id)) return;
    this.#revoking.add(session.id);
    this.#patch({ announcement: "" });
    await this.#revoke.run([session]);
    this.#revoking.delete(session.id);
    const gone = () => {
      this.#patch({ sessions: this.#state.sessions.filter((other) => other.id !== session.id) });
    };
    if (this.#revoke.status === TaskStatus.COMPLETE) {
      gone();
      this.#patch({ announcement: this.#say("sessions.revoked", { device: session.device }) });
      emitKeyportEvent(this.host, "session-revoked", { session });
    } else if (problemCode(this.#revoke.error).status === 404) {
      gone();
      this.#patch({ announcement: this.#say("sessions.gone") });
    } else {
      this.#patch({
        announcement: this.#say("sessions.revoke.failed", { device: session.device }),
      });
    }
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>("#sessions-title")?.focus();
  }

  /** Asks for a new key with the password; on success shows the QR code and the code field. */
  async #startSetup(password: string): Promise<void> {
    const setup = this.#tasks.setup;
    this.#patch({
      localProblems: { ...this.#state.localProblems, enable: undefined },
      notices: {},
    });
    await setup.run([password]);
    if (setup.status === TaskStatus.COMPLETE) {
      this.#patch({ totpStage: "setup" });
      await this.host.updateComplete;
      this.host.renderRoot.querySelector<HTMLInputElement>("#code")?.focus();
    } else if (problemCode(setup.error).code === "INVALID_STATE") {
      // Turned on elsewhere meanwhile: show what is true now.
      const data = this.options.data();
      const me = await this.host.client.me.get().catch(() => undefined);
      if (me && data) this.#shareMe(me, false);
    }
  }

  #toStage(stage: TotpStage): void {
    if (this.#codesUrl !== undefined && stage !== "codes") {
      URL.revokeObjectURL(this.#codesUrl);
      this.#codesUrl = undefined;
    }
    const { localProblems, notices } = this.#state;
    this.#patch({
      localProblems: { ...localProblems, enable: undefined, disable: undefined },
      notices: { ...notices, enable: undefined, disable: undefined },
      totpStage: stage,
    });
  }

  async #copy(kind: "secret" | "codes"): Promise<void> {
    const text =
      kind === "secret"
        ? (this.#tasks.setup.value?.secret ?? "")
        : (this.#tasks.enable.value?.recoveryCodes ?? []).join("\n");
    clearTimeout(this.#copyTimer);
    this.#patch({ copied: undefined, announcement: "" });
    await this.host.updateComplete;
    try {
      await navigator.clipboard.writeText(text);
      this.#patch({
        copied: kind,
        announcement: this.#say(kind === "secret" ? "totp.secret.copied" : "totp.codes.copied"),
      });
      this.#copyTimer = setTimeout(() => this.#patch({ copied: undefined }), 2000);
    } catch {
      this.#patch({ copied: "failed" });
    }
  }

  #notice(form: FormId, message: string): void {
    this.#patch({ notices: { ...this.#state.notices, [form]: message } });
  }

  #say(key: ProfileMessageKey, params?: MessageParams): string {
    return profileMessages(this.host.portal.locale, key, params);
  }
}
