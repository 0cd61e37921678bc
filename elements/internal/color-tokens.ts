import { unsafeCSS } from "lit";

// Apart from the styles because of `unsafeCSS`: the build minifies the CSS of every file
// without it (minify-literals leaves a file with `unsafeCSS` as written).

export type KeyportTheme = "light" | "dark";

/**
 * The colour tokens of DESIGN.md, each overridable as `--keyport-color-<name>`.
 * `on-primary` is the text on a primary-coloured button: white fails contrast
 * on the light indigo of the dark theme.
 */
export const colorTokens = {
  primary: { light: "#4f46e5", dark: "#818cf8" },
  "on-primary": { light: "#ffffff", dark: "#111318" },
  surface: { light: "#ffffff", dark: "#111318" },
  background: { light: "#f6f7f9", dark: "#0b0c0f" },
  text: { light: "#111827", dark: "#e5e7eb" },
  muted: { light: "#6b7280", dark: "#9ca3af" },
  border: { light: "#e5e7eb", dark: "#262a33" },
  success: { light: "#047857", dark: "#34d399" },
  warning: { light: "#b45309", dark: "#fbbf24" },
  danger: { light: "#b91c1c", dark: "#f87171" },
} as const satisfies Record<string, Record<KeyportTheme, string>>;

export type ColorTokenName = keyof typeof colorTokens;

/**
 * Private `--_kp-color-*` variables resolve each public token against the
 * theme's default once, so the rules below read one name and a page override
 * (`--keyport-color-primary: teal`) wins in both themes. The values are our own
 * constants, which is what makes `unsafeCSS` safe here.
 */
export function colorVariables(theme: KeyportTheme) {
  return unsafeCSS(
    Object.entries(colorTokens)
      .map(
        ([name, values]) => `--_kp-color-${name}: var(--keyport-color-${name}, ${values[theme]});`,
      )
      .join("\n"),
  );
}

/**
 * For `<license-portal>`: it resolves every colour token once (page override, else its theme's
 * default) and hands the result to the elements inside as the public `--keyport-color-*`
 * properties, set on an inner box so they do not refer to themselves. The elements then need no
 * `theme` of their own: a dark portal has dark pages, and a page's override still reaches every
 * one of them.
 */
export function colorTokensPassedOn() {
  return unsafeCSS(
    Object.keys(colorTokens)
      .map((name) => `--keyport-color-${name}: var(--_kp-color-${name});`)
      .join("\n"),
  );
}
