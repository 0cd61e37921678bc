import { describe, expect, it } from "vitest";
import { DAY_MS } from "../core/time.ts";
import type { ExpirationStrategy } from "../db/schema.ts";
import { type EvaluationFacts, VALIDATION_CODES } from "../licensing/license-evaluation.ts";
import { activationLabel, daysAgo, listed, shownIdentifier } from "./diagnosis-wording.ts";
import {
  type ActivationRef,
  DIAGNOSIS_CODES,
  type DiagnosisFinding,
  type DiagnosisInput,
  diagnoseFromFacts,
} from "./license-diagnosis.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const ahead = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

const OLD_PC: ActivationRef = {
  id: "act_1",
  kind: "machine",
  name: "OLD-PC",
  lastSeenAt: ago(140),
};
const LAPTOP: ActivationRef = { id: "act_2", kind: "machine", name: "LAPTOP", lastSeenAt: ago(12) };
const STUDIO: ActivationRef = { id: "act_3", kind: "machine", name: "STUDIO", lastSeenAt: ago(0) };
const SHOP: ActivationRef = {
  id: "act_4",
  kind: "domain",
  name: "shop.example.com",
  lastSeenAt: ago(3),
};

type Overrides = {
  license?: Partial<NonNullable<EvaluationFacts["license"]>>;
  policy?: Partial<EvaluationFacts["policy"]>;
  limits?: Partial<EvaluationFacts["limits"]>;
  used?: Partial<EvaluationFacts["used"]>;
  request?: EvaluationFacts["request"];
} & Partial<Omit<DiagnosisInput, "facts" | "policy" | "license">> & {
    rules?: Partial<DiagnosisInput["policy"]>;
  };

/** A Studio license with 3 machines (all used by default) and 1 domain, valid for 100 more days. */
function input(overrides: Overrides = {}): DiagnosisInput {
  return {
    facts: {
      license: {
        productId: "prd_1",
        expiresAt: ahead(100),
        maintenanceExpiresAt: ahead(100),
        suspendedAt: null,
        revokedAt: null,
        entitlements: ["pro"],
        ...overrides.license,
      },
      policy: { expirationStrategy: "restrict", heartbeatSeconds: null, ...overrides.policy },
      limits: { machine: 3, domain: 1, ...overrides.limits },
      used: { machine: 3, domain: 0, ...overrides.used },
      request: overrides.request ?? {},
      now: NOW,
    },
    license: overrides.license?.revokedAt
      ? { id: "lic_1", name: "Design team", productName: "Studio", status: "revoked" }
      : { id: "lic_1", name: "Design team", productName: "Studio", status: "active" },
    policy: {
      protected: false,
      deactivationLimit: 3,
      deactivationWindowDays: 30,
      ...overrides.rules,
    },
    deactivations: overrides.deactivations ?? { usedInWindow: 0, nextAllowedAt: null },
    identifier: overrides.identifier,
    binding: overrides.binding ?? null,
    leastRecentlySeen: overrides.leastRecentlySeen ?? {
      machine: [OLD_PC, LAPTOP, STUDIO],
      domain: [],
    },
    latestCovered: overrides.latestCovered ?? null,
    recentFailures: overrides.recentFailures ?? [],
  };
}

function finding(diagnosisInput: DiagnosisInput, code: string): DiagnosisFinding {
  const found = diagnoseFromFacts(diagnosisInput).findings.find((f) => f.code === code);
  if (!found) throw new Error(`no ${code} finding`);
  return found;
}

const newMachine = { kind: "machine" as const, binding: null };

describe("diagnoseFromFacts: limits", () => {
  it("names the least recently seen machine and its days when all slots are used", () => {
    const diagnosis = diagnoseFromFacts(input({ request: newMachine, identifier: "fp-new" }));
    expect([diagnosis.valid, diagnosis.code]).toEqual([false, "NOT_ACTIVATED"]);
    const limit = diagnosis.findings.find((f) => f.code === "MACHINE_LIMIT_REACHED")!;
    expect(limit.severity).toBe("error");
    expect(limit.explanation).toContain("3 of 3 machines are in use");
    expect(limit.explanation).toContain("“OLD-PC” (last seen 140 days ago)");
    expect(limit.fix).toContain("Deactivate “OLD-PC” (last seen 140 days ago)");
    expect(limit.refs).toMatchObject({ used: 3, limit: 3, activations: [OLD_PC, LAPTOP, STUDIO] });
  });

  it("sends a protected license to support instead of deactivating", () => {
    const limit = finding(
      input({ request: newMachine, identifier: "fp-new", rules: { protected: true } }),
      "MACHINE_LIMIT_REACHED",
    );
    expect(limit.fix).toMatch(/protected.*Contact support/);
    expect(limit.fix).not.toContain("Deactivate “OLD-PC”");
  });

  it("says when the next deactivation is allowed once the window is used up", () => {
    const limit = finding(
      input({
        request: newMachine,
        identifier: "fp-new",
        deactivations: { usedInWindow: 3, nextAllowedAt: ahead(9) },
      }),
      "MACHINE_LIMIT_REACHED",
    );
    expect(limit.fix).toContain("used all 3 deactivations allowed in 30 days");
    expect(limit.fix).toContain("10 June 2026 (in 9 days)");
    expect(limit.refs.nextAllowedAt).toEqual(ahead(9));
  });

  it("says the customer cannot deactivate when the policy allows none", () => {
    const limit = finding(
      input({ request: newMachine, identifier: "x", rules: { deactivationLimit: 0 } }),
      "MACHINE_LIMIT_REACHED",
    );
    expect(limit.fix).toContain("You cannot deactivate machines of this license yourself");
  });

  it("explains a kind the license does not include", () => {
    const limit = finding(
      input({
        request: { kind: "domain", binding: null },
        identifier: "a.example",
        limits: { domain: 0 },
      }),
      "DOMAIN_LIMIT_REACHED",
    );
    expect(limit.explanation).toBe("This license does not include domains.");
    expect(limit.fix).toContain("Ask the vendor");
  });

  it("warns about a full kind when nothing was asked, without changing the outcome", () => {
    const diagnosis = diagnoseFromFacts(input());
    expect([diagnosis.valid, diagnosis.code]).toEqual([true, "VALID"]);
    const warning = diagnosis.findings.find((f) => f.code === "MACHINE_LIMIT_REACHED")!;
    expect([warning.valid, warning.severity]).toEqual([true, "warning"]);
    expect(warning.fix).toContain("Then activate the new machine.");
    // Beside the warning, the passed check does not say that everything is in order.
    const valid = diagnosis.findings.find((f) => f.code === "VALID")!;
    expect([valid.severity, valid.title]).toEqual(["ok", "Valid"]);
    expect(valid.explanation).toBe(
      "Your software accepts the license as things stand; the warning below says what could stop it.",
    );
    const german = diagnoseFromFacts(input(), { locale: "de", timeZone: "Europe/Berlin" });
    expect(german.findings.find((f) => f.code === "VALID")!.title).toBe("Gültig");
    // Free slots give no warning, and everything is in order.
    const clean = diagnoseFromFacts(input({ used: { machine: 1 } })).findings;
    expect(clean.map((f) => [f.code, f.title, f.explanation])).toEqual([
      ["VALID", "Everything is in order", "Every check passed."],
    ]);
  });
});

describe("diagnoseFromFacts: expiry per strategy", () => {
  const expiredLicense = { expiresAt: ago(10), maintenanceExpiresAt: ago(40) };
  const cases: [ExpirationStrategy, boolean, RegExp, RegExp][] = [
    ["revoke", false, /stops working/, /Renew the license/],
    [
      "restrict",
      true,
      /released before 22 April 2026 keep working; newer versions are refused/,
      /Keep using a version released before 22 April 2026/,
    ],
    ["maintain", true, /cannot download anything until it is renewed/, /download again/],
    ["allow", true, /keep working after it expires/, /Nothing is needed/],
  ];
  it.each(cases)("%s: valid %s, says what still works", (strategy, valid, explanation, fix) => {
    const diagnosis = diagnoseFromFacts(
      input({
        license: expiredLicense,
        policy: { expirationStrategy: strategy },
        used: { machine: 0 },
      }),
    );
    const expired = diagnosis.findings.find((f) => f.code === "EXPIRED")!;
    expect(expired.valid).toBe(valid);
    expect(expired.severity).toBe(valid ? "warning" : "error");
    expect(expired.explanation).toContain("expired on 22 May 2026 (10 days ago)");
    expect(expired.explanation).toMatch(explanation);
    expect(expired.fix).toMatch(fix);
    expect(expired.refs.at).toEqual(ago(10));
    expect([diagnosis.valid, diagnosis.code]).toEqual([valid, "EXPIRED"]);
  });
});

describe("diagnoseFromFacts: versions", () => {
  it("compares the release date with the maintenance end and offers the newest covered version", () => {
    const diagnosis = diagnoseFromFacts(
      input({
        license: { maintenanceExpiresAt: ago(20) },
        request: { version: "3.0.0", versionReleasedAt: ago(5) },
        latestCovered: { version: "2.4.1", publishedAt: ago(60) },
      }),
    );
    expect(diagnosis.code).toBe("VERSION_NOT_COVERED");
    const [notCovered] = diagnosis.findings;
    expect(notCovered!.explanation).toContain(
      "Version 3.0.0 was released on 27 May 2026, after the license's maintenance ended on 12 May 2026.",
    );
    expect(notCovered!.explanation).toContain("“restrict” policy");
    expect(notCovered!.fix).toContain("Install version 2.4.1 (released 2 April 2026)");
    expect(notCovered!.refs).toEqual({ at: ago(20), releasedAt: ago(5) });
  });

  it("says a well-formed version is no known release, as a warning", () => {
    const diagnosis = diagnoseFromFacts(
      input({ request: { version: "9.9.9" }, used: { machine: 0 } }),
    );
    expect([diagnosis.valid, diagnosis.code]).toEqual([true, "VALID"]);
    const unknown = diagnosis.findings.find((f) => f.code === "VERSION_UNKNOWN")!;
    expect(unknown.severity).toBe("warning");
    expect(unknown.explanation).toContain("Version 9.9.9 is not a published release of Studio");
  });
});

describe("diagnoseFromFacts: bindings", () => {
  it("NOT_ACTIVATED says whether a slot is free", () => {
    const free = finding(
      input({ request: newMachine, identifier: "0123456789abcdef0123", used: { machine: 1 } }),
      "NOT_ACTIVATED",
    );
    expect(free.explanation).toContain("“01234567…ef0123” is not activated");
    expect(free.explanation).toContain("1 of 3 machines are in use, so it can be activated");
    const full = finding(input({ request: newMachine, identifier: "fp" }), "NOT_ACTIVATED");
    expect(full.explanation).toContain("there is no free slot");
    expect(full.fix).toContain("Deactivate “OLD-PC”");
  });

  it("DEACTIVATED says by whom, when and why", () => {
    const ended = finding(
      input({
        request: {
          kind: "machine",
          binding: {
            kind: "machine",
            lastSeenAt: ago(9),
            deactivatedAt: ago(8),
            deactivatedBy: "customer",
          },
        },
        identifier: "fp",
        binding: { name: "OLD-PC", deactivatedByUser: "Olive Owner", reason: "replaced" },
        used: { machine: 2 },
      }),
      "DEACTIVATED",
    );
    expect(ended.explanation).toBe(
      "The machine “OLD-PC” was deactivated on 24 May 2026 (8 days ago) by Olive Owner in the portal, with the reason “replaced”.",
    );
    expect(ended.fix).toContain("a machine slot is free");
  });

  it("HEARTBEAT_DEAD gives the last check-in and the interval", () => {
    const dead = finding(
      input({
        policy: { heartbeatSeconds: 3600 },
        request: {
          kind: "machine",
          binding: {
            kind: "machine",
            lastSeenAt: ago(2),
            deactivatedAt: null,
            deactivatedBy: null,
          },
        },
        identifier: "fp",
        binding: { name: "BUILD-BOX", deactivatedByUser: null, reason: null },
      }),
      "HEARTBEAT_DEAD",
    );
    expect(dead.explanation).toContain("“BUILD-BOX” last checked in on 30 May 2026 (2 days ago)");
    expect(dead.explanation).toContain("every hour");
    expect(dead.explanation).toContain("silent for 2 hours");
  });

  it("DOMAIN_MISMATCH names the activated domains", () => {
    const mismatch = finding(
      input({
        request: { kind: "domain", binding: null },
        identifier: "other.example",
        used: { domain: 1 },
        leastRecentlySeen: { machine: [], domain: [SHOP] },
      }),
      "DOMAIN_MISMATCH",
    );
    expect(mismatch.explanation).toContain(
      "activated for “shop.example.com”, not for “other.example”",
    );
    expect(mismatch.refs.activations).toEqual([SHOP]);
  });
});

describe("diagnoseFromFacts: every code has words", () => {
  it("explains each finding evaluateLicense can give, with a title and a fix where one exists", () => {
    const all = [
      input({ license: { revokedAt: ago(1) } }),
      input({ license: { suspendedAt: ago(1) } }),
      input({ request: { productId: "prd_2" } }),
      input({ request: { entitlements: ["pro", "cloud"] } }),
    ].flatMap((each) => diagnoseFromFacts(each).findings);
    const byCode = new Map(all.map((f) => [f.code, f]));
    expect(byCode.get("REVOKED")!.explanation).toContain("revoked this license on 31 May 2026");
    expect(byCode.get("SUSPENDED")!.fix).toContain("reinstated");
    expect(byCode.get("PRODUCT_MISMATCH")!.explanation).toContain("Studio");
    const missing = byCode.get("ENTITLEMENT_MISSING")!;
    expect(missing.explanation).toBe("The license does not include “cloud”. It includes “pro”.");
    expect(missing.refs.missing).toEqual(["cloud"]);
    for (const f of all) {
      expect(f.title.length).toBeGreaterThan(0);
      expect(f.explanation).toMatch(/^[“A-Z0-9].*\.$/);
    }
  });

  it("lists every validation code among the diagnosis codes", () => {
    expect(DIAGNOSIS_CODES).toEqual(expect.arrayContaining([...VALIDATION_CODES]));
  });

  it("explains recent failures by their code, also an unknown one", () => {
    const diagnosis = diagnoseFromFacts(
      input({
        recentFailures: [
          {
            code: "MACHINE_LIMIT_REACHED",
            at: ago(1),
            fingerprint: "fp",
            domain: null,
            version: null,
          },
          { code: "SOMETHING_OLD", at: ago(2), fingerprint: null, domain: null, version: "1.0.0" },
        ],
      }),
    );
    expect(diagnosis.recentFailures.map((f) => [f.code, f.title])).toEqual([
      ["MACHINE_LIMIT_REACHED", "All machine slots in use"],
      ["SOMETHING_OLD", "SOMETHING_OLD"],
    ]);
    expect(diagnosis.recentFailures[0]!.explanation).toContain("every machine slot was taken");
  });
});

describe("diagnoseFromFacts: summary", () => {
  it("gives status, dates, seats, heartbeats and deactivations in sentences", () => {
    const diagnosis = diagnoseFromFacts(
      input({
        policy: { heartbeatSeconds: 86_400 },
        license: { maintenanceExpiresAt: ago(3) },
        deactivations: { usedInWindow: 1, nextAllowedAt: null },
      }),
    );
    expect(diagnosis.summary).toEqual([
      "“Design team” (Studio) is active: it runs until 9 September 2026 (in 100 days).",
      "Maintenance ended on 29 May 2026; newer versions are not covered.",
      "In use: 3 of 3 machines and 0 of 1 domain.",
      "Activations check in every day; one silent for 2 days is released.",
      "You have used 1 of 3 deactivations allowed in 30 days.",
    ]);
  });

  it("says a protected license's activations only move through support", () => {
    const diagnosis = diagnoseFromFacts(input({ rules: { protected: true } }));
    expect(diagnosis.summary).toContain(
      "Its activations are protected: only support can move them.",
    );
  });
});

describe("diagnosis wording", () => {
  it("counts days and lists names", () => {
    expect([daysAgo(NOW, NOW), daysAgo(ago(1), NOW), daysAgo(ago(140.5), NOW)]).toEqual([
      "today",
      "yesterday",
      "140 days ago",
    ]);
    expect([listed(["a"]), listed(["a", "b"]), listed(["a", "b", "c"])]).toEqual([
      "a",
      "a and b",
      "a, b and c",
    ]);
  });

  it("labels an activation by name, host name, then shortened identifier", () => {
    const base = {
      kind: "machine" as const,
      name: null,
      hostname: null,
      identifier: "x".repeat(40),
    };
    expect(activationLabel({ ...base, name: "Mine", hostname: "host" })).toBe("Mine");
    expect(activationLabel({ ...base, hostname: "host" })).toBe("host");
    expect(activationLabel(base)).toBe(shownIdentifier("machine", "x".repeat(40)));
    expect(activationLabel(base)).toBe("xxxxxxxx…xxxxxx");
  });
});
