/**
 * English strings, the reference catalogue: every key used by an element is
 * declared here first. Keys are grouped by the element (or `state` for the base
 * class) that owns them; `{name}` marks a parameter filled in by `msg()`.
 */
export const messagesEn = {
  "state.loading": "Loading…",
  "state.empty": "Nothing to show yet.",
  "state.error": "Something went wrong.",
  "state.error.hint": "Try again in a moment. If it keeps happening, contact support.",
  "state.retry": "Try again",
  "state.signed-out": "You are signed out. Sign in to continue.",
} as const;

export type MessageKey = keyof typeof messagesEn;
