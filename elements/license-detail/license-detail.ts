import type {
  LicenseDiagnosis,
  MyLicenseDetail,
  MyLicenseValidation,
  PortalClient,
} from "@keyport/sdk";
import { TaskStatus } from "@lit/task";
import { css, html, type PropertyDeclarations, type PropertyValues } from "lit";
import { createActionTask, reportFailure } from "../internal/action-task.ts";
import {
  activationLabel,
  DeactivationDialog,
  deactivationDialogStyles,
} from "../internal/deactivation-dialog.ts";
import { isNotFoundError } from "../internal/errors.ts";
import type { MessageParams } from "../internal/i18n.ts";
import { KeyportElement } from "../internal/keyport-element.ts";
import { LicenseKeyController, licenseKeyStyles } from "../internal/license-key.ts";
import { licenseNotFound } from "../internal/license-messages.ts";
import { seatMeterStyles } from "../internal/seat-meter.ts";
import { renderLicenseStatusBadge, statusBadgeStyles } from "../internal/status-badge.ts";
import {
  type ActivationRef,
  announceDiagnosis,
  type DiagnoseBody,
  type DiagnoseField,
  type DiagnosticsContext,
  fieldsFor,
  renderDiagnostics,
} from "./diagnostics-panel.ts";
import { licenseDetailStyles } from "./license-detail.styles.ts";
import { type DetailMessageKey, detailMessages } from "./license-detail-messages.ts";
import {
  renderFacts,
  renderHistory,
  renderRules,
  renderUsage,
  renderUsers,
  type SectionContext,
} from "./license-sections.ts";

/** What `<license-detail>` loads: the license and its recent validations. */
export interface LicenseDetailData {
  readonly license: MyLicenseDetail;
  readonly validations: readonly MyLicenseValidation[];
}

/** Detail of `diagnosis-complete`: the diagnosis as the API answered it. */
export interface DiagnosisCompleteDetail {
  readonly diagnosis: LicenseDiagnosis;
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "diagnosis-complete": CustomEvent<DiagnosisCompleteDetail>;
  }
}

/** How many of the software's recent checks the history shows. */
const HISTORY_LIMIT = 10;

/** Thrown instead of asking the API when no `license-id` is set: shown as "not found". */
const noLicenseId = Object.freeze({ status: 404, code: "NOT_FOUND" });

/** A version is checked lightly here (three numbers); the API's 422 tells the rest. */
const looksLikeVersion = /^\d+\.\d+\.\d+/;

/**
 * Everything about one license — status, key, dates, seats, rules, features,
 * people and the software's recent checks — and the diagnostics that answer
 * "why does my software say Invalid License?": every check the API runs, each
 * explained with its fix, and the deactivation a full license asks for one
 * click away.
 *
 * @example
 * <portal-provider api-base="https://licensing.example.com">
 *   <license-detail license-id="lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA"></license-detail>
 * </portal-provider>
 *
 * @tagname license-detail
 * @summary One license in full, with a diagnostics checklist that explains and fixes "Invalid License".
 *
 * @event diagnosis-complete - A check finished. `detail.diagnosis` holds the API's `LicenseDiagnosis`.
 * @event activation-deactivated - The customer deactivated a machine or domain from a fix. `detail.activation` holds it, `detail.deactivationsLeft` what is left (`null`: no limit).
 * @event keyport-error - Loading, a check or a deactivation failed. `detail.error` holds the error.
 * @event keyport-signed-out - The API answered 401. `detail.error` holds the error.
 *
 * @csspart header - The license's name, product and status badge.
 * @csspart badge - The status badge (also `badge-<status>`).
 * @csspart key - The license key; `reveal-button` and `copy-button` are its buttons.
 * @csspart section - Each section (also `section-facts`, `section-usage`, `section-rules`, `section-users`, `section-diagnostics`, `section-history`).
 * @csspart meter - A seat meter (also `meter-machines`, `meter-domains`, `meter-full`); `meter-bar` and `meter-fill` draw it.
 * @csspart diagnose-button - The "Check this license" button.
 * @csspart diagnosis-result - The result of the last check.
 * @csspart diagnosis-error - The message when a check did not finish.
 * @csspart finding - A row of the checklist (also `finding-ok`, `finding-warning` or `finding-error`).
 * @csspart fix-button - A "Deactivate OLD-PC" button of a finding.
 * @csspart recent-failures - The software's recent failed checks under the checklist.
 * @csspart check - A row of the validation history (also `check-passed` or `check-failed`).
 * @csspart dialog - The deactivation confirmation; `dialog-title`, `dialog-error`, `cancel-button` and `confirm-button` are its pieces.
 * @csspart state - The loading, not-found, error and signed-out blocks (also `state-loading`, `state-not-found`, `state-error`, `state-signed-out`).
 * @csspart retry-button - The error state's "Try again" button.
 *
 * @cssproperty --keyport-color-primary - Buttons, links, the focus ring and seat meters.
 * @cssproperty --keyport-color-surface - Cards; the element's background when `theme` is set.
 * @cssproperty --keyport-color-text - Body text.
 * @cssproperty --keyport-color-muted - Secondary text.
 * @cssproperty --keyport-color-border - Card borders and hairlines.
 * @cssproperty --keyport-color-success - Passed checks and the active badge.
 * @cssproperty --keyport-color-warning - Warnings and full seat meters.
 * @cssproperty --keyport-color-danger - Failed checks and the expired, suspended and revoked badges.
 * @cssproperty --keyport-radius - Corner radius of cards, inputs and buttons.
 * @cssproperty --keyport-font-family-mono - The license key.
 */
export class LicenseDetail extends KeyportElement<LicenseDetailData> {
  // One sheet, since the base class's `styles` is typed as a single CSSResult.
  static override styles = css`
    ${KeyportElement.styles}
    ${statusBadgeStyles}
    ${licenseKeyStyles}
    ${seatMeterStyles}
    ${deactivationDialogStyles}
    ${licenseDetailStyles}
  `;

  static override properties: PropertyDeclarations = {
    licenseId: { attribute: "license-id" },
    inputErrors: { state: true, attribute: false },
    expanded: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
    refreshed: { state: true, attribute: false },
    deactivationFailed: { state: true, attribute: false },
  };

  /** The id of the license to show (`lic_…`). */
  licenseId = "";

  /** The element's own check of the inputs, by field. */
  private inputErrors: Partial<Record<DiagnoseField, DetailMessageKey>> = {};
  /** Findings (by code) whose other activations the customer asked to see. */
  private expanded: ReadonlySet<string> = new Set();
  private announcement = "";
  /** The license as loaded again after a deactivation, so seats and limits are current. */
  private refreshed: MyLicenseDetail | undefined;
  private deactivationFailed = false;

  readonly keys = new LicenseKeyController(this);
  readonly deactivation = new DeactivationDialog(this);

  /** The diagnosis: run from "Check this license", again after a fix and on a change of language. */
  readonly diagnosis = createActionTask(
    this,
    ([id, body]: [string, DiagnoseBody], { signal }): Promise<LicenseDiagnosis> =>
      this.client.licenses.diagnose(id, body, { signal }),
  );

  #lastQuestion: { readonly licenseId: string; readonly body: DiagnoseBody } | undefined;
  #diagnosedLocale: string | undefined;

  protected override loadArgs(): readonly unknown[] {
    // The language too: the rules come from the API in it.
    return [...super.loadArgs(), this.licenseId, this.portal.locale];
  }

  protected override async load(signal: AbortSignal): Promise<LicenseDetailData> {
    if (this.licenseId === "") throw noLicenseId;
    const client: PortalClient = this.client;
    const [license, validations] = await Promise.all([
      client.licenses.get(this.licenseId, { signal }),
      client.licenses.listValidations(this.licenseId, { limit: HISTORY_LIMIT }, { signal }),
    ]);
    this.refreshed = undefined;
    return { license, validations: validations.data };
  }

  protected override renderError(error: unknown): unknown {
    return isNotFoundError(error)
      ? this.renderStateBlock("not-found", licenseNotFound(this.portal.locale))
      : super.renderError(error);
  }

  protected override renderData({ license: loaded, validations }: LicenseDetailData) {
    const license = this.refreshed?.id === loaded.id ? this.refreshed : loaded;
    const now = new Date();
    const sections: SectionContext = { format: this.portal, now, t: this.#t };
    return html`
      <article class="detail" aria-labelledby="license-title">
        <header part="header" class="header">
          <div class="title-block">
            <h2 id="license-title" class="title">${license.name}</h2>
            <p class="muted subtitle">${license.product.name} · ${license.policy.name}</p>
          </div>
          ${renderLicenseStatusBadge(license, { ...this.portal, now })}
        </header>
        <div class="key-row">${this.keys.render(license)}</div>
        ${renderDiagnostics(this.#diagnosticsContext(license, now))}
        <div class="cards">
          ${renderFacts(sections, license)} ${renderUsage(sections, license)}
          ${renderRules(sections, license)} ${renderUsers(sections, license)}
        </div>
        ${renderHistory(sections, validations)}
      </article>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.deactivation.render()}
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The findings are the API's sentences: a new language asks for them again.
    const locale = this.portal.locale;
    const question = this.#lastQuestion;
    if (
      this.#diagnosedLocale !== undefined &&
      this.#diagnosedLocale !== locale &&
      question?.licenseId === this.licenseId &&
      this.diagnosis.status === TaskStatus.COMPLETE
    ) {
      this.#diagnosedLocale = locale;
      queueMicrotask(() => void this.#runDiagnosis(question.body));
    }
  }

  #t = (key: DetailMessageKey, params?: MessageParams): string =>
    this.t(detailMessages, key, params);

  #diagnosticsContext(license: MyLicenseDetail, now: Date): DiagnosticsContext {
    const current = this.#lastQuestion?.licenseId === license.id;
    return {
      license,
      task: this.diagnosis,
      current,
      format: this.portal,
      now,
      fieldErrors: this.#fieldErrors(current),
      asked: current ? (this.#lastQuestion?.body ?? {}) : {},
      expanded: this.expanded,
      deactivationFailed: this.deactivationFailed,
      signedOutMessage: this.msg("state.signed-out"),
      t: this.#t,
      onSubmit: this.#onSubmit,
      onRetry: () => void this.#runDiagnosis(this.#lastQuestion?.body ?? {}),
      onDeactivate: (activation) => void this.#deactivate(activation, license),
      onToggleOthers: (code) => {
        const next = new Set(this.expanded);
        if (!next.delete(code)) next.add(code);
        this.expanded = next;
      },
    };
  }

  /** The element's own messages and the API's 422 field errors, by field. */
  #fieldErrors(current = true): Partial<Record<DiagnoseField, string>> {
    const errors: Partial<Record<DiagnoseField, string>> = {};
    for (const [field, key] of Object.entries(this.inputErrors)) {
      errors[field as DiagnoseField] = this.#t(key);
    }
    if (current && this.diagnosis.status === TaskStatus.ERROR) {
      const fieldErrors = (this.diagnosis.error as { fieldErrors?: unknown }).fieldErrors;
      if (Array.isArray(fieldErrors)) {
        for (const { field, message } of fieldErrors as { field: string; message: string }[]) {
          const name = field.replace(/^body\./, "");
          if (name === "fingerprint" || name === "domain" || name === "version") {
            errors[name] ??= message;
          }
        }
      }
    }
    return errors;
  }

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const license = this.#currentLicense();
    if (license === undefined) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body: { fingerprint?: string; domain?: string; version?: string } = {};
    for (const field of fieldsFor(license)) {
      const value = String(form.get(field) ?? "").trim();
      if (value !== "") body[field] = value;
    }
    const errors: Partial<Record<DiagnoseField, DetailMessageKey>> = {};
    if (body.version !== undefined && !looksLikeVersion.test(body.version)) {
      errors.version = "diagnose.invalid.version";
    }
    if (body.fingerprint !== undefined && body.domain !== undefined) {
      errors.domain = "diagnose.invalid.both";
    }
    this.inputErrors = errors;
    if (Object.keys(errors).length > 0) {
      void this.#focusFirstInvalid();
      return;
    }
    void this.#runDiagnosis(body);
  };

  /**
   * Runs the check and tells about it: `diagnosis-complete`, the live region,
   * and with `focusResult` the focus on the new result's heading.
   */
  async #runDiagnosis(
    body: DiagnoseBody,
    { focusResult = false, prefix = "" }: { focusResult?: boolean; prefix?: string } = {},
  ): Promise<void> {
    const licenseId = this.licenseId;
    this.#lastQuestion = { licenseId, body };
    this.#diagnosedLocale = this.portal.locale;
    // Emptied first, so the same sentence after the next run is announced again.
    this.announcement = "";
    await this.diagnosis.run([licenseId, body]);
    if (this.diagnosis.status === TaskStatus.ERROR) {
      this.announcement = prefix;
      if (Object.keys(this.#fieldErrors()).length > 0) await this.#focusFirstInvalid();
      return;
    }
    const diagnosis = this.diagnosis.value;
    // Superseded by a newer run, which tells about itself.
    if (this.diagnosis.status !== TaskStatus.COMPLETE || diagnosis === undefined) return;
    this.emit("diagnosis-complete", { diagnosis });
    this.announcement = [prefix, announceDiagnosis(this.#t, diagnosis)].join(" ").trim();
    if (focusResult) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("#result-heading")?.focus();
    }
  }

  async #focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('input[aria-invalid="true"]')?.focus();
  }

  /** Confirms and deactivates a named activation, then checks again so the list turns clean. */
  async #deactivate(ref: ActivationRef, license: MyLicenseDetail): Promise<void> {
    this.deactivationFailed = false;
    let activation: Awaited<ReturnType<PortalClient["activations"]["get"]>>;
    try {
      // The finding names the activation; the dialog wants the whole row.
      activation = await this.client.activations.get(ref.id);
    } catch (error) {
      this.deactivationFailed = true;
      reportFailure(this, error);
      return;
    }
    const deactivated = await this.deactivation.open({ activation, license });
    if (deactivated === undefined) return;
    const prefix = this.#t("announce.deactivated", { name: activationLabel(deactivated) });
    void this.#refreshLicense(license.id);
    await this.#runDiagnosis(this.#lastQuestion?.body ?? {}, { focusResult: true, prefix });
  }

  /** Loads the license again without leaving the page, so seats and deactivations are current. */
  async #refreshLicense(id: string): Promise<void> {
    try {
      this.refreshed = await this.client.licenses.get(id);
    } catch {
      // The numbers shown stay those of the first load; the new check tells the truth.
    }
  }

  #currentLicense(): MyLicenseDetail | undefined {
    const state = this.loadState;
    if (state.status !== "complete") return undefined;
    return this.refreshed?.id === state.data.license.id ? this.refreshed : state.data.license;
  }
}
