import type { ActivityEntry } from "@keyport/sdk";
import type { KeyportLocale } from "../internal/i18n.ts";
import { type ActivityMessageKey, activityMessages } from "./activity-messages.ts";

/** What wording an entry needs besides the entry: the language and the names of licenses. */
export interface ActivityWording {
  readonly locale: KeyportLocale;
  /** A license's name by id, when the element knows it. */
  readonly licenseName: (licenseId: string) => string | undefined;
}

/** Actions whose sentence names the license: they have a `.unnamed` form. */
const namesLicense = new Set<string>([
  "activation.created",
  "activation.deactivated",
  "license.key_revealed",
  "license.created",
  "license.updated",
  "license.renewed",
  "license.suspended",
  "license.reinstated",
  "license.revoked",
  "license.users_assigned",
]);

const known = new Set<string>(Object.keys(activityMessages.catalogues.en));

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Who acted: the person's name, else the kind of actor in words. */
function whoOf(entry: ActivityEntry, locale: KeyportLocale): string {
  if (entry.user !== null) return entry.user.name;
  const key: ActivityMessageKey =
    entry.actor === "customer" ? "who.someone" : (`who.${entry.actor}` as const);
  return activityMessages(locale, key);
}

/**
 * One activity entry as a sentence: "Olivia Owner revealed the key of Design
 * team", "Your software activated RENDER-01 on Team — 2025". An action the
 * catalogue does not know yet reads as a general change, never as its code.
 *
 * @example
 * describeActivity(entry, { locale: "de", licenseName: (id) => names.get(id) });
 * // "Olivia Owner hat den Schlüssel von Design team angezeigt"
 */
export function describeActivity(entry: ActivityEntry, wording: ActivityWording): string {
  const { locale } = wording;
  const { action, data } = entry;
  const who = whoOf(entry, locale);
  const say = (key: ActivityMessageKey, params: Record<string, string> = {}) =>
    activityMessages(locale, key, { who, ...params });
  const name = text(data.name) ?? text(data.identifier) ?? "";
  if (action === "activation.deactivated" && data.reason === "heartbeat_missed") {
    return say("activation.deactivated.heartbeat", { name });
  }
  if (action === "asset.downloaded") {
    return say("asset.downloaded", { file: text(data.filename) ?? "" });
  }
  if (action === "auth.sign_in_failed" && entry.user === null) {
    return say("auth.sign_in_failed.unnamed");
  }
  if (namesLicense.has(action)) {
    const license = entry.licenseId === null ? undefined : wording.licenseName(entry.licenseId);
    const key = (license === undefined ? `${action}.unnamed` : action) as ActivityMessageKey;
    return say(key, { name, license: license ?? "" });
  }
  if (known.has(action) && !action.startsWith("who.")) {
    return say(action as ActivityMessageKey);
  }
  return say("fallback");
}
