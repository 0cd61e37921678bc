import type { FormProblem } from "./profile-problems.ts";
import type { ProfileMessageKey } from "./profile-settings-messages.ts";
import type { FormId } from "./profile-view.ts";

/** A deliberately loose check: the API has the last word, this only catches typos early. */
const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/**
 * What can be told before asking the API: empty fields, an address without an
 * `@`, a code that is not 6 digits, two new passwords that differ. `undefined`
 * when the form may be sent.
 */
export function checkForm(
  form: FormId,
  values: Readonly<Record<string, string>>,
  say: (key: ProfileMessageKey) => string,
): FormProblem | undefined {
  const fields: Record<string, string> = {};
  const required = (name: string, key: ProfileMessageKey) => {
    if (!values[name]) fields[name] ??= say(key);
  };
  switch (form) {
    case "name":
      required("name", "field.required.name");
      break;
    case "email":
      required("newEmail", "field.required.email");
      if (values.newEmail && !looksLikeEmail(values.newEmail)) {
        fields.newEmail = say("field.invalid.email");
      }
      required("emailPassword", "field.required.password");
      break;
    case "password":
      required("currentPassword", "field.required.password");
      required("newPassword", "field.required.newPassword");
      if (values.newPassword && values.confirmPassword !== values.newPassword) {
        fields.confirmPassword = say("field.mismatch");
      }
      break;
    case "setup":
      required("setupPassword", "field.required.password");
      break;
    case "enable": {
      const code = (values.code ?? "").replace(/\s/g, "");
      if (code === "") fields.code = say("field.required.code");
      else if (!/^\d{6}$/.test(code)) fields.code = say("field.invalid.code");
      break;
    }
    case "disable":
      required("disablePassword", "field.required.password");
      required("disableCode", "field.required.code");
      break;
  }
  return Object.keys(fields).length === 0 ? undefined : { fields };
}
