import { html, type PropertyDeclarations, type PropertyValues } from "lit";
import { KeyportElement } from "../internal/keyport-element.ts";
import { ProfileActions } from "./profile-actions.ts";
import {
  renderEmailSection,
  renderPasswordSection,
  renderProfileSection,
} from "./profile-sections.ts";
import { profileSettingsStyles } from "./profile-settings.styles.ts";
import { type ProfileMessageKey, profileMessages } from "./profile-settings-messages.ts";
import type { ProfileData } from "./profile-view.ts";
import { renderSessionsSection } from "./session-list.ts";
import { renderTwoFactorSection } from "./two-factor-section.ts";

export type {
  PasswordChangedDetail,
  ProfileUpdatedDetail,
  SessionRevokedDetail,
  TwoFactorChangedDetail,
} from "./profile-settings-events.ts";

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

  static override properties: PropertyDeclarations = {
    confirmToken: { attribute: "confirm-token" },
  };

  /** The token of a confirmation link (`/confirm-email?token=…`); set, the new address is confirmed at once. */
  confirmToken?: string;

  #confirmedToken: string | undefined;
  readonly #actions = new ProfileActions(this, { data: () => this.loadTask.value });

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
    this.#actions.showSessions(page.data);
    return { me, sessions: page.data };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const token = this.confirmToken;
    if (token && token !== this.#confirmedToken && this.status === "complete") {
      this.#confirmedToken = token;
      void this.#actions.confirmEmail(token);
    }
  }

  protected override render() {
    return html`
      <h2 part="title" class="title">${this.#say("title")}</h2>
      <p part="intro" class="intro">${this.#say("intro")}</p>
      ${super.render()}
      <p class="visually-hidden" role="status">${this.#actions.announcement}</p>
    `;
  }

  protected override renderData(data: ProfileData) {
    const view = this.#actions.view(data);
    return html`<div class="sections">
      ${renderProfileSection(view)} ${renderEmailSection(view)} ${renderPasswordSection(view)}
      ${renderSessionsSection(view)} ${renderTwoFactorSection(view)}
    </div>`;
  }

  #say(key: ProfileMessageKey): string {
    return this.t(profileMessages, key);
  }
}

/** Never resolves; rejects when the load is superseded, here by the provider's answer. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
