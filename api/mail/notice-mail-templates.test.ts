import { describe, expect, it } from "vitest";
import {
  activationNoticeMail,
  licenseExpiringMail,
  newReleaseMail,
} from "./notice-mail-templates.ts";

const at = new Date("2027-03-14T09:05:00Z");

describe("licenseExpiringMail", () => {
  it("keeps a chosen name to one short subject line and escapes it in HTML only", () => {
    const mail = licenseExpiringMail("ada@example.com", {
      licenseName: `Team\r\nBcc: evil@example.com ${"x".repeat(100)}`,
      productName: "Studio <Pro>",
      expiresAt: at,
      daysLeft: 1,
      timeZone: "UTC",
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toMatch(/^Team Bcc: evil@example\.com x+… expires in 1 day — Keyport$/);
    expect(mail.text).toContain(
      "for Studio <Pro> expires on 14 March 2027 at 09:05 UTC, in 1 day.",
    );
    expect(mail.html).toContain("Studio &lt;Pro&gt;");
    expect(mail.html).not.toContain("<Pro>");
    expect(mail.text.startsWith("Hello,\n\n")).toBe(true);
  });
});

describe("activationNoticeMail", () => {
  const base = {
    name: "Ada",
    kind: "domain",
    activationName: "shop.example.com",
    licenseName: "Agency",
    productName: "Forms plugin",
    at,
    used: 1,
    limit: 1,
    timeZone: "UTC",
  } as const;

  it("says what was activated and how many slots are in use", () => {
    const mail = activationNoticeMail("ada@example.com", {
      ...base,
      change: "created",
      by: "software",
    });
    expect(mail.subject).toBe("New domain activated: shop.example.com — Keyport");
    expect(mail.text).toContain(
      'The domain "shop.example.com" was activated for your license "Agency" (Forms plugin) on 14 March 2027 at 09:05 UTC. 1 of 1 domain now in use.',
    );
  });

  it("says who ended it: the named customer, the vendor or the system", () => {
    const ended = (by: "customer" | "vendor" | "system", byName?: string) =>
      activationNoticeMail("ada@example.com", {
        ...base,
        change: "ended",
        by,
        byName: byName ?? null,
        used: 0,
        reason: by === "customer" ? "moved hosts" : null,
      });
    expect(ended("customer", "Bob").text).toContain('"shop.example.com" was deactivated by Bob on');
    expect(ended("customer", "Bob").text).toContain("Reason given: moved hosts");
    expect(ended("customer").text).toContain("deactivated by a user of your account");
    expect(ended("vendor").text).toContain("deactivated by your vendor");
    expect(ended("system").text).toContain("automatically, because it stopped reporting in");
    expect(ended("system").text).not.toContain("Reason given");
    expect(ended("system").subject).toBe("Domain deactivated: shop.example.com — Keyport");
  });
});

describe("newReleaseMail", () => {
  const params = {
    name: "Ada",
    productName: "Acme\r\nBcc: evil@example.com",
    version: "3.0.0",
    channel: "stable" as const,
    publishedAt: new Date("2026-11-30T09:05:00Z"),
    link: "https://portal.example.com/downloads",
    timeZone: "UTC",
  };

  it("keeps the subject one line and the link on its own line", () => {
    const mail = newReleaseMail("ada@example.com", params);
    expect(mail.subject).toBe("Acme Bcc: evil@example.com 3.0.0 is out — Keyport");
    expect(mail.text.split("\n")).toContain(params.link);
    expect(mail.text).toContain("released on 30 November 2026 at 09:05 UTC");
    expect(newReleaseMail("ada@example.com", { ...params, timeZone: "Asia/Tokyo" }).text).toContain(
      "released on 30 November 2026 at 18:05 GMT+9",
    );
    expect(mail.text).not.toContain("What is new");
  });

  it("cuts long notes and escapes them in the HTML part", () => {
    const notes = `<img src=x onerror=alert(1)> ${"x".repeat(2000)}`;
    const mail = newReleaseMail("ada@example.com", { ...params, notes });
    expect(mail.text).toContain("What is new:");
    expect(mail.text).toContain(`${notes.slice(0, 999)}…`);
    expect(mail.text).not.toContain(notes.slice(0, 1000));
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(mail.html).not.toContain("<img");
  });
});
