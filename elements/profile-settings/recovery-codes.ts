/**
 * The secret as people copy it by eye: groups of four, as authenticator apps
 * show keys. The apps ignore the spaces.
 *
 * @example
 * groupSecret("JBSWY3DPEHPK3PXP"); // "JBSW Y3DP EHPK 3PXP"
 */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The `.txt` file of recovery codes: a title, what they are for, one code a line. */
export function recoveryCodesText(
  codes: readonly string[],
  { title, hint }: { readonly title: string; readonly hint: string },
): string {
  return `${title}\n\n${hint}\n\n${codes.join("\n")}\n`;
}

/**
 * A download link's target for the codes, a `blob:` URL the page owns; call
 * `URL.revokeObjectURL` when the codes are put away.
 */
export function recoveryCodesUrl(text: string): string {
  return URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
}
