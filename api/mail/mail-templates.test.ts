import { describe, expect, it } from "vitest";
import {
  emailChangeConfirmMail,
  emailChangedNoticeMail,
  invitationMail,
  passwordResetMail,
  type SecurityNoticeKind,
  securityNoticeMail,
} from "./mail-templates.ts";

const link = "https://portal.example.com/reset-password?token=kpr_abc";

describe("mail templates", () => {
  it("address the recipient, carry the link on its own line and name the product", () => {
    const mails = [
      passwordResetMail("ada@example.com", { link, name: "Ada" }),
      invitationMail("ada@example.com", { link, name: "Ada", accountName: "Acme Ltd" }),
      emailChangeConfirmMail("ada@example.com", { link, name: "Ada" }),
    ];
    for (const mail of mails) {
      expect(mail.to).toBe("ada@example.com");
      expect(mail.subject).toMatch(/Keyport$/);
      expect(mail.text).toMatch(/^Hello Ada,\n/);
      expect(mail.text.split("\n")).toContain(link);
      expect(mail.html ?? null).toBeNull();
    }
    expect(mails[0]?.text).toContain("for 60 minutes");
    expect(mails[1]?.text).toContain("for Acme Ltd");
    expect(mails[1]?.text).toContain("for 7 days");
  });

  it("say what changed in a security notice, and when", () => {
    const kinds: SecurityNoticeKind[] = [
      "password_changed",
      "password_reset",
      "totp_enabled",
      "totp_disabled",
      "totp_reset",
      "recovery_code_used",
      "recovery_codes_replaced",
    ];
    const subjects = new Set<string>();
    for (const kind of kinds) {
      const mail = securityNoticeMail("ada@example.com", {
        kind,
        at: new Date("2026-11-30T09:05:00Z"),
        timeZone: "Europe/Berlin",
      });
      // In the recipient's own time zone, as every mail that names a moment.
      expect(mail.text).toContain("on 30 November 2026 at 10:05 CET");
      expect(mail.text).toMatch(/^Hello,\n/);
      subjects.add(mail.subject);
    }
    expect(subjects.size).toBe(kinds.length);
  });

  it("tell the old address where mail goes now", () => {
    const mail = emailChangedNoticeMail("old@example.com", {
      newEmail: "new@example.com",
      at: new Date("2026-07-01T16:30:00Z"),
      timeZone: "America/New_York",
    });
    expect(mail.to).toBe("old@example.com");
    expect(mail.text).toContain("on 1 July 2026 at 12:30 GMT-4 to new@example.com");
  });
});
