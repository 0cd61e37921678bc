// `@keyport/elements/login-form`: registers <login-form> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { LoginForm } from "./login-form.ts";

export { LoginForm };

defineElement("login-form", LoginForm);

declare global {
  interface HTMLElementTagNameMap {
    "login-form": LoginForm;
  }
}
