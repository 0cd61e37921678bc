import { describe, expect, it } from "vitest";
import { describePolicyRules, type PolicyTerms } from "./policy-rules.ts";

const base: PolicyTerms = {
  expires: true,
  maxMachines: 3,
  maxDomains: 0,
  expirationStrategy: "restrict",
  heartbeatSeconds: null,
  deactivationLimit: null,
  deactivationWindowDays: 30,
  protected: false,
};

describe("describePolicyRules", () => {
  it("says what happens at expiry for each strategy", () => {
    const expiry = (expirationStrategy: PolicyTerms["expirationStrategy"]) =>
      describePolicyRules({ ...base, expirationStrategy })[1];
    expect(expiry("revoke")).toBe("When it expires, it stops working until you renew it.");
    expect(expiry("restrict")).toBe(
      "After it expires, versions released before then keep working; newer versions need a renewal.",
    );
    expect(expiry("maintain")).toBe(
      "After it expires, versions released before then keep working, but downloads stop until you renew it.",
    );
    expect(expiry("allow")).toBe("It keeps working after it expires.");
    expect(describePolicyRules({ ...base, expires: false })[1]).toBe("It does not expire.");
  });

  it("counts machines and domains, singular and plural", () => {
    expect(describePolicyRules({ ...base, maxMachines: 1, maxDomains: 2 }).slice(0, 2)).toEqual([
      "Up to 1 machine at a time.",
      "Up to 2 domains at a time.",
    ]);
  });

  it("explains deactivation limits and protection", () => {
    expect(describePolicyRules({ ...base, deactivationLimit: 3 })).toContain(
      "You can deactivate up to 3 machines every 30 days.",
    );
    expect(
      describePolicyRules({ ...base, deactivationLimit: 1, deactivationWindowDays: 1 }),
    ).toContain("You can deactivate up to 1 machine every day.");
    expect(describePolicyRules({ ...base, deactivationLimit: 0 })).toContain(
      "You cannot deactivate machines yourself; contact support to move it.",
    );
    const locked = describePolicyRules({ ...base, protected: true, deactivationLimit: 3 });
    expect(locked).toContain("This license is locked to its machines; contact support to move it.");
    expect(locked.some((rule) => rule.startsWith("You can deactivate"))).toBe(false);
  });

  it("explains heartbeats in whole units", () => {
    expect(describePolicyRules({ ...base, heartbeatSeconds: 3600 })).toContain(
      "Machines check in every hour; one that stays offline for 2 hours is released.",
    );
    expect(describePolicyRules({ ...base, heartbeatSeconds: 90 })).toContain(
      "Machines check in every 90 seconds; one that stays offline for 3 minutes is released.",
    );
  });
});
