import type { PortalBranding } from "../config/config.ts";

/** The surfaces the primary colour sits on (elements/internal/styles.ts), light and dark. */
const SURFACE = { light: "#ffffff", dark: "#111318" } as const;
/** WCAG AA for text: links and the primary button's label are text. */
const MIN_CONTRAST = 4.5;

type Rgb = readonly [number, number, number];

function parseHex(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2.x relative luminance. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The WCAG contrast ratio of two `#rrggbb` colours, 1 to 21.
 *
 * @example
 * contrastRatio("#ffffff", "#000000"); // 21
 */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(parseHex(a)), luminance(parseHex(b))].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The colour itself when it reads on `surface`, else the first 5 % step
 * towards black (light surfaces) or white (dark ones) that does: a vendor's
 * pale yellow stays recognisably theirs, and links stay readable.
 */
export function readableOn(color: string, surface: string): string {
  const toward: Rgb = luminance(parseHex(surface)) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const start = parseHex(color);
  for (let step = 0; step <= 20; step += 1) {
    const mixed = toHex(start.map((c, i) => c + (toward[i]! - c) * (step / 20)) as unknown as Rgb);
    if (contrastRatio(mixed, surface) >= MIN_CONTRAST) return mixed;
  }
  return toHex(toward);
}

/** White or the dark surface, whichever reads better on a primary button. */
function textOn(color: string): string {
  return contrastRatio(color, "#ffffff") >= contrastRatio(color, SURFACE.dark)
    ? "#ffffff"
    : SURFACE.dark;
}

/**
 * The portal's generated stylesheet: the configured primary colour as the
 * elements' `--keyport-color-primary`, in each colour scheme made readable on
 * that scheme's surface. Served as a file, since the page allows no inline style.
 */
export function portalThemeCss({ primaryColor }: Pick<PortalBranding, "primaryColor">): string {
  if (primaryColor === undefined)
    return "/* Keyport's own colours: PORTAL_PRIMARY_COLOR is not set. */\n";
  const light = readableOn(primaryColor, SURFACE.light);
  const dark = readableOn(primaryColor, SURFACE.dark);
  return [
    `/* PORTAL_PRIMARY_COLOR=${primaryColor}, adjusted where needed for 4.5:1 contrast. */`,
    `:root {\n  --keyport-color-primary: ${light};\n  --keyport-color-on-primary: ${textOn(light)};\n}`,
    "@media (prefers-color-scheme: dark) {",
    `  :root {\n    --keyport-color-primary: ${dark};\n    --keyport-color-on-primary: ${textOn(dark)};\n  }`,
    "}",
    "",
  ].join("\n");
}

/** Keyport's own primary colour (elements/internal/color-tokens.ts, light). */
const KEYPORT_PRIMARY = "#4f46e5";

/**
 * The page's icon when no `PORTAL_LOGO_URL` is set: the sidebar's mark, a white diamond on a
 * rounded square of the primary colour, as SVG.
 *
 * @example
 * portalIconSvg({ primaryColor: "#0f766e" }); // "<svg xmlns=… fill=\"#0f766e\"…"
 */
export function portalIconSvg({ primaryColor }: Pick<PortalBranding, "primaryColor">): string {
  const fill = primaryColor ?? KEYPORT_PRIMARY;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">',
    `<rect width="32" height="32" rx="7" fill="${fill}"/>`,
    `<path d="M16 7 25 16 16 25 7 16Z" fill="${textOn(fill)}"/>`,
    "</svg>\n",
  ].join("");
}
