import { messagesDe } from "./messages-de.ts";
import { type MessageKey, messagesEn } from "./messages-en.ts";

export type { MessageKey } from "./messages-en.ts";

/** The languages the elements speak. */
export type KeyportLocale = "en" | "de";

export const keyportLocales: readonly KeyportLocale[] = ["en", "de"];

/**
 * Maps any BCP 47 tag (`de-AT`, `en-US`, `DE`) to a supported locale; anything
 * else falls back to English.
 *
 * @example
 * resolveLocale("de-CH"); // "de"
 */
export function resolveLocale(tag: string | null | undefined): KeyportLocale {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return keyportLocales.find((locale) => locale === language) ?? "en";
}

/** The full tag given to `Intl`: British English writes dates as "14 March 2027". */
export function intlLocaleTag(locale: KeyportLocale): string {
  return locale === "de" ? "de-DE" : "en-GB";
}

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Forms of a message that counts something, picked by its `count` parameter:
 * `=0` for exactly zero, else the `Intl.PluralRules` category (`one` or
 * `other` in English and German), falling back to `other`.
 */
export interface PluralMessage {
  readonly "=0"?: string;
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type MessageTemplate = string | PluralMessage;

export type MessageCatalogue = Readonly<Record<string, MessageTemplate>>;

/** The typed lookup `defineMessages` returns; `catalogues` holds what it was given. */
export interface MessageLookup<K extends string> {
  (locale: KeyportLocale, key: K, params?: MessageParams): string;
  readonly catalogues: Readonly<Record<KeyportLocale, Readonly<Record<K, MessageTemplate>>>>;
}

/**
 * Declares an element's own strings in every language, so each element keeps
 * its catalogue beside its code. German must have exactly the English keys: a
 * missing or an extra one is a type error.
 *
 * @example
 * const messages = defineMessages({
 *   en: { title: "My Licenses", seats: { one: "{count} machine", other: "{count} machines" } },
 *   de: { title: "Meine Lizenzen", seats: { one: "{count} Gerät", other: "{count} Geräte" } },
 * });
 * messages("de", "seats", { count: 3 }); // "3 Geräte"
 */
export function defineMessages<
  const E extends MessageCatalogue,
  const D extends { readonly [K in keyof E]: MessageTemplate },
>(catalogues: {
  readonly en: E;
  readonly de: D & { readonly [K in Exclude<keyof D, keyof E>]: never };
}): MessageLookup<keyof E & string> {
  const lookup = (locale: KeyportLocale, key: keyof E & string, params?: MessageParams) => {
    const template = pickForm(locale, catalogues[locale][key] as MessageTemplate, params);
    return params === undefined ? template : interpolate(locale, template, params);
  };
  return Object.assign(lookup, { catalogues });
}

function pickForm(locale: KeyportLocale, template: MessageTemplate, params?: MessageParams) {
  if (typeof template === "string") return template;
  const count = params?.count;
  if (typeof count !== "number") return template.other;
  if (count === 0 && template["=0"] !== undefined) return template["=0"];
  const category = new Intl.PluralRules(intlLocaleTag(locale)).select(count);
  return template[category] ?? template.other;
}

/** The base class's own strings (`state.*`). */
const baseMessages = defineMessages({ en: messagesEn, de: messagesDe });

/**
 * Looks up a string of the base catalogue in the locale and fills its `{name}` placeholders.
 *
 * @example
 * msg("de", "state.retry"); // "Erneut versuchen"
 */
export function msg(locale: KeyportLocale, key: MessageKey, params?: MessageParams): string {
  return baseMessages(locale, key, params);
}

/**
 * Fills `{name}` placeholders; numbers are formatted for the locale. An unknown
 * placeholder stays visible so a missing parameter is noticed rather than
 * rendered as an empty gap.
 *
 * @example
 * interpolate("de", "{used} von {limit}", { used: 1200, limit: 5000 }); // "1.200 von 5.000"
 */
export function interpolate(
  locale: KeyportLocale,
  template: string,
  params: MessageParams,
): string {
  const numbers = new Intl.NumberFormat(intlLocaleTag(locale));
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === "number" ? numbers.format(value) : value;
  });
}
