import type { FieldError } from "./problem.ts";

/**
 * Control characters no request text may carry: C0 except tab, line feed and
 * carriage return (multi-line notes need those), DEL and C1. PostgreSQL refuses
 * NUL outright (SQLSTATE 22021); the others would reach logs, mails and
 * terminals as they came.
 */
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
    if (code >= 0x7f && code <= 0x9f) return true;
  }
  return false;
}
/** Half of a surrogate pair without its other half: not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const CONTROL_CHARACTER_MESSAGE = "must not contain control characters";
export const MALFORMED_TEXT_MESSAGE = "must be well-formed Unicode text";

/** Why `value` is not acceptable request text, or `null` when it is. */
export function textProblem(value: string): string | null {
  if (hasControlCharacter(value)) return CONTROL_CHARACTER_MESSAGE;
  // A lone surrogate cannot be encoded as UTF-8; the database would refuse or alter it.
  if (LONE_SURROGATE.test(value)) return MALFORMED_TEXT_MESSAGE;
  return null;
}

/**
 * Every string in a request part (a JSON body, the query, the path parameters)
 * that breaks the text rule, named by its dotted path (`body.name`,
 * `query.q`, `path.id`, `body.entitlements.0`). Keys are checked as well as
 * values: a key is text the client chose too.
 *
 * @example
 * textFieldErrors({ name: "a\u0000b" }, "body"); // [{ field: "body.name", message: "must not contain control characters" }]
 */
export function textFieldErrors(value: unknown, place: string): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (node: unknown, path: string, depth: number) => {
    if (typeof node === "string") {
      const message = textProblem(node);
      if (message) errors.push({ field: path, message });
      return;
    }
    // Request bodies are small (1 MiB); the depth bound only guards the recursion itself.
    if (depth > 32 || node === null || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      const message = textProblem(key);
      if (message) {
        errors.push({ field: path, message: `keys ${message}` });
        continue;
      }
      visit(child, `${path}.${key}`, depth + 1);
    }
  };
  visit(value, place, 0);
  return errors;
}
