import { dictionary } from "@zxcvbn-ts/language-common";
import { describe, expect, it } from "vitest";
import { describeWeakPassword } from "./password-policy.ts";

describe("describeWeakPassword", () => {
  it("accepts a long passphrase without composition rules", () => {
    expect(describeWeakPassword("correct horse battery staple")).toBeNull();
    expect(describeWeakPassword("abcdefghijkl")).toBeNull();
    expect(describeWeakPassword(`${"x".repeat(11)}y`)).toBeNull();
  });

  it("refuses fewer than 12 and more than 256 characters", () => {
    expect(describeWeakPassword("elevenchars")).toBe("at least 12 characters");
    expect(describeWeakPassword(`${"a".repeat(255)}bc`)).toBe("at most 256 characters");
    expect(describeWeakPassword("ab".repeat(128))).toBeNull();
  });

  it("refuses every long-enough common password, in any letter case", () => {
    const common = dictionary["passwords-common"].filter((p) => p.length >= 12 && p.length <= 256);
    expect(common.length).toBeGreaterThan(100);
    for (const password of common) {
      expect(describeWeakPassword(password), password).toMatch(/common/);
    }
    expect(describeWeakPassword("QWERTY123456")).toMatch(/common/);
    expect(describeWeakPassword("QazWsxEdcRfv")).toMatch(/common/);
  });

  it("refuses a single repeated character", () => {
    expect(describeWeakPassword("aaaaaaaaaaaaaaaa")).toBe("must not repeat a single character");
  });

  it("refuses the user's own address or name", () => {
    const context = { email: "Ada.Lovelace@Example.com", name: "Ada Lovelace King" };
    expect(describeWeakPassword("ada.lovelace@example.com", context)).toMatch(/email|name/);
    expect(describeWeakPassword("ADA.LOVELACE", context)).toMatch(/email|name/);
    expect(describeWeakPassword("adalovelaceking", context)).toMatch(/email|name/);
    expect(describeWeakPassword("Ada Lovelace King", context)).toMatch(/email|name/);
    expect(describeWeakPassword("ada lovelace's analytical engine", context)).toBeNull();
  });
});
