import { dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password.ts";

/** ~49k passwords seen in breaches, lower-cased, built once on first use. */
let common: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary["passwords-common"].map((entry) => entry.toLowerCase()));
  return common;
}

/**
 * Why a password is refused, or `null` when it is acceptable. NIST SP 800-63B
 * rules: a length of 12 to 256 characters, no composition rules, and no password
 * that is common or made of the user's own address or name. The answer is a
 * sentence fit for a 422 problem naming the password field.
 *
 * @example
 * const weak = describeWeakPassword(input.password, { email: user.email, name: user.name });
 * if (weak) throw fieldProblem("body.password", weak);
 */
export function describeWeakPassword(
  password: string,
  context: { readonly email?: string; readonly name?: string } = {},
): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `at most ${PASSWORD_MAX_LENGTH} characters`;
  const folded = password.toLowerCase();
  if (commonPasswords().has(folded)) {
    return "is one of the most common passwords; choose one that is harder to guess";
  }
  if (new Set(folded).size === 1) return "must not repeat a single character";
  const personal = personalWords(context);
  if (personal.some((word) => folded === word || folded.replace(/\s+/g, "") === word)) {
    return "must not be your email address or name";
  }
  return null;
}

/** The spellings of the user's own details a password must not simply repeat. */
function personalWords(context: { readonly email?: string; readonly name?: string }): string[] {
  const words: string[] = [];
  const email = context.email?.trim().toLowerCase();
  if (email) {
    words.push(email);
    const local = email.split("@")[0];
    if (local) words.push(local);
  }
  const name = context.name?.trim().toLowerCase();
  if (name) words.push(name, name.replace(/\s+/g, ""));
  return words;
}
