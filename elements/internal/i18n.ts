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

/** Another language's strings for a catalogue: every English key, and no other. */
export type Translation<K extends string> = { readonly [P in K]: MessageTemplate };

/**
 * Fetches a language's strings when a page first needs them, so a page in one language does
 * not download the others: `() => import("./license-list-messages-de.ts")`, a module whose
 * default export is the catalogue.
 */
export type TranslationLoader<K extends string> = () => Promise<{
  readonly default: Translation<K>;
}>;

/** The typed lookup `defineMessages` returns. */
export interface MessageLookup<K extends string> {
  (locale: KeyportLocale, key: K, params?: MessageParams): string;
  /** The catalogues at hand: English always, another language once given or loaded. */
  readonly catalogues: { readonly en: Translation<K> } & {
    readonly [L in KeyportLocale]?: Translation<K>;
  };
  /** Resolves with the catalogue of `locale`, loading it first when it comes on demand. */
  load(locale: KeyportLocale): Promise<Translation<K>>;
}

/** The lookups whose German is still to load, for `whenLocaleLoaded`. */
const loadingOnDemand = new Set<() => Promise<unknown>>();

/**
 * Declares an element's own strings in every language, so each element keeps
 * its catalogue beside its code. German must have exactly the English keys: a
 * missing or an extra one is a type error. German may be given as a loader
 * instead, `de: () => import("./my-messages-de.ts")`, a module whose default export is the
 * catalogue (checked the same way): it is then fetched only when a page needs German, and
 * the elements wait for it before they render (`whenLocaleLoaded`). Marked free of side
 * effects, so a bundler drops a catalogue nothing reads (and never fetches its German).
 *
 * @example
 * const messages = defineMessages({
 *   en: { title: "My Licenses", seats: { one: "{count} machine", other: "{count} machines" } },
 *   de: { title: "Meine Lizenzen", seats: { one: "{count} Gerät", other: "{count} Geräte" } },
 * });
 * messages("de", "seats", { count: 3 }); // "3 Geräte"
 */
export /* @__NO_SIDE_EFFECTS__ */ function defineMessages<
  const E extends MessageCatalogue,
  const D extends { readonly [K in keyof E]: MessageTemplate },
  const L extends { readonly [K in keyof E]: MessageTemplate },
>(catalogues: {
  readonly en: E;
  readonly de:
    | (D & { readonly [K in Exclude<keyof D, keyof E>]: never })
    | (() => Promise<{
        readonly default: L & { readonly [K in Exclude<keyof L, keyof E>]: never };
      }>);
}): MessageLookup<keyof E & string> {
  type K = keyof E & string;
  const { en, de } = catalogues;
  const known: { en: Translation<K>; de?: Translation<K> } = { en };
  let german: Promise<Translation<K>> | undefined;
  const loadGerman = () =>
    (german ??= (de as TranslationLoader<K>)().then(
      (module) => {
        loadingOnDemand.delete(loadGerman);
        known.de = module.default;
        return module.default;
      },
      (error: unknown) => {
        // English stands in for the rest of the page's life rather than the elements waiting.
        console.warn("Keyport: the German strings could not be loaded", error);
        loadingOnDemand.delete(loadGerman);
        return en;
      },
    ));
  if (typeof de === "function") loadingOnDemand.add(loadGerman);
  else known.de = de;

  const lookup = (locale: KeyportLocale, key: K, params?: MessageParams) => {
    let catalogue = known[locale];
    if (catalogue === undefined) {
      // German not loaded yet: the elements wait for it, other callers get English meanwhile.
      void loadGerman();
      catalogue = en;
    }
    const template = pickForm(locale, catalogue[key] as MessageTemplate, params);
    return params === undefined ? template : interpolate(locale, template, params);
  };
  const load = async (locale: KeyportLocale) => known[locale] ?? loadGerman();
  return Object.assign(lookup, { catalogues: known, load });
}

/**
 * `undefined` when every catalogue defined so far has its strings for `locale` at hand (always
 * for English), else a promise that settles once they are loaded, or once English stands in
 * for one that failed to load. The elements hold their update on it, so a German page shows no
 * English string meanwhile.
 *
 * @example
 * await whenLocaleLoaded("de");
 */
export function whenLocaleLoaded(locale: KeyportLocale): Promise<void> | undefined {
  if (locale === "en" || loadingOnDemand.size === 0) return undefined;
  return Promise.all([...loadingOnDemand].map((load) => load())).then(() => undefined);
}

/**
 * For an element's `scheduleUpdate`: updates at once when the strings of `locale` are at hand,
 * else once they have loaded, so a German page never shows English meanwhile.
 *
 * @example
 * protected override scheduleUpdate() {
 *   return afterLocaleLoaded(this.locale, () => super.scheduleUpdate());
 * }
 */
export function afterLocaleLoaded<R>(locale: KeyportLocale, update: () => R): R | Promise<R> {
  const loading = whenLocaleLoaded(locale);
  return loading === undefined ? update() : loading.then(update);
}

function pickForm(locale: KeyportLocale, template: MessageTemplate, params?: MessageParams) {
  if (typeof template === "string") return template;
  const count = params?.count;
  if (typeof count !== "number") return template.other;
  if (count === 0 && template["=0"] !== undefined) return template["=0"];
  const category = new Intl.PluralRules(intlLocaleTag(locale)).select(count);
  return template[category] ?? template.other;
}

/**
 * The base class's own strings (`state.*`), German on demand like every other catalogue: the
 * elements hold their first German render until all of them are there.
 */
const baseMessages = defineMessages({ en: messagesEn, de: () => import("./messages-de.ts") });

/**
 * Looks up a string of the base catalogue in the locale and fills its `{name}` placeholders.
 *
 * @example
 * msg("de", "state.retry"); // "Erneut versuchen" once `whenLocaleLoaded("de")` settled
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
