import type { Me, NotificationPreferences } from "@keyport/sdk";
import { TaskStatus } from "@lit/task";
import { html, nothing, type PropertyDeclarations, type TemplateResult } from "lit";
import { createActionTask } from "../internal/action-task.ts";
import type { PortalContextValue } from "../internal/context.ts";
import { isUnauthorizedError } from "../internal/errors.ts";
import type { KeyportLocale } from "../internal/i18n.ts";
import { KeyportElement } from "../internal/keyport-element.ts";
import { findPortalProvider } from "../internal/provider-link.ts";
import { accountSettingsStyles } from "./account-settings.styles.ts";
import { type SettingsMessageKey, settingsMessages } from "./account-settings-messages.ts";
import { parseExpiringDays, renderNotificationFields } from "./notification-fields.ts";
import { TimeZoneCombobox } from "./time-zone-combobox.ts";
import { formatLocalTime, zoneLabel } from "./time-zones.ts";

/** What `<account-settings>` loads. */
export interface AccountSettingsData {
  readonly me: Me;
  readonly notifications: NotificationPreferences;
}

/** Detail of `settings-saved`: what the API answered to the save, one of the two. */
export interface SettingsSavedDetail {
  /** After saving language and time zone: the user as `PATCH /v1/me` answered. */
  readonly me?: Me;
  /** After saving the mails: the preferences as `PUT /v1/me/notifications` answered. */
  readonly notifications?: NotificationPreferences;
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "settings-saved": CustomEvent<SettingsSavedDetail>;
  }
}

/** How a save ended, shown beside its button until the customer changes something. */
type SaveResult =
  | { readonly kind: "saved"; readonly message: SettingsMessageKey }
  | { readonly kind: "error"; readonly message: string };

/** The clock of the preview moves on its own; a minute's precision needs no faster tick. */
const CLOCK_MS = 15_000;

/**
 * The customer's own settings: language (English, Deutsch) and time zone (a
 * searchable list of every IANA zone, with the local time there as a
 * preview), which mails they get, and their account's details read-only.
 * Each group saves on its own button, shows "Saving…", then a confirmation
 * or what went wrong.
 *
 * Inside a `<portal-provider>`, a saved language or zone goes to the
 * provider's `updateMe()`, so every element under it shows its words and dates
 * in the new ones at once, without reloading. The provider's own `locale` and
 * `timezone` attributes still win; the confirmation says so.
 *
 * @example
 * <portal-provider api-base="https://licensing.example.com">
 *   <account-settings></account-settings>
 * </portal-provider>
 *
 * @tagname account-settings
 * @summary Language, time zone with a live preview, notification mails, and the account's details.
 *
 * @event settings-saved - A save succeeded. `detail.me` (language and time zone) or `detail.notifications` (the mails) hold what the API answered.
 * @event keyport-error - Loading or a save failed. `detail.error` holds the error.
 * @event keyport-signed-out - The API answered 401. `detail.error` holds the error.
 *
 * @csspart section - Each group (also `section-region`, `section-notifications`, `section-account`).
 * @csspart field - A label with its input and hint (the zone's also has `zone-field`).
 * @csspart label - A field's label.
 * @csspart input - The language select, the zone input (also `zone-input`) and the days input (also `days-input`).
 * @csspart hint - A field's or a switch's explanation.
 * @csspart field-error - What is wrong with a field.
 * @csspart zone-listbox - The list of time zones under the zone input.
 * @csspart zone-option - One time zone of the list (the highlighted one also `zone-option-active`).
 * @csspart preview - The local time in the chosen zone.
 * @csspart switch-row - One notification: its switch, name and sentence.
 * @csspart switch - A notification's switch (a checkbox with `role="switch"`).
 * @csspart switch-label - A notification's name.
 * @csspart save-button - A group's save button.
 * @csspart save-status - The confirmation after a save.
 * @csspart save-error - What went wrong with a save.
 * @csspart account-details - The account's name, kind and the user's role.
 * @csspart state - The block shown instead of data: loading, empty, error and signed-out.
 * @csspart state-loading - The loading block (also has `state`).
 * @csspart state-error - The error block (also has `state`).
 * @csspart state-signed-out - The signed-out block (also has `state`).
 * @csspart spinner - The loading indicator.
 * @csspart retry-button - The error state's "Try again" button.
 *
 * @cssproperty --keyport-color-primary - Save buttons, switches that are on, the focus ring.
 * @cssproperty --keyport-color-on-primary - Text on the save buttons.
 * @cssproperty --keyport-color-surface - Cards, inputs and the zone list; the element's background when `theme` is set.
 * @cssproperty --keyport-color-text - Body text; inherited from the page unless set or `theme` is set.
 * @cssproperty --keyport-color-muted - Hints, input borders, switches that are off.
 * @cssproperty --keyport-color-border - Card borders.
 * @cssproperty --keyport-color-success - The saved confirmation.
 * @cssproperty --keyport-color-danger - Save errors and invalid fields.
 * @cssproperty --keyport-radius - Corner radius of cards, inputs and buttons.
 * @cssproperty --keyport-space - The spacing unit.
 * @cssproperty --keyport-font-family - Text font.
 */
export class AccountSettings extends KeyportElement<AccountSettingsData> {
  static override styles = accountSettingsStyles;

  static override properties: PropertyDeclarations = {
    draftLocale: { state: true, attribute: false },
    draftZone: { state: true, attribute: false },
    draftNotifications: { state: true, attribute: false },
    daysText: { state: true, attribute: false },
    regionResult: { state: true, attribute: false },
    notificationsResult: { state: true, attribute: false },
    daysError: { state: true, attribute: false },
    savedMe: { state: true, attribute: false },
    savedNotifications: { state: true, attribute: false },
  };

  /** Language and zone as chosen, not yet saved; `undefined` follows the saved value. */
  private draftLocale: KeyportLocale | undefined;
  private draftZone: string | undefined;
  private draftNotifications: NotificationPreferences | undefined;
  private daysText: string | undefined;
  private regionResult: SaveResult | undefined;
  private notificationsResult: SaveResult | undefined;
  private daysError: string | undefined;
  /** Standalone (no shared provider): the user as the last save answered, so the element follows it. */
  private savedMe: Me | undefined;
  private savedNotifications: NotificationPreferences | undefined;

  readonly #zonePicker = new TimeZoneCombobox(this, (zone) => {
    this.draftZone = zone;
    this.regionResult = undefined;
  });

  readonly saveRegion = createActionTask(
    this,
    async ([changes]: [{ locale: KeyportLocale; timezone: string }], { signal }) => {
      try {
        const me = await this.client.me.update(changes, { signal });
        await this.#share(me);
        this.draftLocale = undefined;
        this.draftZone = undefined;
        this.regionResult = { kind: "saved", message: this.#pinned(me) };
        this.emit("settings-saved", { me });
        return me;
      } catch (error) {
        if (!signal.aborted) this.regionResult = this.#failure(error, "zone.unknown");
        throw error;
      }
    },
  );

  readonly saveNotifications = createActionTask(
    this,
    async ([preferences]: [NotificationPreferences], { signal }) => {
      try {
        const saved = await this.client.me.notifications.update(preferences, { signal });
        this.savedNotifications = saved;
        this.draftNotifications = undefined;
        this.daysText = undefined;
        this.notificationsResult = { kind: "saved", message: "notifications.saved" };
        this.emit("settings-saved", { notifications: saved });
        return saved;
      } catch (error) {
        if (!signal.aborted) {
          this.notificationsResult = this.#failure(
            error,
            "notifications.licenseExpiringDays.invalid",
          );
        }
        throw error;
      }
    },
  );

  #clock: ReturnType<typeof setInterval> | undefined;

  /** The provider's settings, or standalone the ones the last save chose. */
  override get portal(): PortalContextValue {
    const portal = super.portal;
    const saved = this.savedMe;
    if (saved === undefined || portal.client !== undefined) return portal;
    return {
      ...portal,
      locale: this.locale === undefined ? saved.locale : portal.locale,
      timezone: this.timezone === undefined ? saved.timezone : portal.timezone,
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#clock = setInterval(() => this.requestUpdate(), CLOCK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  protected override async load(signal: AbortSignal): Promise<AccountSettingsData> {
    const [me, notifications] = await Promise.all([
      this.#loadMe(signal),
      this.client.me.notifications.get({ signal }),
    ]);
    this.savedNotifications = undefined;
    return { me, notifications };
  }

  /** The provider's user when there is one (its one `/v1/me` serves every element), else our own call. */
  async #loadMe(signal: AbortSignal): Promise<Me> {
    const provider = this.portal.client === undefined ? undefined : findPortalProvider(this);
    if (provider !== undefined) await provider.sessionComplete;
    return this.portal.me ?? provider?.me ?? this.client.me.get({ signal });
  }

  /** The user and preferences as shown: the newest of the provider's, a save's answer and the load. */
  #current(): { me: Me; notifications: NotificationPreferences } | undefined {
    const loaded = this.loadState;
    if (loaded.status !== "complete") return undefined;
    return {
      me: this.portal.me ?? this.savedMe ?? loaded.data.me,
      notifications: this.savedNotifications ?? loaded.data.notifications,
    };
  }

  protected override renderData(data: AccountSettingsData) {
    const { me, notifications } = this.#current() ?? data;
    return html`<div class="sections">
      ${this.#renderRegion(me)} ${this.#renderNotifications(notifications)}
      ${this.#renderAccount(me)}
    </div>`;
  }

  #t = (key: SettingsMessageKey, params?: Record<string, string | number>): string =>
    this.t(settingsMessages, key, params);

  #renderRegion(me: Me): TemplateResult {
    const locale = this.draftLocale ?? me.locale;
    const zone = this.draftZone ?? me.timezone;
    const pending = this.saveRegion.status === TaskStatus.PENDING;
    const preview = formatLocalTime(new Date(), { locale: this.portal.locale, timezone: zone });
    return this.#section("region", [
      html`<form class="form" novalidate @submit=${this.#submitRegion}>
        <div part="field" class="field">
          <label part="label" class="label" for="language">${this.#t("language.label")}</label>
          <select part="input" class="input select" id="language" @change=${this.#onLanguage}>
            ${(["en", "de"] as const).map(
              (code) =>
                html`<option value=${code} lang=${code} ?selected=${code === locale}>
                  ${this.#t(`language.${code}`)}
                </option>`,
            )}
          </select>
        </div>
        ${this.#zonePicker.render({
          value: zone,
          label: this.#t("zone.label"),
          hint: this.#t("zone.hint"),
          matches: (count, query) => this.#t("zone.matches", { count, query }),
        })}
        <p part="preview" class="preview">
          ${this.#t("zone.preview", { time: preview, zone: zoneLabel(zone) })}
        </p>
        ${this.#saveRow("region", pending, this.regionResult)}
      </form>`,
    ]);
  }

  #renderNotifications(saved: NotificationPreferences): TemplateResult {
    const draft = this.draftNotifications ?? saved;
    const pending = this.saveNotifications.status === TaskStatus.PENDING;
    return this.#section("notifications", [
      html`<form class="form" novalidate @submit=${this.#submitNotifications}>
        ${renderNotificationFields({
          draft,
          daysText: this.daysText ?? String(draft.licenseExpiringDays),
          daysError: this.daysError,
          t: this.#t,
          onToggle: (name, on) => this.#editNotifications({ [name]: on }),
          onDays: (text) => {
            this.daysText = text;
            this.daysError = undefined;
            this.#editNotifications({});
          },
        })}
        ${this.#saveRow("notifications", pending, this.notificationsResult)}
      </form>`,
    ]);
  }

  #renderAccount(me: Me): TemplateResult {
    const rows: readonly [SettingsMessageKey, string, string?][] = [
      ["account.name", me.account.name],
      ["account.kind", this.#t(`account.kind.${me.account.kind}`)],
      ["account.role", this.#t(`account.role.${me.role}`), this.#t(`account.role.${me.role}.hint`)],
    ];
    return this.#section("account", [
      html`<dl part="account-details" class="details">
        ${rows.map(
          ([label, value, hint]) => html`<div class="detail">
            <dt>${this.#t(label)}</dt>
            <dd>${value} ${hint === undefined ? nothing : html`<span class="hint">${hint}</span>`}</dd>
          </div>`,
        )}
      </dl>`,
    ]);
  }

  #section(name: "region" | "notifications" | "account", body: readonly TemplateResult[]) {
    return html`<section part="section section-${name}" class="card" aria-labelledby="${name}-title">
      <h2 class="section-title" id="${name}-title">${this.#t(`${name}.title`)}</h2>
      <p class="intro">${this.#t(`${name}.intro`)}</p>
      ${body}
    </section>`;
  }

  /** The save button with its live confirmation and alert, both always present so they are announced. */
  #saveRow(name: "region" | "notifications", pending: boolean, result: SaveResult | undefined) {
    return html`<div class="save-row">
      <button part="save-button" class="button button--primary" type="submit"
        aria-disabled=${pending ? "true" : "false"}>
        ${pending ? this.#t("saving") : this.#t(`${name}.save`)}
      </button>
      <p part="save-status" class="save-status" role="status">
        ${result?.kind === "saved" ? this.#t(result.message) : nothing}
      </p>
    </div>
    <div part="save-error" class=${result?.kind === "error" ? "save-error save-error--shown" : "save-error"} role="alert">
      ${result?.kind === "error" ? result.message : nothing}
    </div>`;
  }

  #onLanguage = (event: Event): void => {
    this.draftLocale = (event.currentTarget as HTMLSelectElement).value === "de" ? "de" : "en";
    this.regionResult = undefined;
  };

  #submitRegion = (event: SubmitEvent): void => {
    event.preventDefault();
    const me = this.#current()?.me;
    if (me === undefined || this.saveRegion.status === TaskStatus.PENDING) return;
    this.regionResult = undefined;
    const locale = this.draftLocale ?? me.locale;
    void this.saveRegion.run([{ locale, timezone: this.draftZone ?? me.timezone }]);
  };

  #editNotifications(change: Partial<NotificationPreferences>): void {
    const base = this.draftNotifications ?? this.#current()?.notifications;
    if (base === undefined) return;
    this.draftNotifications = { ...base, ...change };
    this.notificationsResult = undefined;
  }

  #submitNotifications = (event: SubmitEvent): void => {
    event.preventDefault();
    const saved = this.#current()?.notifications;
    if (saved === undefined || this.saveNotifications.status === TaskStatus.PENDING) return;
    const draft = this.draftNotifications ?? saved;
    this.notificationsResult = undefined;
    const days = parseExpiringDays(this.daysText ?? String(draft.licenseExpiringDays));
    if (days === undefined) {
      this.daysError = this.#t("notifications.licenseExpiringDays.invalid");
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLInputElement>("#notify-days")?.focus(),
      );
      return;
    }
    void this.saveNotifications.run([{ ...draft, licenseExpiringDays: days }]);
  };

  /** Hands the saved user to the provider, so every element under it follows; standalone, keeps it. */
  async #share(me: Me): Promise<void> {
    const provider = this.portal.client === undefined ? undefined : findPortalProvider(this);
    if (provider === undefined) {
      this.savedMe = me;
      return;
    }
    provider.updateMe(me);
    // The provider hands the new settings down in its update; `#pinned` reads them.
    await provider.updateComplete;
  }

  /** Whether the page pins language or zone, so the customer is not puzzled that nothing changed. */
  #pinned(me: Me): SettingsMessageKey {
    const portal = this.portal;
    const pinned = portal.locale !== me.locale || portal.timezone !== me.timezone;
    return pinned ? "region.saved.pinned" : "region.saved";
  }

  #failure(error: unknown, invalid: SettingsMessageKey): SaveResult {
    if (isUnauthorizedError(error)) return { kind: "error", message: this.msg("state.signed-out") };
    const status = (error as { status?: unknown } | null)?.status;
    if (status === 422 || status === 400) return { kind: "error", message: this.#t(invalid) };
    return { kind: "error", message: this.#t("save.failed") };
  }
}
