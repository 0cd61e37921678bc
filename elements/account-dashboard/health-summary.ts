import type { Dashboard } from "@keyport/sdk";
import { html, nothing, type TemplateResult } from "lit";
import type { KeyportLocale } from "../internal/i18n.ts";
import type { KeyportNavigateDetail } from "../internal/navigate-event.ts";
import { dashboardMessages } from "./account-dashboard-messages.ts";

type Reason = Dashboard["health"]["reasons"][number];

export interface HealthSummaryOptions {
  readonly health: Dashboard["health"];
  readonly locale: KeyportLocale;
  readonly licenseName: (licenseId: string) => string | undefined;
  readonly navigate: (detail: KeyportNavigateDetail) => void;
}

/** Where one license of a reason leads: the part of its detail that fixes it. */
function targetOf(code: Reason["code"], licenseId: string): KeyportNavigateDetail {
  if (code === "AT_LIMIT") return { area: "licenses", licenseId, section: "activations" };
  if (code === "FAILING_VALIDATIONS") return { area: "licenses", licenseId, section: "diagnosis" };
  return { area: "licenses", licenseId };
}

/** Where the licenses of a reason the element cannot name one by one are listed. */
function listTargetOf(code: Reason["code"]): KeyportNavigateDetail {
  if (code === "LICENSES_EXPIRING") return { area: "licenses", status: "expiring" };
  if (code === "SUSPENDED") return { area: "licenses", status: "suspended" };
  if (code === "AT_LIMIT") return { area: "activations" };
  return { area: "licenses" };
}

const tones: Readonly<Record<Reason["code"], "warning" | "danger">> = {
  LICENSES_EXPIRING: "warning",
  AT_LIMIT: "warning",
  SUSPENDED: "danger",
  FAILING_VALIDATIONS: "danger",
};

function renderReason(reason: Reason, options: HealthSummaryOptions): TemplateResult {
  const { locale, licenseName, navigate } = options;
  const say = dashboardMessages;
  const more = reason.count - reason.licenseIds.length;
  const labelKey =
    reason.code === "AT_LIMIT"
      ? "health.open.activations"
      : reason.code === "FAILING_VALIDATIONS"
        ? "health.open.diagnosis"
        : "health.open";
  return html`<li part="health-reason health-reason-${reason.code}" class="reason reason--${tones[reason.code]}">
    <span class="reason-mark" aria-hidden="true">${tones[reason.code] === "danger" ? "✕" : "!"}</span>
    <span class="reason-body">
      <span class="reason-message">${reason.message}</span>
      <span class="reason-links">
        ${reason.licenseIds.map((licenseId) => {
          const name = licenseName(licenseId);
          return html`<button part="health-link" class="link" type="button"
            aria-label=${name === undefined ? nothing : say(locale, labelKey, { name })}
            @click=${() => navigate(targetOf(reason.code, licenseId))}>
            ${name ?? say(locale, "health.unnamed")}
          </button>`;
        })}
        ${
          more > 0
            ? html`<button part="health-link" class="link" type="button"
                @click=${() => navigate(listTargetOf(reason.code))}>
                ${say(locale, "health.more", { count: more })}
              </button>`
            : nothing
        }
      </span>
    </span>
  </li>`;
}

/**
 * The health line that opens the dashboard: "2 things need your attention"
 * with each of the API's reasons in its own words, and a link per license
 * concerned to where it gets fixed (its detail, activations or diagnosis).
 */
export function renderHealthSummary(options: HealthSummaryOptions): TemplateResult {
  const { health, locale } = options;
  if (health.status === "ok" || health.reasons.length === 0) {
    return html`<section part="health health-ok" class="health health--ok" aria-labelledby="health-title">
      <h2 id="health-title" class="health-title"><span class="health-icon" aria-hidden="true">✓</span>
        ${dashboardMessages(locale, "health.ok")}</h2>
      <p class="muted health-hint">${dashboardMessages(locale, "health.ok.hint")}</p>
    </section>`;
  }
  return html`<section part="health health-attention" class="health health--attention"
    aria-labelledby="health-title">
    <h2 id="health-title" class="health-title">
      ${dashboardMessages(locale, "health.attention", { count: health.reasons.length })}
    </h2>
    <ul class="reasons">${health.reasons.map((reason) => renderReason(reason, options))}</ul>
  </section>`;
}
