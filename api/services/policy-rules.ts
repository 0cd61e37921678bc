import type { ExpirationStrategy } from "../db/schema.ts";

export interface PolicyTerms {
  /** Whether the license has an end date at all; one without never meets its strategy. */
  readonly expires: boolean;
  readonly maxMachines: number;
  readonly maxDomains: number;
  readonly expirationStrategy: ExpirationStrategy;
  readonly heartbeatSeconds: number | null;
  readonly deactivationLimit: number | null;
  readonly deactivationWindowDays: number;
  readonly protected: boolean;
}

const EXPIRY_RULES: Record<ExpirationStrategy, string> = {
  revoke: "When it expires, it stops working until you renew it.",
  restrict:
    "After it expires, versions released before then keep working; newer versions need a renewal.",
  maintain:
    "After it expires, versions released before then keep working, but downloads stop until you renew it.",
  allow: "It keeps working after it expires.",
};

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** A whole number of days, hours, minutes or seconds in words, the largest unit that fits exactly ("2 hours"). */
export function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return count(seconds / 86_400, "day", "days");
  if (seconds % 3_600 === 0) return count(seconds / 3_600, "hour", "hours");
  if (seconds % 60 === 0) return count(seconds / 60, "minute", "minutes");
  return count(seconds, "second", "seconds");
}

/** The rules of a license's policy in words a customer understands (DESIGN.md: plain, second person). */
export function describePolicyRules(terms: PolicyTerms): string[] {
  const rules: string[] = [];
  if (terms.maxMachines > 0) {
    rules.push(`Up to ${count(terms.maxMachines, "machine", "machines")} at a time.`);
  }
  if (terms.maxDomains > 0) {
    rules.push(`Up to ${count(terms.maxDomains, "domain", "domains")} at a time.`);
  }
  rules.push(terms.expires ? EXPIRY_RULES[terms.expirationStrategy] : "It does not expire.");
  const [one, many] =
    terms.maxMachines === 0 && terms.maxDomains > 0
      ? ["domain", "domains"]
      : ["machine", "machines"];
  if (terms.protected) {
    rules.push(`This license is locked to its ${many}; contact support to move it.`);
  } else if (terms.deactivationLimit !== null) {
    rules.push(
      terms.deactivationLimit === 0
        ? `You cannot deactivate ${many} yourself; contact support to move it.`
        : `You can deactivate up to ${count(terms.deactivationLimit, one, many)} every ${terms.deactivationWindowDays === 1 ? "day" : `${terms.deactivationWindowDays} days`}.`,
    );
  }
  if (terms.heartbeatSeconds !== null) {
    rules.push(
      `Machines check in every ${duration(terms.heartbeatSeconds).replace(/^1 /, "")}; one that stays offline for ${duration(2 * terms.heartbeatSeconds)} is released.`,
    );
  }
  return rules;
}
