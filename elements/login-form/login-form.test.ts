/// <reference types="mocha" />
import { createPortalClient, type PortalClient } from "@keyport/sdk";
import { ContextProvider } from "@lit/context";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import { render, type TemplateResult } from "lit";
import { portalContext } from "../internal/context.ts";
import "../internal/test-helpers.ts";
import "./define.ts";
import type { LoginForm } from "./login-form.ts";
import { loginFormMessages } from "./login-form-messages.ts";
import { describeWait, weakPasswordMessage } from "./login-form-problems.ts";

const API = "https://keyport.test";
const PASSWORD = "right-password";
const en = (key: Parameters<typeof loginFormMessages>[1], params?: Record<string, string>) =>
  loginFormMessages("en", key, params);

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  Response.json(
    { type: "about:blank", title: code, status, code, ...extra },
    {
      status,
      headers: {
        "content-type": "application/problem+json",
        ...(typeof extra.retryAfter === "number"
          ? { "retry-after": String(extra.retryAfter) }
          : {}),
      },
    },
  );

const user = {
  id: "usr_olivia",
  email: "olivia@example.com",
  name: "Olivia Owner",
  role: "owner",
  accountId: "acc_1",
};

/** Answers like the real API: sign-in with two-factor and throttling, reset mails, reset links. */
async function fakeApi(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const body = request.method === "POST" ? await request.json().catch(() => ({})) : {};
  switch (`${request.method} ${url.pathname}`) {
    case "POST /v1/auth/login": {
      if (body.email === "slow@example.com")
        return problem(429, "RATE_LIMITED", { retryAfter: 95 });
      if (body.password !== PASSWORD) return problem(401, "INVALID_CREDENTIALS");
      if (body.email === "totp@example.com") {
        if (body.totpCode === undefined) return problem(401, "TOTP_REQUIRED");
        if (body.totpCode !== "123456" && body.totpCode !== "abcde-fghij") {
          return problem(401, "INVALID_TOTP_CODE");
        }
      } else if (body.email !== user.email) {
        return problem(401, "INVALID_CREDENTIALS");
      }
      const expiresAt = "2030-01-01T00:00:00.000Z";
      return Response.json({
        user: { ...user, email: body.email },
        session: { id: "ses_1", expiresAt },
        ...(body.tokenType === "bearer" ? { token: "kps_signed-in", expiresAt } : {}),
      });
    }
    case "GET /v1/me":
      return Response.json({ ...user, locale: "en", timezone: "UTC" });
    case "POST /v1/auth/password-reset":
      if (body.email === "slow@example.com") {
        return problem(429, "RATE_LIMITED", { retryAfter: 1800 });
      }
      return Response.json({ detail: "If an account uses this address…" }, { status: 202 });
    case "POST /v1/auth/password-reset/confirm":
      if (body.token !== "good-token") return problem(400, "TOKEN_INVALID");
      if (body.password.length < 12) {
        return problem(422, "VALIDATION_FAILED", {
          errors: [{ field: "body.password", message: "at least 12 characters" }],
        });
      }
      if (body.password === "password1234") {
        return problem(422, "VALIDATION_FAILED", {
          errors: [
            {
              field: "body.password",
              message: "is one of the most common passwords; choose one that is harder to guess",
            },
          ],
        });
      }
      return new Response(null, { status: 204 });
  }
  return problem(404, "NOT_FOUND");
}

const text = (node: Element | null | undefined) =>
  node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 200 && !condition(); i += 1) await settle(10);
  expect(condition(), what).to.equal(true);
}

describe("<login-form>", () => {
  let requests: { method: string; path: string; body: Record<string, unknown> }[];
  let client: PortalClient;

  beforeEach(() => {
    requests = [];
    client = createPortalClient({
      baseUrl: API,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const body =
          request.method === "POST"
            ? await request
                .clone()
                .json()
                .catch(() => ({}))
            : {};
        requests.push({ method: request.method, path: new URL(request.url).pathname, body });
        return fakeApi(request);
      },
    });
  });

  /** The form inside a context that injects the client, as `<portal-provider>` would. */
  async function mount(template: TemplateResult, { locale = "en", apiBase = API } = {}) {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    new ContextProvider(host, {
      context: portalContext,
      initialValue: { apiBase, locale: locale as "en" | "de", timezone: "UTC", client },
    });
    render(template, host);
    const form = host.querySelector("login-form")!;
    await form.updateComplete;
    return form;
  }

  const $ = <E extends Element = HTMLElement>(form: LoginForm, selector: string) =>
    form.shadowRoot!.querySelector<E>(selector);
  const input = (form: LoginForm, id: string) => $<HTMLInputElement>(form, `#${id}`)!;
  const focused = (form: LoginForm) => form.shadowRoot!.activeElement;
  const alertText = (form: LoginForm) => text($(form, '[part~="form-error"]'));

  async function submit(form: LoginForm, values: Record<string, string>) {
    for (const [id, value] of Object.entries(values)) input(form, id).value = value;
    $<HTMLButtonElement>(form, '[part~="submit-button"]')!.click();
    await settle();
    await until(() => !isBusy(form), "the request settled");
    await settle();
    await form.updateComplete;
  }
  const isBusy = (form: LoginForm) => $(form, "section")?.getAttribute("aria-busy") === "true";

  it("labels every field and names what browsers and password managers should fill in", async () => {
    const form = await mount(html`<login-form></login-form>`);
    const email = input(form, "email");
    const password = input(form, "password");
    expect(email.type).to.equal("email");
    expect(email.autocomplete).to.equal("username");
    expect(password.type).to.equal("password");
    expect(password.autocomplete).to.equal("current-password");
    expect(text($(form, 'label[for="email"]'))).to.equal("Email address");
    expect(text($(form, 'label[for="password"]'))).to.equal("Password");
    expect(text($(form, "h2"))).to.equal("Sign in");
    await expect(form).to.be.accessible();
  });

  it("signs in same-origin with the cookie and tells the page who signed in", async () => {
    const form = await mount(html`<login-form></login-form>`, { apiBase: location.origin });
    expect(form.effectiveTokenType).to.equal("cookie");
    const signedIn = oneEvent(form, "signed-in");
    await submit(form, { email: "olivia@example.com", password: PASSWORD });
    const { detail, bubbles, composed } = await signedIn;
    expect(bubbles && composed).to.equal(true);
    expect(detail.tokenType).to.equal("cookie");
    expect(detail.token).to.equal(undefined);
    expect(detail.user.email).to.equal("olivia@example.com");
    expect(detail.me?.name).to.equal("Olivia Owner");
    expect(requests[0]?.body).to.deep.equal({
      email: "olivia@example.com",
      password: PASSWORD,
      tokenType: "cookie",
    });
    expect(form.currentStep).to.equal("signed-in");
    await expect(form).to.be.accessible();
  });

  it("asks for a bearer token on another origin and hands it over in the event", async () => {
    const form = await mount(html`<login-form></login-form>`);
    expect(form.effectiveTokenType).to.equal("bearer");
    const signedIn = oneEvent(form, "signed-in");
    await submit(form, { email: " Olivia@example.com ".toLowerCase(), password: PASSWORD });
    const { detail } = await signedIn;
    expect(detail.token).to.equal("kps_signed-in");
    expect(detail.expiresAt).to.equal("2030-01-01T00:00:00.000Z");
    expect(requests[0]?.body.tokenType).to.equal("bearer");
  });

  it("says plainly that the email or password is wrong, clears the password and focuses it", async () => {
    const form = await mount(html`<login-form></login-form>`);
    await submit(form, { email: "olivia@example.com", password: "wrong-password" });
    expect(alertText(form)).to.equal(en("sign-in.invalid"));
    expect($(form, '[part~="form-error"]')!.getAttribute("role")).to.equal("alert");
    expect(input(form, "password").value).to.equal("");
    expect(focused(form)).to.equal(input(form, "password"));
    expect(input(form, "email").value).to.equal("olivia@example.com");
    await expect(form).to.be.accessible();
  });

  it("checks empty and malformed fields before asking the API, focusing the first", async () => {
    const form = await mount(html`<login-form></login-form>`);
    await submit(form, { email: "", password: "" });
    expect(requests).to.have.length(0);
    expect(input(form, "email").getAttribute("aria-invalid")).to.equal("true");
    expect(input(form, "password").getAttribute("aria-invalid")).to.equal("true");
    expect(text($(form, "#email-error"))).to.equal(en("error.email.missing"));
    expect(input(form, "email").getAttribute("aria-describedby")).to.equal("email-error");
    expect(focused(form)).to.equal(input(form, "email"));
    await expect(form).to.be.accessible();

    await submit(form, { email: "olivia.example.com", password: PASSWORD });
    expect(text($(form, "#email-error"))).to.equal(en("error.email.invalid"));
    expect($(form, "#password-error")).to.equal(null);
    expect(requests).to.have.length(0);
  });

  it("asks for the two-factor code, takes a recovery code too, and signs in with both answers", async () => {
    const form = await mount(html`<login-form></login-form>`);
    await submit(form, { email: "totp@example.com", password: PASSWORD });
    expect(form.currentStep).to.equal("totp");
    const code = input(form, "code");
    // A fresh field: nothing typed into the email field may show up here.
    expect(code.value).to.equal("");
    expect(code.autocomplete).to.equal("one-time-code");
    expect(code.inputMode).to.equal("numeric");
    expect(text($(form, 'label[for="code"]'))).to.equal("Authentication code");
    expect(focused(form)).to.equal(code);
    await expect(form).to.be.accessible();

    await submit(form, { code: "000000" });
    expect(text($(form, "#code-error"))).to.equal(en("totp.invalid"));
    expect(focused(form)).to.equal(input(form, "code"));
    await expect(form).to.be.accessible();

    const toggle = [
      ...form.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="link-button"]'),
    ];
    toggle.find((button) => text(button) === en("totp.use-recovery"))!.click();
    await form.updateComplete;
    expect(text($(form, 'label[for="code"]'))).to.equal("Recovery code");
    expect(input(form, "code").autocomplete).to.equal("off");
    await expect(form).to.be.accessible();

    const signedIn = oneEvent(form, "signed-in");
    await submit(form, { code: "abcde-fghij" });
    await signedIn;
    expect(requests.at(-2)?.body).to.deep.equal({
      email: "totp@example.com",
      password: PASSWORD,
      tokenType: "bearer",
      totpCode: "abcde-fghij",
    });
  });

  it("says when to try again after too many attempts", async () => {
    const form = await mount(html`<login-form></login-form>`);
    await submit(form, { email: "slow@example.com", password: PASSWORD });
    expect(alertText(form)).to.equal("Too many attempts. Try again in 2 minutes.");
    await expect(form).to.be.accessible();
  });

  it("rounds waits up to whole seconds, minutes or hours, in both languages", () => {
    expect(describeWait("en", 30)).to.equal("in 30 seconds");
    expect(describeWait("en", 61)).to.equal("in 2 minutes");
    expect(describeWait("en", 3600)).to.equal("in 1 hour");
    expect(describeWait("de", 1800)).to.equal("in 30 Minuten");
  });

  it("sends a reset link for a forgotten password and answers the same for any address", async () => {
    const form = await mount(html`<login-form email="olivia@example.com"></login-form>`);
    const forgot = [
      ...form.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="link-button"]'),
    ];
    forgot.find((button) => text(button) === "Forgot password?")!.click();
    await form.updateComplete;
    expect(form.currentStep).to.equal("forgot");
    expect(focused(form)).to.equal(input(form, "email"));
    expect(input(form, "email").value).to.equal("olivia@example.com");
    await expect(form).to.be.accessible();

    await submit(form, { email: "nobody@example.com" });
    expect(requests.at(-1)).to.deep.include({
      path: "/v1/auth/password-reset",
      body: { email: "nobody@example.com" },
    });
    expect(form.currentStep).to.equal("forgot-sent");
    expect(text($(form, '[part~="notice"]'))).to.contain(
      "If an account exists for that address, we sent a link",
    );
    expect(focused(form)).to.equal($(form, "h2"));
    await expect(form).to.be.accessible();
  });

  it("says when more reset mails can be asked for", async () => {
    const form = await mount(html`<login-form mode="forgot"></login-form>`);
    await submit(form, { email: "slow@example.com" });
    expect(alertText(form)).to.equal("Too many attempts. Try again in 30 minutes.");
  });

  it("sets a new password from a reset link, showing the API's reasons for a weak one", async () => {
    const form = await mount(html`<login-form mode="reset" token="good-token"></login-form>`);
    expect(text($(form, "h2"))).to.equal("Choose a new password");
    expect(input(form, "new-password").autocomplete).to.equal("new-password");
    expect(input(form, "confirm-password").autocomplete).to.equal("new-password");
    await expect(form).to.be.accessible();

    await submit(form, { "new-password": "long enough pass", "confirm-password": "long enough" });
    expect(text($(form, "#confirm-password-error"))).to.equal(en("error.confirm.mismatch"));
    expect(focused(form)).to.equal(input(form, "confirm-password"));
    expect(requests).to.have.length(0);

    await submit(form, { "new-password": "short", "confirm-password": "short" });
    expect(text($(form, "#new-password-error"))).to.equal("Use at least 12 characters.");
    expect(input(form, "new-password").getAttribute("aria-describedby")).to.equal(
      "new-password-hint new-password-error",
    );
    expect(focused(form)).to.equal(input(form, "new-password"));
    await expect(form).to.be.accessible();

    await submit(form, { "new-password": "password1234", "confirm-password": "password1234" });
    expect(text($(form, "#new-password-error"))).to.equal(en("weak.common"));

    const reset = oneEvent(form, "password-reset");
    await submit(form, {
      "new-password": "correct horse battery",
      "confirm-password": "correct horse battery",
    });
    expect((await reset).detail).to.deep.equal({ mode: "reset" });
    expect(requests.at(-1)).to.deep.include({
      path: "/v1/auth/password-reset/confirm",
      body: { token: "good-token", password: "correct horse battery" },
    });
    expect(form.currentStep).to.equal("sign-in");
    expect(text($(form, '[part~="notice"]'))).to.equal(en("reset.done"));
    await expect(form).to.be.accessible();
  });

  it("explains a used or expired link and offers a new one", async () => {
    const form = await mount(html`<login-form mode="reset" token="used-token"></login-form>`);
    await submit(form, {
      "new-password": "correct horse battery",
      "confirm-password": "correct horse battery",
    });
    expect(alertText(form)).to.contain(en("reset.token-invalid"));
    await expect(form).to.be.accessible();
    [...form.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="link-button"]')]
      .find((button) => text(button) === en("reset.request-new"))!
      .click();
    await form.updateComplete;
    expect(form.currentStep).to.equal("forgot");
  });

  it("says a link without its token cannot work, without asking the API", async () => {
    const form = await mount(html`<login-form mode="reset"></login-form>`);
    expect(alertText(form)).to.contain(en("reset.token-missing"));
    await submit(form, { "new-password": "correct horse battery", "confirm-password": "x" });
    expect(requests).to.have.length(0);
  });

  it("offers an invitation's 'Choose a password' on the same form", async () => {
    const form = await mount(html`<login-form mode="invitation" token="good-token"></login-form>`);
    expect(text($(form, "h2"))).to.equal("Choose a password");
    expect(text($(form, '[part~="submit-button"]'))).to.equal("Save and continue");
    await expect(form).to.be.accessible();
    const reset = oneEvent(form, "password-reset");
    await submit(form, {
      "new-password": "correct horse battery",
      "confirm-password": "correct horse battery",
    });
    expect((await reset).detail.mode).to.equal("invitation");
  });

  it("speaks German with Sie, including the API's password reasons and the wait", async () => {
    const form = await mount(html`<login-form></login-form>`, { locale: "de" });
    expect(text($(form, "h2"))).to.equal("Anmelden");
    expect(text($(form, 'label[for="password"]'))).to.equal("Passwort");
    await submit(form, { email: "slow@example.com", password: PASSWORD });
    expect(alertText(form)).to.equal("Zu viele Versuche. Versuchen Sie es in 2 Minuten erneut.");
    await submit(form, { email: "olivia@example.com", password: "nope-nope" });
    expect(alertText(form)).to.contain("Prüfen Sie beides");
    await expect(form).to.be.accessible();
    expect(weakPasswordMessage("de", "at least 12 characters")).to.equal(
      "Verwenden Sie mindestens 12 Zeichen.",
    );
    expect(weakPasswordMessage("de", "a rule we have not heard of")).to.equal(
      "A rule we have not heard of.",
    );

    const reset = await mount(html`<login-form mode="reset" token="good-token"></login-form>`, {
      locale: "de",
    });
    expect(text($(reset, "h2"))).to.equal("Neues Passwort wählen");
    await expect(reset).to.be.accessible();
  });

  it("is usable with the keyboard alone, from the first field to the code step", async function () {
    this.timeout(20_000);
    const form = await mount(html`<login-form></login-form>`);
    form.focus();
    expect(focused(form)).to.equal(input(form, "email"));
    await sendKeys({ type: "totp@example.com" });
    await sendKeys({ press: "Tab" });
    expect(focused(form)).to.equal(input(form, "password"));
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: "Enter" });
    await until(() => form.currentStep === "totp", "the code step");
    await form.updateComplete;
    expect(focused(form)).to.equal(input(form, "code"));
    await sendKeys({ type: "123456" });
    const signedIn = oneEvent(form, "signed-in");
    await sendKeys({ press: "Enter" });
    expect((await signedIn).detail.user.email).to.equal("totp@example.com");
  });

  it("reports a failure it did not expect as keyport-error and says so", async () => {
    client = createPortalClient({
      baseUrl: API,
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    const form = await mount(html`<login-form></login-form>`);
    const failed = oneEvent(form, "keyport-error");
    await submit(form, { email: "olivia@example.com", password: PASSWORD });
    expect((await failed).detail.error).to.have.property("status", 0);
    expect(alertText(form)).to.equal(en("error.network"));
  });
});
