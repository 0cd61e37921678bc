import { describe, expect, it } from "vitest";
import { addDays } from "../core/time.ts";
import { deriveLicenseStatus, type LicenseStatusInput } from "./license-status.ts";

const now = new Date("2026-06-01T12:00:00.000Z");
const days = (n: number) => addDays(now, n);
const license = (fields: Partial<LicenseStatusInput> = {}): LicenseStatusInput => ({
  revoked_at: null,
  suspended_at: null,
  expires_at: null,
  ...fields,
});

describe("deriveLicenseStatus", () => {
  it("is active without an expiry or with one beyond the warning window", () => {
    expect(deriveLicenseStatus(license(), 30, now)).toBe("active");
    expect(deriveLicenseStatus(license({ expires_at: days(31) }), 30, now)).toBe("active");
    expect(deriveLicenseStatus(license({ expires_at: days(8) }), 7, now)).toBe("active");
  });

  it("is expiring within the account's warning window, the boundary included", () => {
    expect(deriveLicenseStatus(license({ expires_at: days(30) }), 30, now)).toBe("expiring");
    expect(deriveLicenseStatus(license({ expires_at: days(1) }), 30, now)).toBe("expiring");
    expect(deriveLicenseStatus(license({ expires_at: days(6.9) }), 7, now)).toBe("expiring");
    expect(deriveLicenseStatus(license({ expires_at: days(1) }), 0, now)).toBe("active");
  });

  it("is expired once the expiry is reached", () => {
    expect(deriveLicenseStatus(license({ expires_at: now }), 30, now)).toBe("expired");
    expect(deriveLicenseStatus(license({ expires_at: days(-400) }), 30, now)).toBe("expired");
    expect(deriveLicenseStatus(license({ expires_at: new Date(now.getTime() + 1) }), 30, now)).toBe(
      "expiring",
    );
  });

  it("ranks revoked over suspended over expired", () => {
    const past = days(-1);
    expect(
      deriveLicenseStatus(
        license({ revoked_at: past, suspended_at: past, expires_at: past }),
        30,
        now,
      ),
    ).toBe("revoked");
    expect(deriveLicenseStatus(license({ suspended_at: past, expires_at: past }), 30, now)).toBe(
      "suspended",
    );
    expect(deriveLicenseStatus(license({ suspended_at: past, expires_at: days(2) }), 30, now)).toBe(
      "suspended",
    );
    expect(deriveLicenseStatus(license({ revoked_at: past }), 30, now)).toBe("revoked");
  });

  it("uses the current time by default", () => {
    const soon = new Date(Date.now() + 60_000);
    expect(deriveLicenseStatus(license({ expires_at: soon }), 30)).toBe("expiring");
    expect(deriveLicenseStatus(license({ expires_at: new Date(Date.now() - 1) }), 30)).toBe(
      "expired",
    );
  });
});
