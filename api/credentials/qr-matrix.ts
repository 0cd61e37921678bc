import { encode } from "uqr";

/** A QR code as the modules a client draws: `rows[y][x]` is `"1"` for dark, `"0"` for light. */
export interface QrMatrix {
  /** Modules per side (21 for version 1, 4 more per version). */
  readonly size: number;
  /** `size` strings of `size` characters, top row first, without the quiet zone. */
  readonly rows: readonly string[];
}

/**
 * Medium error correction (15 %): an `otpauth:` URI still fits a small code,
 * and a phone reads it off a glossy or slightly dirty screen.
 */
export const QR_OPTIONS = { ecc: "M", border: 0 } as const;

/**
 * Encodes `text` as a QR code's module matrix, so a widget can draw it without
 * a QR library of its own. The quiet zone is left out: the drawer adds a light
 * margin of 4 modules around it.
 *
 * @example
 * encodeQrMatrix("otpauth://totp/Keyport:ada%40example.com?secret=…").size; // 41
 */
export function encodeQrMatrix(text: string): QrMatrix {
  const { size, data } = encode(text, QR_OPTIONS);
  return { size, rows: data.map((row) => row.map((dark) => (dark ? "1" : "0")).join("")) };
}
