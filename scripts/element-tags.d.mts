/** The tags @keyport/elements registers: every element folder with a `define.ts`, sorted. */
export function elementTags(): string[];
