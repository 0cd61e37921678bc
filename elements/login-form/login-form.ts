import type { PortalClient } from "@keyport/sdk";
import { html, LitElement, type PropertyDeclarations, type PropertyValues } from "lit";
import { keyed } from "lit/directives/keyed.js";
import { createClientCache } from "../internal/client-cache.ts";
import { type PortalContextValue, resolvePortal } from "../internal/context.ts";
import { afterLocaleLoaded } from "../internal/i18n.ts";
import { PortalConsumer } from "../internal/portal-consumer.ts";
import { initialStep, LoginFlow, type LoginFormMode, type Step } from "./login-flow.ts";
import { loginFormStyles } from "./login-form.styles.ts";
import type { LoginTokenType } from "./login-form-events.ts";
import { type LoginFormMessageKey, loginFormMessages } from "./login-form-messages.ts";
import { renderLoginStep } from "./login-steps.ts";

export type { LoginFormMode } from "./login-flow.ts";
export type { LoginTokenType, PasswordResetDetail, SignedInDetail } from "./login-form-events.ts";

/**
 * Sign-in for the customer portal: email and password, the two-factor code (or
 * a recovery code) when the account asks for one, "Forgot password?", and the
 * new-password form of a reset or invitation link. Wrong credentials, throttling
 * ("Try again in 2 minutes") and weak passwords are said in plain words; each
 * error is announced and focus moves to the first field to fix.
 *
 * It talks to the API itself and loads nothing, so it is a `LitElement` with
 * the base styles, settings and catalogues of `KeyportElement` rather than a
 * subclass: the base class's signed-out state is exactly what this element replaces.
 *
 * Same-origin it signs in with the session cookie; on another origin (a
 * vendor's page) it asks for a bearer token and hands it over in `signed-in`.
 *
 * @example
 * <login-form api-base="https://licensing.example.com"></login-form>
 * <script type="module">
 *   document.querySelector("login-form").addEventListener("signed-in", ({ detail }) => {
 *     provider.token = detail.token; // bearer mode: keep it in memory only
 *   });
 * </script>
 *
 * @tagname login-form
 * @summary Sign-in with two-factor, forgotten password, and choosing a password from a mailed link.
 *
 * @event signed-in - The customer signed in. `detail.user`, `detail.me`, and in bearer mode `detail.token` and `detail.expiresAt`.
 * @event password-reset - A reset or invitation link set the password; the form now offers sign-in. `detail.mode` is `reset` or `invitation`.
 * @event keyport-error - A request failed unexpectedly (network, server error). `detail.error` holds the error.
 *
 * @csspart panel - The card around everything.
 * @csspart title - The step's heading.
 * @csspart intro - The sentence under the heading.
 * @csspart form - The form of the step.
 * @csspart field - A label with its input, hint and error.
 * @csspart label - A field's label.
 * @csspart input - A text or password input.
 * @csspart hint - A field's hint (the password rules).
 * @csspart field-error - A field's error message.
 * @csspart form-error - The announced message about the whole form (wrong credentials, throttling).
 * @csspart notice - A confirmation (link sent, password set).
 * @csspart submit-button - The step's primary button.
 * @csspart link-button - The secondary actions: "Forgot password?", "Back to sign in", recovery code.
 *
 * @cssproperty --keyport-color-primary - Primary button, links and the focus ring.
 * @cssproperty --keyport-color-on-primary - Text on the primary button.
 * @cssproperty --keyport-color-surface - The card and inputs when `theme` is set.
 * @cssproperty --keyport-color-text - Body text; inherited from the page unless set or `theme` is set.
 * @cssproperty --keyport-color-muted - Intro sentences, hints and input borders.
 * @cssproperty --keyport-color-border - The card's outline.
 * @cssproperty --keyport-color-danger - Error messages and invalid inputs.
 * @cssproperty --keyport-color-success - The confirmation's accent.
 * @cssproperty --keyport-radius - Corner radius of the card, inputs and buttons.
 * @cssproperty --keyport-space - The spacing unit.
 * @cssproperty --keyport-font-family - Text font.
 */
export class LoginForm extends LitElement {
  static override styles = loginFormStyles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties: PropertyDeclarations = {
    apiBase: { attribute: "api-base" },
    locale: {},
    theme: { reflect: true },
    mode: { reflect: true },
    token: {},
    tokenType: { attribute: "token-type" },
    email: {},
  };

  /** Base URL of the Keyport API; defaults to the provider's, then this page's origin. */
  apiBase?: string;

  /** `en` or `de`; defaults to the provider's, then the page's `lang`. */
  locale?: string;

  /** `light`, `dark` or `auto` paint the card; unset, it blends into the page. */
  theme?: "light" | "dark" | "auto";

  /** The step the form opens with; `reset` and `invitation` need `token`. */
  mode: LoginFormMode = "sign-in";

  /** The `token` of a reset or invitation link (`?token=…`), for `mode="reset"` or `"invitation"`. */
  token?: string;

  /** `cookie` or `bearer`; by default `cookie` when the API is on this page's origin, else `bearer`. */
  tokenType?: LoginTokenType;

  /** Fills the email field in advance. */
  email?: string;

  /** What a surrounding `<portal-provider>` shares, kept current. */
  readonly #portalConsumer = new PortalConsumer(this);

  readonly #clients = createClientCache(() => this.#portal.locale);
  readonly #flow = new LoginFlow(this, { locale: () => this.#portal.locale });

  /** The SDK client: the provider's shared one for the same API, else this element's own. */
  get client(): PortalClient {
    const portal = this.#portal;
    return portal.client ?? this.#clients(portal);
  }

  /** How this form signs in, with the default resolved. */
  get effectiveTokenType(): LoginTokenType {
    if (this.tokenType !== undefined) return this.tokenType;
    const api = new URL(this.#portal.apiBase, location.href);
    return api.origin === location.origin ? "cookie" : "bearer";
  }

  /** The step shown: `sign-in`, `totp`, `forgot`, `forgot-sent`, `new-password` or `signed-in`. */
  get currentStep(): Step {
    return this.#flow.state.step;
  }

  /** What the nearest `<portal-provider>` shares; `undefined` standalone. */
  protected get providedPortal(): PortalContextValue | undefined {
    return this.#portalConsumer.value;
  }

  get #portal(): PortalContextValue {
    return resolvePortal(this.providedPortal, {
      apiBase: this.apiBase,
      locale: this.locale,
    });
  }

  #t = (key: LoginFormMessageKey): string => loginFormMessages(this.#portal.locale, key);

  protected override scheduleUpdate() {
    return afterLocaleLoaded(this.#portal.locale, () => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has("mode")) this.#flow.go(initialStep(this.mode));
  }

  protected override render(): unknown {
    const flow = this.#flow;
    const { state, busy } = flow;
    const step = renderLoginStep({
      ...state,
      busy,
      invitation: this.mode === "invitation",
      missingToken: !this.token,
      email: flow.emailDraft ?? this.email ?? "",
      t: this.#t,
      go: (next, focus) => flow.go(next, focus),
      toggleRecovery: flow.toggleRecovery,
      onSubmit: flow.onSubmit,
    });
    return html`
      <section part="panel" class="panel" aria-labelledby="title" aria-busy=${busy}>
        ${
          // Fresh inputs for every step: a reused <input> would keep what was typed into another field.
          keyed(`${state.step}:${state.recovery}`, step)
        }
      </section>
    `;
  }
}
