import { html, nothing } from "lit";
import { renderField, renderFormError, renderNotice, renderSection } from "./form-fields.ts";
import type { ProfileView } from "./profile-view.ts";

/** The name, saved with PATCH /v1/me. */
export function renderProfileSection(view: ProfileView) {
  const { say } = view;
  const problem = view.problem("name");
  const pending = view.pending("name");
  return renderSection(
    "profile",
    { title: say("profile.title"), intro: say("profile.intro") },
    html`<form class="form" novalidate @submit=${(event: SubmitEvent) => view.submit("name", event)}>
      ${renderField({ id: "name", label: say("profile.name"), autocomplete: "name", value: view.me.name, error: problem.fields.name, maxlength: 200 })}
      ${renderFormError(problem.form)}
      <div class="actions">
        <button part="save-button" class="button button--primary" type="submit" ?disabled=${pending}>
          ${say(pending ? "profile.saving" : "profile.save")}
        </button>
        ${renderNotice(view.notice("name"))}
      </div>
    </form>`,
  );
}

/** A change of address: new address and password, then "check your inbox"; and the link's landing. */
export function renderEmailSection(view: ProfileView) {
  const { say, me } = view;
  return renderSection(
    "email",
    { title: say("email.title"), intro: say("email.intro", { email: me.email }) },
    html`${renderConfirmLanding(view)}
      ${view.emailSentTo === undefined ? renderEmailForm(view) : renderEmailSent(view, view.emailSentTo)}`,
  );
}

function renderConfirmLanding(view: ProfileView) {
  const { state, email } = view.confirm;
  if (state === "none") return nothing;
  if (state === "failed") {
    return html`<p part="confirm-result" class="form-error" role="alert">${view.say("email.confirm.failed")}</p>`;
  }
  return html`<p part="confirm-result" class="notice notice--box" role="status">
    ${state === "pending" ? view.say("email.confirming") : view.say("email.confirmed", { email: email ?? "" })}
  </p>`;
}

function renderEmailForm(view: ProfileView) {
  const { say } = view;
  const problem = view.problem("email");
  const pending = view.pending("email");
  return html`<form class="form" novalidate @submit=${(event: SubmitEvent) => view.submit("email", event)}>
    ${renderField({ id: "newEmail", label: say("email.new"), type: "email", inputmode: "email", autocomplete: "email", error: problem.fields.newEmail })}
    ${renderField({ id: "emailPassword", label: say("email.password"), type: "password", autocomplete: "current-password", error: problem.fields.emailPassword })}
    ${renderFormError(problem.form)}
    <div class="actions">
      <button part="save-button" class="button button--primary" type="submit" ?disabled=${pending}>
        ${say(pending ? "email.sending" : "email.submit")}
      </button>
    </div>
  </form>`;
}

function renderEmailSent(view: ProfileView, newEmail: string) {
  const { say } = view;
  return html`<div part="email-sent" class="sent" role="status">
      <p class="sent-title">${say("email.sent", { email: newEmail })}</p>
      <p class="muted">${say("email.sent.hint", { email: view.me.email })}</p>
    </div>
    <div class="actions">
      <button class="button" type="button" @click=${() => view.anotherEmail()}>${say("email.again")}</button>
    </div>`;
}

/** Current, new and repeated password, with the API's reasons under the new one. */
export function renderPasswordSection(view: ProfileView) {
  const { say } = view;
  const problem = view.problem("password");
  const pending = view.pending("password");
  return renderSection(
    "password",
    { title: say("password.title"), intro: say("password.intro") },
    html`<form class="form" novalidate @submit=${(event: SubmitEvent) => view.submit("password", event)}>
      <input hidden type="email" name="username" autocomplete="username" .value=${view.me.email} readonly />
      ${renderField({ id: "currentPassword", label: say("password.current"), type: "password", autocomplete: "current-password", error: problem.fields.currentPassword })}
      ${renderField({ id: "newPassword", label: say("password.new"), type: "password", autocomplete: "new-password", hint: say("password.new.hint"), error: problem.fields.newPassword })}
      ${renderField({ id: "confirmPassword", label: say("password.confirm"), type: "password", autocomplete: "new-password", error: problem.fields.confirmPassword })}
      ${renderFormError(problem.form)}
      <div class="actions">
        <button part="save-button" class="button button--primary" type="submit" ?disabled=${pending}>
          ${say(pending ? "password.saving" : "password.submit")}
        </button>
        ${renderNotice(view.notice("password"))}
      </div>
    </form>`,
  );
}
