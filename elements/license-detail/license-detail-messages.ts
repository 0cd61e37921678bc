import { defineMessages } from "../internal/i18n.ts";

const en = {
  "license.label": "License",
  "facts.heading": "Details",
  "facts.product": "Product",
  "facts.policy": "Plan",
  "facts.expires": "Valid until",
  "facts.expired": "Expired on",
  "facts.expires.never": "Does not expire",
  "facts.maintenance": "Updates until",
  "facts.maintenance.ended": "Updates ended on",
  "facts.maintenance.always": "Every version is covered",
  "usage.heading": "In use",
  "usage.none": "This license is not bound to machines or domains.",
  "deactivations.label": "Deactivations",
  "usage.protected.machine":
    "Your vendor manages the machines of this license. To move it to another machine, contact support.",
  "usage.protected.domain":
    "Your vendor manages the domains of this license. To move it to another domain, contact support.",
  "usage.protected.both":
    "Your vendor manages the machines and domains of this license. To move one, contact support.",
  "deactivations.left": {
    one: "{count} of {limit} left in the next {days} days",
    other: "{count} of {limit} left in the next {days} days",
  },
  "deactivations.next": "None left; you can deactivate again on {date}",
  "deactivations.unlimited": "No limit",
  "deactivations.none": "Only support can deactivate",
  "rules.heading": "Rules",
  "entitlements.heading": "Included features",
  "entitlements.none": "No additional features.",
  "users.heading": "Assigned people",
  "users.none": "Nobody is assigned to this license yet.",
  "diagnose.heading": "Why does my software say “Invalid License”?",
  "diagnose.intro":
    "Check the license the way your software does. Add the machine or domain and the version to check those too.",
  "diagnose.fingerprint": "Machine fingerprint (optional)",
  "diagnose.fingerprint.hint": "Your software shows it, usually in its license or About window.",
  "diagnose.domain": "Domain (optional)",
  "diagnose.domain.hint": "The site's host name, such as shop.example.com.",
  "diagnose.version": "Version (optional)",
  "diagnose.version.hint": "Such as 3.0.0.",
  "diagnose.run": "Check this license",
  "diagnose.running": "Checking…",
  "diagnose.failed": "The check did not finish.",
  "diagnose.failed.hint": "Try again in a moment. If it keeps happening, contact support.",
  "diagnose.retry": "Check again",
  "diagnose.invalid.version": "Enter the whole version, such as 3.0.0.",
  "diagnose.invalid.both": "Enter a machine fingerprint or a domain, not both.",
  "result.heading": "Result",
  "result.checked": "Checked at {time}",
  "severity.ok": "Passed",
  "severity.warning": "Warning",
  "severity.error": "Problem",
  "fix.label": "What to do:",
  "fix.deactivate": "Deactivate {name}",
  "fix.others.machine": "Deactivate another machine",
  "fix.others.domain": "Deactivate another domain",
  "fix.others.hide": "Show fewer",
  "fix.lastSeen": "last seen {relative}",
  "fix.left": {
    "=0": "You have no deactivations left for now.",
    one: "You can deactivate {count} more for now.",
    other: "You can deactivate {count} more for now.",
  },
  "fix.nextAllowed": "You can deactivate again from {date}.",
  "fix.failed": "The deactivation could not be started. Try again in a moment.",
  "failures.heading": "Recent failed checks",
  "failures.count": "{count} ×",
  "announce.passed": {
    "=0": "No check passed",
    one: "{count} check passed",
    other: "{count} checks passed",
  },
  "announce.attention": {
    one: "{count} needs attention",
    other: "{count} need attention",
  },
  "announce.deactivated": "{name} is deactivated.",
  "history.heading": "Recent checks by your software",
  "history.intro": "Failed checks are listed first.",
  "history.none":
    "Your software has not checked this license yet. Its checks show up here once it runs with the key.",
  "history.passed": "Passed",
  "history.failed": "Failed",
  "history.machine": "Machine {id}",
  "history.domain": "Domain {id}",
  "history.version": "Version {version}",
  "code.VALID": "Everything is in order",
  "code.NOT_FOUND": "Unknown license key",
  "code.SUSPENDED": "License suspended",
  "code.REVOKED": "License revoked",
  "code.EXPIRED": "License expired",
  "code.NOT_ACTIVATED": "Not activated here",
  "code.DEACTIVATED": "Deactivated",
  "code.HEARTBEAT_DEAD": "Stopped checking in",
  "code.MACHINE_LIMIT_REACHED": "All machine slots in use",
  "code.DOMAIN_LIMIT_REACHED": "All domain slots in use",
  "code.DOMAIN_MISMATCH": "Activated for other domains",
  "code.ENTITLEMENT_MISSING": "Feature not included",
  "code.VERSION_NOT_COVERED": "Version not covered",
  "code.PRODUCT_MISMATCH": "License for another product",
  "code.unknown": "Check failed ({code})",
};

/** A key of `detailMessages`. */
export type DetailMessageKey = keyof typeof en;

/**
 * The strings of `<license-detail>`. The sentences about the license itself
 * (policy rules, diagnosis findings, summaries) come from the API in the
 * element's language; these are the words around them.
 */
export const detailMessages = defineMessages({
  en,
  de: () => import("./license-detail-messages-de.ts"),
});

/** The validation codes with words of their own; any other code reads as `code.unknown`. */
const namedCodes = new Set([
  "VALID",
  "NOT_FOUND",
  "SUSPENDED",
  "REVOKED",
  "EXPIRED",
  "NOT_ACTIVATED",
  "DEACTIVATED",
  "HEARTBEAT_DEAD",
  "MACHINE_LIMIT_REACHED",
  "DOMAIN_LIMIT_REACHED",
  "DOMAIN_MISMATCH",
  "ENTITLEMENT_MISSING",
  "VERSION_NOT_COVERED",
  "PRODUCT_MISMATCH",
]);

/** The catalogue key of a validation code's words. */
export function codeKey(code: string): DetailMessageKey {
  return namedCodes.has(code) ? (`code.${code}` as DetailMessageKey) : "code.unknown";
}
