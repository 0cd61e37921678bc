import type { LoginFormMessageKey } from "./login-form-messages.ts";
import { type LoginField, looksLikeEmail } from "./login-form-problems.ts";

/** A step's form, by input name. */
export type LoginValues = Readonly<Record<string, string>>;

/** The message under each field that needs fixing. */
export type FieldErrors = Partial<Record<LoginField, string>>;

/** The checks worth making before a round trip; the API judges the rest. */
export function checkLoginValues(
  values: LoginValues,
  t: (key: LoginFormMessageKey) => string,
): FieldErrors {
  const errors: FieldErrors = {};
  const email = values.email?.trim();
  if (email !== undefined) {
    if (email === "") errors.email = t("error.email.missing");
    else if (!looksLikeEmail(email)) errors.email = t("error.email.invalid");
  }
  if (values.password === "") errors.password = t("error.password.missing");
  if (values.code?.trim() === "") errors.code = t("totp.missing");
  if (values["new-password"] === "") {
    errors["new-password"] = t("error.new-password.missing");
  } else if (
    values["confirm-password"] !== undefined &&
    values["confirm-password"] !== values["new-password"]
  ) {
    errors["confirm-password"] = t("error.confirm.mismatch");
  }
  return errors;
}
