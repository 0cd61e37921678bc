import type { MyLicense } from "@keyport/sdk";
import { css, html, type TemplateResult } from "lit";
import type { KeyportLocale } from "./i18n.ts";
import { licenseMessages } from "./license-messages.ts";

/** What a license counts seats of. */
export type SeatKind = "machines" | "domains";

/** Used and allowed slots, as `MyLicense.machines` and `.domains` hold them. */
export type Seats = MyLicense["machines"];

/** Whether every slot is taken (or more, after a vendor lowered the limit). */
export function isSeatMeterFull({ used, total }: Seats): boolean {
  return total > 0 && used >= total;
}

/**
 * "2 of 3 machines", as the meter's text.
 *
 * @example
 * seatMeterText("machines", { used: 2, total: 3 }, { locale: "en" }); // "2 of 3 machines"
 */
export function seatMeterText(
  kind: SeatKind,
  { used, total }: Seats,
  { locale }: { readonly locale: KeyportLocale },
): string {
  return licenseMessages(locale, `seats.${kind}`, { used, count: total });
}

/**
 * A seat meter: "2 of 3 machines" over a bar (`role="meter"` with its values),
 * the bar in the warning colour when every slot is taken. Parts: `meter` (also
 * `meter-machines` or `meter-domains`, and `meter-full` when full), `meter-bar`
 * (the track) and `meter-fill`. Add `seatMeterStyles` to the element's styles.
 *
 * @example
 * html`${renderSeatMeter("machines", license.machines, this.portal)}`
 */
export function renderSeatMeter(
  kind: SeatKind,
  seats: Seats,
  { locale }: { readonly locale: KeyportLocale },
): TemplateResult {
  const full = isSeatMeterFull(seats);
  const text = seatMeterText(kind, seats, { locale });
  const share = seats.total > 0 ? Math.min(1, seats.used / seats.total) : 0;
  // The fill's width goes through the CSSOM (`style` forwards to `style.cssText`): a vendor
  // page's strict CSP (`style-src` without `'unsafe-inline'`) blocks a style attribute.
  return html`
    <div part="meter meter-${kind}${full ? " meter-full" : ""}" class="meter ${full ? "meter--full" : ""}">
      <div
        part="meter-bar"
        class="meter-bar"
        role="meter"
        aria-label=${licenseMessages(locale, `seats.${kind}.label`)}
        aria-valuemin="0"
        aria-valuemax=${Math.max(seats.total, seats.used)}
        aria-valuenow=${seats.used}
        aria-valuetext=${text}
      >
        <div part="meter-fill" class="meter-fill" .style=${`inline-size:${share * 100}%`}></div>
      </div>
      <span class="meter-text" aria-hidden="true">${text}</span>
    </div>
  `;
}

/**
 * The meters of a license: machines, and domains when the license allows any
 * (a license for domains only shows just its domains).
 *
 * @example
 * html`${renderSeatMeters(license, this.portal)}`
 */
export function renderSeatMeters(
  license: Pick<MyLicense, "machines" | "domains">,
  settings: { readonly locale: KeyportLocale },
): TemplateResult {
  const showMachines = license.machines.total > 0 || license.domains.total === 0;
  const showDomains = license.domains.total > 0;
  return html`<div class="meters">
    ${showMachines ? renderSeatMeter("machines", license.machines, settings) : ""}
    ${showDomains ? renderSeatMeter("domains", license.domains, settings) : ""}
  </div>`;
}

/** Styles of the seat meters. */
export const seatMeterStyles = css`
  .meters {
    display: grid;
    gap: calc(var(--_kp-space) * 2);
  }

  .meter {
    display: grid;
    gap: var(--_kp-space);
    min-inline-size: 8rem;
  }

  .meter-bar {
    block-size: 0.375rem;
    border-radius: 999px;
    background: var(--_kp-color-border);
    overflow: hidden;
  }

  .meter-fill {
    block-size: 100%;
    border-radius: inherit;
    background: var(--_kp-color-primary);
  }

  .meter--full .meter-fill {
    background: var(--_kp-color-warning);
  }

  .meter-text {
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
  }

  .meter--full .meter-text {
    color: var(--_kp-color-warning);
    font-weight: 500;
  }
`;
