import type { LicenseDiagnosis, MyLicenseDetail, PortalClient } from "@keyport/sdk";
import { type Task, TaskStatus } from "@lit/task";
import { html, nothing, type TemplateResult } from "lit";
import {
  type FormatSettings,
  formatDate,
  formatDateTime,
  formatRelativeTime,
} from "../internal/format.ts";
import { intlLocaleTag, type MessageParams } from "../internal/i18n.ts";
import type { DetailMessageKey } from "./license-detail-messages.ts";

/*
 * The diagnostics checklist of <license-detail>: the question form, one row per
 * finding with its fix (a deactivation button where the fix is one), and the
 * recent failed checks. Render helpers only; the element owns the state.
 */

export type Finding = LicenseDiagnosis["findings"][number];
export type ActivationRef = NonNullable<Finding["refs"]["activations"]>[number];
export type DiagnoseBody = NonNullable<Parameters<PortalClient["licenses"]["diagnose"]>[1]>;

/** The inputs of the form, by the request field each one fills. */
export type DiagnoseField = "fingerprint" | "domain" | "version";

export interface DiagnosticsContext {
  readonly license: MyLicenseDetail;
  readonly task: Task<[string, DiagnoseBody], LicenseDiagnosis>;
  /** Whether the task's state belongs to the license shown (not to one before `license-id` changed). */
  readonly current: boolean;
  readonly format: FormatSettings;
  readonly now: Date;
  /** A message per field: the element's own check, or the API's 422 naming the field. */
  readonly fieldErrors: Partial<Record<DiagnoseField, string>>;
  /** What the last check asked, so inputs drawn anew (after a change of language) keep it. */
  readonly asked: DiagnoseBody;
  /** Findings (by code) whose other activations are shown as well. */
  readonly expanded: ReadonlySet<string>;
  /** Loading the activation to deactivate failed; shown beside the fix buttons. */
  readonly deactivationFailed: boolean;
  /** The signed-out message when the check answered 401. */
  readonly signedOutMessage: string;
  t(key: DetailMessageKey, params?: MessageParams): string;
  onSubmit(event: SubmitEvent): void;
  onRetry(): void;
  onDeactivate(activation: ActivationRef): void;
  onToggleOthers(code: string): void;
}

/** Which inputs the form offers: those the license has slots of, and always the version. */
export function fieldsFor(license: MyLicenseDetail): DiagnoseField[] {
  const fields: DiagnoseField[] = [];
  if (license.machines.total > 0) fields.push("fingerprint");
  if (license.domains.total > 0) fields.push("domain");
  fields.push("version");
  return fields;
}

const fieldWords = {
  fingerprint: { label: "diagnose.fingerprint", hint: "diagnose.fingerprint.hint" },
  domain: { label: "diagnose.domain", hint: "diagnose.domain.hint" },
  version: { label: "diagnose.version", hint: "diagnose.version.hint" },
} as const satisfies Record<DiagnoseField, { label: DetailMessageKey; hint: DetailMessageKey }>;

export function renderDiagnostics(c: DiagnosticsContext): TemplateResult {
  const pending = c.current && c.task.status === TaskStatus.PENDING;
  return html`
    <section part="section section-diagnostics" class="section diagnostics" aria-labelledby="diagnose-heading">
      <div class="diagnostics-head">
        <h3 id="diagnose-heading" class="section-heading">${c.t("diagnose.heading")}</h3>
        <p class="muted">${c.t("diagnose.intro")}</p>
      </div>
      <form class="diagnose-form" novalidate @submit=${c.onSubmit}>
        <div class="diagnose-fields">${fieldsFor(c.license).map((field) => renderField(c, field))}</div>
        <button part="diagnose-button" class="button button--primary diagnose-button" type="submit">
          ${pending ? c.t("diagnose.running") : c.t("diagnose.run")}
        </button>
      </form>
      <div class="diagnosis">
        ${
          c.current
            ? c.task.render({
                pending: () => html`
            <div class="diagnosis-pending" role="status" aria-busy="true">
              <div part="spinner" class="spinner" aria-hidden="true"></div>
              <span>${c.t("diagnose.running")}</span>
            </div>
          `,
                complete: (diagnosis) => renderResult(c, diagnosis),
                error: (error) => renderDiagnosisError(c, error),
              })
            : nothing
        }
      </div>
    </section>
  `;
}

function renderField(c: DiagnosticsContext, field: DiagnoseField): TemplateResult {
  const words = fieldWords[field];
  const error = c.fieldErrors[field];
  const id = `diagnose-${field}`;
  return html`
    <div class="field ${error === undefined ? "" : "field--invalid"}">
      <label for=${id}>${c.t(words.label)}</label>
      <input
        id=${id}
        name=${field}
        type="text"
        autocomplete="off"
        spellcheck="false"
        maxlength="256"
        value=${c.asked[field] ?? ""}
        aria-invalid=${error === undefined ? "false" : "true"}
        aria-describedby=${error === undefined ? `${id}-hint` : `${id}-error ${id}-hint`}
      />
      ${error === undefined ? nothing : html`<p id="${id}-error" class="field-error">${error}</p>`}
      <p id="${id}-hint" class="field-hint">${c.t(words.hint)}</p>
    </div>
  `;
}

function renderDiagnosisError(c: DiagnosticsContext, error: unknown): unknown {
  // A 422 naming a field is shown next to that field instead.
  if (Object.keys(c.fieldErrors).length > 0) return nothing;
  const signedOut = (error as { status?: unknown } | null)?.status === 401;
  return html`
    <div part="diagnosis-error" class="diagnosis-error" role="alert">
      <p class="state-message">${signedOut ? c.signedOutMessage : c.t("diagnose.failed")}</p>
      ${
        signedOut
          ? nothing
          : html`
            <p class="muted">${c.t("diagnose.failed.hint")}</p>
            <button class="button" type="button" @click=${c.onRetry}>${c.t("diagnose.retry")}</button>
          `
      }
    </div>
  `;
}

const icons = { ok: "✓", warning: "⚠", error: "✕" } as const;

function renderResult(c: DiagnosticsContext, diagnosis: LicenseDiagnosis): TemplateResult {
  return html`
    <div part="diagnosis-result" class="diagnosis-result">
      <h4 id="result-heading" class="result-heading" tabindex="-1">
        ${c.t("result.heading")}
        <time
          class="muted result-time"
          datetime=${diagnosis.checkedAt}
          title=${formatDateTime(diagnosis.checkedAt, c.format)}
        >
          ${c.t("result.checked", { time: formatTimeOfDay(diagnosis.checkedAt, c.format) })}
        </time>
      </h4>
      <ul class="summary" role="list">
        ${diagnosis.summary.map((sentence) => html`<li>${sentence}</li>`)}
      </ul>
      <ul class="checklist" role="list">
        ${diagnosis.findings.map((finding) => renderFinding(c, finding))}
      </ul>
      ${renderRecentFailures(c, diagnosis.recentFailures)}
    </div>
  `;
}

function renderFinding(c: DiagnosticsContext, finding: Finding): TemplateResult {
  const { severity } = finding;
  return html`
    <li part="finding finding-${severity}" class="finding finding--${severity}">
      <span class="finding-icon" aria-hidden="true">${icons[severity]}</span>
      <div class="finding-body">
        <p class="finding-title">
          <span class="visually-hidden">${c.t(`severity.${severity}`)}: </span>${finding.title}
        </p>
        <p class="finding-explanation">${finding.explanation}</p>
        ${
          finding.fix === null
            ? nothing
            : html`<p class="finding-fix"><strong>${c.t("fix.label")}</strong> ${finding.fix}</p>`
        }
        ${renderFixActions(c, finding)}
      </div>
    </li>
  `;
}

/** The deactivation a limit finding asks for, when the customer may make it now. */
function renderFixActions(c: DiagnosticsContext, finding: Finding): unknown {
  if (finding.code !== "MACHINE_LIMIT_REACHED" && finding.code !== "DOMAIN_LIMIT_REACHED") {
    return nothing;
  }
  // Protected: only support can deactivate, which the fix already says.
  if (c.license.policy.protected) return nothing;
  const [first, ...others] = finding.refs.activations ?? [];
  if (first === undefined) return nothing;
  const { nextAllowedAt } = finding.refs;
  // `null`: only support can deactivate, which the fix already says.
  if (nextAllowedAt === null) return nothing;
  if (nextAllowedAt !== undefined) {
    return html`<p class="fix-note">${c.t("fix.nextAllowed", { date: formatDate(nextAllowedAt, c.format) })}</p>`;
  }
  const { left } = c.license.deactivations;
  const expanded = c.expanded.has(finding.code);
  const kind = first.kind;
  return html`
    <div class="fix-actions">
      ${renderDeactivateButton(c, first)}
      ${
        left === null
          ? nothing
          : html`<span class="fix-note">${c.t("fix.left", { count: left })}</span>`
      }
    </div>
    ${c.deactivationFailed ? html`<p class="fix-error" role="alert">${c.t("fix.failed")}</p>` : nothing}
    ${
      others.length === 0
        ? nothing
        : html`
          <button
            class="link-button"
            type="button"
            aria-expanded=${expanded ? "true" : "false"}
            @click=${() => c.onToggleOthers(finding.code)}
          >
            ${expanded ? c.t("fix.others.hide") : c.t(kind === "domain" ? "fix.others.domain" : "fix.others.machine")}
          </button>
          ${
            expanded
              ? html`<ul class="fix-others" role="list">
                  ${others.map(
                    (activation) => html`
                      <li>
                        ${renderDeactivateButton(c, activation)}
                        <span class="muted">
                          ${c.t("fix.lastSeen", { relative: formatRelativeTime(activation.lastSeenAt, { locale: c.format.locale, now: c.now }) })}
                        </span>
                      </li>
                    `,
                  )}
                </ul>`
              : nothing
          }
        `
    }
  `;
}

function renderDeactivateButton(c: DiagnosticsContext, activation: ActivationRef): TemplateResult {
  return html`
    <button
      part="fix-button"
      class="button fix-button"
      type="button"
      data-activation-id=${activation.id}
      @click=${() => c.onDeactivate(activation)}
    >
      ${c.t("fix.deactivate", { name: activation.name })}
    </button>
  `;
}

type RecentFailure = LicenseDiagnosis["recentFailures"][number];

function renderRecentFailures(c: DiagnosticsContext, failures: readonly RecentFailure[]): unknown {
  if (failures.length === 0) return nothing;
  // One line per kind of failure, as in "2 × All machine slots in use (yesterday, 2 days ago)".
  const groups = new Map<string, RecentFailure[]>();
  for (const failure of failures) {
    groups.set(failure.title, [...(groups.get(failure.title) ?? []), failure]);
  }
  return html`
    <div part="recent-failures" class="recent-failures">
      <h5 class="recent-failures-heading">${c.t("failures.heading")}</h5>
      <ul role="list">
        ${[...groups.values()].map(
          (group) => html`
            <li>
              <span class="failure-count">${c.t("failures.count", { count: group.length })}</span>
              <span class="failure-title">${group[0]!.title}</span>
              <span class="muted">
                (${group.map((failure, index) => html`${index > 0 ? ", " : ""}${renderTime(c, failure.at)}`)})
              </span>
              <span class="failure-explanation muted">${group[0]!.explanation}</span>
            </li>
          `,
        )}
      </ul>
    </div>
  `;
}

/** "14:05": when a check ran, today, in the user's zone. */
function formatTimeOfDay(value: string, { locale, timezone }: FormatSettings): string {
  return new Intl.DateTimeFormat(intlLocaleTag(locale), {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: timezone,
  }).format(new Date(value));
}

/** A relative time with the exact moment as its title, in the user's zone. */
export function renderTime(
  c: { readonly format: FormatSettings; readonly now: Date },
  value: string,
): TemplateResult {
  return html`<time datetime=${value} title=${formatDateTime(value, c.format)}>${formatRelativeTime(value, { locale: c.format.locale, now: c.now })}</time>`;
}

/** "3 checks passed, 1 needs attention": what the live region says after each run. */
export function announceDiagnosis(t: DiagnosticsContext["t"], diagnosis: LicenseDiagnosis): string {
  const passed = diagnosis.findings.filter((finding) => finding.severity === "ok").length;
  const attention = diagnosis.findings.length - passed;
  const parts = [t("announce.passed", { count: passed })];
  if (attention > 0) parts.push(t("announce.attention", { count: attention }));
  return parts.join(", ");
}
