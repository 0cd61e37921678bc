import { html, nothing } from "lit";
import { renderField, renderFormError, renderNotice, renderSection } from "./form-fields.ts";
import type { ProfileView, TotpSetup } from "./profile-view.ts";
import { renderQrCode } from "./qr-code.ts";
import { groupSecret } from "./recovery-codes.ts";

/** Off, setting up (QR, key, first code), recovery codes once, on, and turning off. */
export function renderTwoFactorSection(view: ProfileView) {
  const { say } = view;
  return renderSection(
    "two-factor",
    { title: say("totp.title"), intro: say("totp.intro") },
    html`${renderStage(view)}${renderNotice(view.notice(view.me.twoFactorEnabled ? "enable" : "disable"))}`,
  );
}

function renderStage(view: ProfileView) {
  const { say } = view;
  switch (view.totpStage) {
    case "codes":
      return renderRecoveryCodes(view);
    case "setup":
      if (view.totpSetup !== undefined) return renderSetup(view, view.totpSetup);
      break;
    case "disable":
      if (view.me.twoFactorEnabled) return renderDisable(view);
      break;
    case "idle":
      break;
  }
  const on = view.me.twoFactorEnabled;
  const problem = view.problem("setup");
  const status = html`<p part="two-factor-status" class="status-line">
      <span class="dot ${on ? "dot--on" : ""}" aria-hidden="true"></span>${say(on ? "totp.on" : "totp.off")}
    </p>`;
  if (on) {
    return html`${status}${renderFormError(problem.form)}
      <div class="actions">
        <button part="disable-button" class="button" type="button" @click=${() => view.openDisable()}>
          ${say("totp.disable")}</button>
      </div>`;
  }
  // Setting up is a security change: it asks for the password first (the API does too).
  const pending = view.pending("setup");
  return html`${status}
    <form class="form" novalidate @submit=${(event: SubmitEvent) => view.submit("setup", event)}>
      <input hidden type="email" name="username" autocomplete="username" .value=${view.me.email} readonly />
      ${renderField({ id: "setupPassword", label: say("totp.setup.password"), type: "password", autocomplete: "current-password", error: problem.fields.setupPassword })}
      ${renderFormError(problem.form)}
      <div class="actions">
        <button part="setup-button" class="button button--primary" type="submit" ?disabled=${pending}>
          ${say(pending ? "totp.preparing" : "totp.setup")}</button>
      </div>
    </form>`;
}

function renderSetup(view: ProfileView, setup: TotpSetup) {
  const { say } = view;
  const problem = view.problem("enable");
  const pending = view.pending("enable");
  return html`<div class="setup">
    <p class="step">${say("totp.step.scan")}</p>
    <div class="setup-grid">
      ${renderQrCode(setup.qr, say("totp.qr.label"))}
      <div class="secret-box">
        <p class="muted">${say("totp.secret.label")}</p>
        <code part="secret" class="secret">${groupSecret(setup.secret)}</code>
        <div class="actions">
          <button part="copy-button" class="button button--small" type="button" @click=${() => view.copy("secret")}>
            ${view.copied === "secret" ? html`<span aria-hidden="true">✓</span> ${say("totp.secret.copied")}` : say("totp.secret.copy")}
          </button>
        </div>
        ${view.copied === "failed" ? html`<p class="form-error" role="alert">${say("copy.failed")}</p>` : nothing}
      </div>
    </div>
    <form class="form" novalidate @submit=${(event: SubmitEvent) => view.submit("enable", event)}>
      <p class="step">${say("totp.step.code")}</p>
      ${renderField({ id: "code", label: say("totp.code"), autocomplete: "one-time-code", inputmode: "numeric", maxlength: 7, mono: true, error: problem.fields.code })}
      ${renderFormError(problem.form)}
      <div class="actions">
        <button part="enable-button" class="button button--primary" type="submit" ?disabled=${pending}>
          ${say(pending ? "totp.enabling" : "totp.enable")}
        </button>
        <button part="cancel-button" class="button" type="button" @click=${() => view.cancelSetup()}>
          ${say("totp.cancel")}
        </button>
      </div>
    </form>
  </div>`;
}

function renderRecoveryCodes(view: ProfileView) {
  const { say } = view;
  return html`<div part="recovery-codes" class="codes-box">
    <h4 class="codes-title" id="codes-title" tabindex="-1">${say("totp.codes.title")}</h4>
    <p class="muted">${say("totp.codes.intro")}</p>
    <ul class="codes" aria-label=${say("totp.codes.label")}>
      ${view.recoveryCodes.map((code) => html`<li><code>${code}</code></li>`)}
    </ul>
    ${view.copied === "failed" ? html`<p class="form-error" role="alert">${say("copy.failed")}</p>` : nothing}
    <div class="actions">
      <button part="copy-button" class="button" type="button" @click=${() => view.copy("codes")}>
        ${view.copied === "codes" ? html`<span aria-hidden="true">✓</span> ${say("totp.codes.copied")}` : say("totp.codes.copy")}
      </button>
      <a part="download-button" class="button" href=${view.codesUrl ?? nothing}
        download="keyport-recovery-codes.txt">${say("totp.codes.download")}</a>
      <button part="done-button" class="button button--primary" type="button" @click=${() => view.codesSaved()}>
        ${say("totp.codes.done")}
      </button>
    </div>
  </div>`;
}

function renderDisable(view: ProfileView) {
  const { say } = view;
  const problem = view.problem("disable");
  const pending = view.pending("disable");
  return html`<form class="form" novalidate @submit=${(event: SubmitEvent) => view.submit("disable", event)}>
    <p>${say("totp.disable.intro")}</p>
    <input hidden type="email" name="username" autocomplete="username" .value=${view.me.email} readonly />
    ${renderField({ id: "disablePassword", label: say("totp.disable.password"), type: "password", autocomplete: "current-password", error: problem.fields.disablePassword })}
    ${renderField({ id: "disableCode", label: say("totp.disable.code"), autocomplete: "one-time-code", mono: true, maxlength: 32, error: problem.fields.disableCode })}
    ${renderFormError(problem.form)}
    <div class="actions">
      <button part="confirm-disable-button" class="button button--danger" type="submit" ?disabled=${pending}>
        ${say(pending ? "totp.disabling" : "totp.disable.submit")}
      </button>
      <button part="cancel-button" class="button" type="button" @click=${() => view.cancelSetup()}>
        ${say("totp.cancel")}
      </button>
    </div>
  </form>`;
}
