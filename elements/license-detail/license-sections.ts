import type { MyLicenseDetail, MyLicenseValidation } from "@keyport/sdk";
import { html, nothing, type TemplateResult } from "lit";
import { type FormatSettings, formatDate, formatDateTime } from "../internal/format.ts";
import type { MessageParams } from "../internal/i18n.ts";
import { renderSeatMeters } from "../internal/seat-meter.ts";
import { renderTime } from "./diagnostics-panel.ts";
import { codeKey, type DetailMessageKey } from "./license-detail-messages.ts";

/*
 * The sections of <license-detail> that show what the API says about one
 * license: dates, seats, rules, features, people and the software's checks.
 */

export interface SectionContext {
  readonly format: FormatSettings;
  readonly now: Date;
  t(key: DetailMessageKey, params?: MessageParams): string;
}

/** A deadline as an absolute date, with the exact moment as its title. */
function renderDeadline(c: SectionContext, value: string): TemplateResult {
  return html`<time datetime=${value} title=${formatDateTime(value, c.format)}>${formatDate(value, c.format)}</time>`;
}

export function renderFacts(c: SectionContext, license: MyLicenseDetail): TemplateResult {
  const { expiresAt, maintenanceExpiresAt } = license;
  const past = (value: string) => new Date(value).getTime() <= c.now.getTime();
  // Without a date of its own, maintenance ends with the license (as the API counts it).
  const maintenanceEnd = maintenanceExpiresAt ?? expiresAt;
  return html`
    <section part="section section-facts" class="section card" aria-labelledby="facts-heading">
      <h3 id="facts-heading" class="section-heading">${c.t("facts.heading")}</h3>
      <dl class="facts">
        <div>
          <dt>${c.t("facts.product")}</dt>
          <dd>${license.product.name}</dd>
        </div>
        <div>
          <dt>${c.t("facts.policy")}</dt>
          <dd>${license.policy.name}</dd>
        </div>
        <div>
          <dt>
            ${expiresAt !== null && past(expiresAt) ? c.t("facts.expired") : c.t("facts.expires")}
          </dt>
          <dd>${expiresAt === null ? c.t("facts.expires.never") : renderDeadline(c, expiresAt)}</dd>
        </div>
        <div>
          <dt>
            ${
              maintenanceEnd !== null && past(maintenanceEnd)
                ? c.t("facts.maintenance.ended")
                : c.t("facts.maintenance")
            }
          </dt>
          <dd>
            ${
              maintenanceEnd === null
                ? c.t("facts.maintenance.always")
                : renderDeadline(c, maintenanceEnd)
            }
          </dd>
        </div>
      </dl>
    </section>
  `;
}

export function renderUsage(c: SectionContext, license: MyLicenseDetail): TemplateResult {
  const { machines, domains } = license;
  const bound = machines.total > 0 || domains.total > 0 || machines.used + domains.used > 0;
  return html`
    <section part="section section-usage" class="section card" aria-labelledby="usage-heading">
      <h3 id="usage-heading" class="section-heading">${c.t("usage.heading")}</h3>
      ${bound ? renderSeatMeters(license, c.format) : html`<p class="muted">${c.t("usage.none")}</p>`}
      ${bound && license.policy.protected ? html`<p class="usage-note">${c.t(protectedKey(license))}</p>` : nothing}
      <dl class="facts">
        <div>
          <dt>${c.t("deactivations.label")}</dt>
          <dd>${renderDeactivations(c, license)}</dd>
        </div>
      </dl>
    </section>
  `;
}

/** Protected: the vendor manages the machines or domains, and only support moves them. */
function protectedKey({ machines, domains }: MyLicenseDetail): DetailMessageKey {
  const hasMachines = machines.total > 0 || machines.used > 0;
  const hasDomains = domains.total > 0 || domains.used > 0;
  if (hasMachines && hasDomains) return "usage.protected.both";
  return hasDomains ? "usage.protected.domain" : "usage.protected.machine";
}

function renderDeactivations(c: SectionContext, license: MyLicenseDetail): string {
  const d = license.deactivations;
  if (license.policy.protected || d.limit === 0) return c.t("deactivations.none");
  if (d.limit === null || d.left === null) return c.t("deactivations.unlimited");
  if (d.left === 0 && d.nextAllowedAt !== null) {
    return c.t("deactivations.next", { date: formatDate(d.nextAllowedAt, c.format) });
  }
  return c.t("deactivations.left", { count: d.left, limit: d.limit, days: d.windowDays });
}

export function renderRules(c: SectionContext, license: MyLicenseDetail): TemplateResult {
  return html`
    <section part="section section-rules" class="section card" aria-labelledby="rules-heading">
      <h3 id="rules-heading" class="section-heading">${c.t("rules.heading")}</h3>
      <ul class="rules" role="list">
        ${license.policy.rules.map((rule) => html`<li>${rule}</li>`)}
      </ul>
      <h4 class="subheading">${c.t("entitlements.heading")}</h4>
      ${
        license.entitlements.length === 0
          ? html`<p class="muted">${c.t("entitlements.none")}</p>`
          : html`<ul class="tags" role="list">
              ${license.entitlements.map(
                (entitlement) =>
                  html`<li class="tag" title=${entitlement.code}>${entitlement.name}</li>`,
              )}
            </ul>`
      }
    </section>
  `;
}

export function renderUsers(c: SectionContext, license: MyLicenseDetail): TemplateResult {
  return html`
    <section part="section section-users" class="section card" aria-labelledby="users-heading">
      <h3 id="users-heading" class="section-heading">${c.t("users.heading")}</h3>
      ${
        license.assignedUsers.length === 0
          ? html`<p class="muted">${c.t("users.none")}</p>`
          : html`<ul class="people" role="list">
              ${license.assignedUsers.map(
                (user) => html`<li>
                  <span class="person-name">${user.name}</span>
                  <span class="muted person-email">${user.email}</span>
                </li>`,
              )}
            </ul>`
      }
    </section>
  `;
}

/** Failed checks first, each group newest first: the failures are why the customer came. */
export function orderValidations(
  validations: readonly MyLicenseValidation[],
): MyLicenseValidation[] {
  const newestFirst = (a: MyLicenseValidation, b: MyLicenseValidation) =>
    b.createdAt.localeCompare(a.createdAt);
  return [
    ...validations.filter((check) => !check.valid).sort(newestFirst),
    ...validations.filter((check) => check.valid).sort(newestFirst),
  ];
}

/** A long fingerprint as the activation list shortens it: its start and end. */
function shortIdentifier(value: string): string {
  return value.length > 16 ? `${value.slice(0, 8)}…${value.slice(-6)}` : value;
}

export function renderHistory(
  c: SectionContext,
  validations: readonly MyLicenseValidation[],
): TemplateResult {
  return html`
    <section part="section section-history" class="section card" aria-labelledby="history-heading">
      <h3 id="history-heading" class="section-heading">${c.t("history.heading")}</h3>
      ${
        validations.length === 0
          ? html`<p class="muted">${c.t("history.none")}</p>`
          : html`
            <p class="muted">${c.t("history.intro")}</p>
            <ul class="history" role="list">
              ${orderValidations(validations).map((check) => renderCheck(c, check))}
            </ul>
          `
      }
    </section>
  `;
}

function renderCheck(c: SectionContext, check: MyLicenseValidation): TemplateResult {
  const details = [
    check.fingerprint === null
      ? undefined
      : c.t("history.machine", { id: shortIdentifier(check.fingerprint) }),
    check.domain === null ? undefined : c.t("history.domain", { id: check.domain }),
    check.version === null ? undefined : c.t("history.version", { version: check.version }),
  ].filter((detail) => detail !== undefined);
  const state = check.valid ? "passed" : "failed";
  return html`
    <li part="check check-${state}" class="check check--${state}">
      <span class="check-icon" aria-hidden="true">${check.valid ? "✓" : "✕"}</span>
      <span class="check-body">
        <span class="check-title">
          <span class="visually-hidden">${c.t(check.valid ? "history.passed" : "history.failed")}: </span>${c.t(codeKey(check.code), { code: check.code })}
        </span>
        ${
          details.length === 0
            ? nothing
            : html`<span class="muted check-details">
              ${details.map((detail, index) => html`${index > 0 ? " · " : ""}<span class="check-detail">${detail}</span>`)}
            </span>`
        }
      </span>
      <span class="muted check-time">${renderTime(c, check.createdAt)}</span>
    </li>
  `;
}
