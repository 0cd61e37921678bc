import { html, svg } from "lit";

/** The module matrix `POST /v1/me/totp` answers: `"1"` dark, `"0"` light, no quiet zone. */
export interface QrMatrix {
  readonly size: number;
  readonly rows: readonly string[];
}

/** The light margin scanners need around a code, in modules (ISO/IEC 18004). */
const QUIET_ZONE = 4;

/**
 * One SVG path of every dark module, a rectangle per horizontal run, so the
 * code is a single element however large, without seams between modules.
 *
 * @example
 * qrPath(["110", "011"]); // "M0 0h2v1h-2zM1 1h2v1h-2z"
 */
export function qrPath(rows: readonly string[]): string {
  let path = "";
  rows.forEach((row, y) => {
    for (const run of row.matchAll(/1+/g)) {
      const length = run[0].length;
      path += `M${run.index} ${y}h${length}v1h-${length}z`;
    }
  });
  return path;
}

/**
 * Draws the code dark on light in every theme (many scanner apps cannot read an
 * inverted code), with its quiet zone, as an image with an accessible name.
 */
export function renderQrCode(qr: QrMatrix, label: string) {
  const side = qr.size + QUIET_ZONE * 2;
  return html`<svg
    part="qr-code"
    class="qr-code"
    role="img"
    aria-label=${label}
    viewBox="${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}"
    shape-rendering="crispEdges"
  >${svg`<rect x=${-QUIET_ZONE} y=${-QUIET_ZONE} width=${side} height=${side} fill="#ffffff"></rect>
    <path d=${qrPath(qr.rows)} fill="#000000"></path>`}</svg>`;
}
