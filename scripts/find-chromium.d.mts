/** The places system packages put a Chromium or Chrome binary. */
export const knownChromiumPaths: readonly string[];
/** `CHROMIUM_PATH`, else the first known or PATH-found binary; throws with an install hint. */
export function findChromium(): string;
