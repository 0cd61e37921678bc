import { messagesDe } from "./messages-de.ts";
import { type MessageKey, messagesEn } from "./messages-en.ts";

export type { MessageKey } from "./messages-en.ts";

/** The languages the elements speak. */
export type KeyportLocale = "en" | "de";

export const keyportLocales: readonly KeyportLocale[] = ["en", "de"];

const catalogues: Readonly<Record<KeyportLocale, Readonly<Record<MessageKey, string>>>> = {
  en: messagesEn,
  de: messagesDe,
};

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
 * Looks up a string in the locale's catalogue and fills its `{name}` placeholders.
 *
 * @example
 * msg("de", "state.retry"); // "Erneut versuchen"
 */
export function msg(locale: KeyportLocale, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[locale][key];
  return params === undefined ? template : interpolate(locale, template, params);
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
