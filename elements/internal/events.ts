/** Detail of `keyport-error`: the load failed; the element shows its error state. */
export interface KeyportErrorDetail {
  readonly error: unknown;
}

/** Detail of `keyport-signed-out`: the API answered 401; the page should sign the user in. */
export interface KeyportSignedOutDetail {
  readonly error: unknown;
}

/**
 * Every event the elements dispatch, by name. Elements add theirs through
 * declaration merging (`declare module "../internal/events.ts" { interface KeyportEventMap … }`),
 * and because `HTMLElementEventMap` extends it, `addEventListener` is typed for them.
 */
export interface KeyportEventMap {
  "keyport-error": CustomEvent<KeyportErrorDetail>;
  "keyport-signed-out": CustomEvent<KeyportSignedOutDetail>;
}

export type KeyportEventName = keyof KeyportEventMap;

export type KeyportEventDetail<K extends KeyportEventName> = KeyportEventMap[K]["detail"];

declare global {
  interface HTMLElementEventMap extends KeyportEventMap {}
}

export interface EmitOptions {
  /** Lets a listener call `preventDefault()` to veto the action the event announces. */
  readonly cancelable?: boolean;
}

/**
 * Dispatches a typed event that bubbles and crosses shadow roots, so a page can
 * listen once on a container however deeply the element is nested.
 *
 * @example
 * emitKeyportEvent(this, "keyport-error", { error });
 */
export function emitKeyportEvent<K extends KeyportEventName>(
  target: EventTarget,
  name: K,
  detail: KeyportEventDetail<K>,
  { cancelable = false }: EmitOptions = {},
): KeyportEventMap[K] {
  const event = new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable });
  target.dispatchEvent(event);
  return event as KeyportEventMap[K];
}
