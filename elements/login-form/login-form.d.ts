import type { Me, PortalClient, SignedIn } from "@keyport/sdk";
import { LitElement, type PropertyValues } from "lit";
import { type PortalContextValue } from "../internal/context.ts";
/** What the form opens with: sign-in, "forgot password", or a mailed link's new password. */
export type LoginFormMode = "sign-in" | "forgot" | "reset" | "invitation";
/** `cookie` for the standalone portal (same origin), `bearer` for an embedded page. */
export type LoginTokenType = "cookie" | "bearer";
/** Detail of `signed-in`. */
export interface SignedInDetail {
    /** The user as the sign-in answered. */
    readonly user: SignedIn["user"];
    /** `GET /v1/me` right after the sign-in; absent if that call failed. */
    readonly me?: Me;
    /** Bearer mode only: the session token, for the page to keep in memory (never in storage). */
    readonly token?: string;
    /** Bearer mode only: when the token ends, however busy. */
    readonly expiresAt?: string;
    readonly tokenType: LoginTokenType;
}
/** Detail of `password-reset`: a reset or invitation link set the password. */
export interface PasswordResetDetail {
    readonly mode: "reset" | "invitation";
}
declare module "../internal/events.ts" {
    interface KeyportEventMap {
        "signed-in": CustomEvent<SignedInDetail>;
        "password-reset": CustomEvent<PasswordResetDetail>;
    }
}
type Step = "sign-in" | "totp" | "forgot" | "forgot-sent" | "new-password" | "signed-in";
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
export declare class LoginForm extends LitElement {
    #private;
    static styles: import("lit").CSSResult;
    static shadowRootOptions: {
        delegatesFocus: boolean;
        clonable?: boolean;
        customElementRegistry?: CustomElementRegistry;
        mode: ShadowRootMode;
        serializable?: boolean;
        slotAssignment?: SlotAssignmentMode;
    };
    /** Base URL of the Keyport API; defaults to the provider's, then this page's origin. */
    apiBase?: string;
    /** `en` or `de`; defaults to the provider's, then the page's `lang`. */
    locale?: string;
    /** `light`, `dark` or `auto` paint the card; unset, it blends into the page. */
    theme?: "light" | "dark" | "auto";
    /** The step the form opens with; `reset` and `invitation` need `token`. */
    mode: LoginFormMode;
    /** The `token` of a reset or invitation link (`?token=…`), for `mode="reset"` or `"invitation"`. */
    token?: string;
    /** `cookie` or `bearer`; by default `cookie` when the API is on this page's origin, else `bearer`. */
    tokenType?: LoginTokenType;
    /** Fills the email field in advance. */
    email?: string;
    protected providedPortal?: PortalContextValue;
    private step;
    private recovery;
    private formError;
    private fieldErrors;
    private notice;
    /** The SDK client: the provider's shared one for the same API, else this element's own. */
    get client(): PortalClient;
    /** How this form signs in, with the default resolved. */
    get effectiveTokenType(): LoginTokenType;
    /** The step shown: `sign-in`, `totp`, `forgot`, `forgot-sent`, `new-password` or `signed-in`. */
    get currentStep(): Step;
    protected willUpdate(changed: PropertyValues<this>): void;
    protected updated(changed: PropertyValues<this>): void;
    protected render(): unknown;
}
export {};
