import { describe, expect, it } from "vitest";
import { DAY_MS } from "../core/time.ts";
import type { ExpirationStrategy } from "../db/schema.ts";
import {
  type EvaluationFacts,
  evaluateLicense,
  outcomeOf,
  VALIDATION_CODES,
} from "./license-evaluation.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const ahead = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

type Overrides = {
  license?: Partial<NonNullable<EvaluationFacts["license"]>>;
  policy?: Partial<EvaluationFacts["policy"]>;
  limits?: Partial<EvaluationFacts["limits"]>;
  used?: Partial<EvaluationFacts["used"]>;
  request?: EvaluationFacts["request"];
};

function facts(overrides: Overrides = {}): EvaluationFacts {
  return {
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
    used: { machine: 0, domain: 0, ...overrides.used },
    request: overrides.request ?? {},
    now: NOW,
  };
}

const live = {
  kind: "machine" as const,
  lastSeenAt: ago(1),
  deactivatedAt: null,
  deactivatedBy: null,
};
const expired = { expiresAt: ago(1), maintenanceExpiresAt: ago(1) };
const oldRelease = { versionReleasedAt: ago(30), version: "1.0.0" };
const newRelease = { versionReleasedAt: ago(0.5), version: "2.0.0" };

describe("evaluateLicense: the first failing finding per case", () => {
  const cases: [string, Overrides, string, boolean][] = [
    ["a plain key", {}, "VALID", true],
    ["no license", { license: undefined }, "NOT_FOUND", false],
    ["another product", { request: { productId: "prd_2" } }, "PRODUCT_MISMATCH", false],
    ["the same product", { request: { productId: "prd_1" } }, "VALID", true],
    ["revoked", { license: { revokedAt: ago(2) } }, "REVOKED", false],
    ["suspended", { license: { suspendedAt: ago(2) } }, "SUSPENDED", false],
    [
      "revoked and suspended",
      { license: { revokedAt: ago(2), suspendedAt: ago(3) } },
      "REVOKED",
      false,
    ],
    ["expiring soon", { license: { expiresAt: ahead(5) } }, "VALID", true],
    [
      "expired under revoke",
      { license: expired, policy: { expirationStrategy: "revoke" } },
      "EXPIRED",
      false,
    ],
    ["expired under restrict", { license: expired }, "EXPIRED", true],
    [
      "expired under maintain",
      { license: expired, policy: { expirationStrategy: "maintain" } },
      "EXPIRED",
      true,
    ],
    [
      "expired under allow",
      { license: expired, policy: { expirationStrategy: "allow" } },
      "EXPIRED",
      true,
    ],
    ["expired at this instant", { license: { expiresAt: NOW } }, "EXPIRED", true],
    ["restrict, old version", { license: expired, request: oldRelease }, "EXPIRED", true],
    [
      "restrict, version after maintenance",
      { license: expired, request: newRelease },
      "VERSION_NOT_COVERED",
      false,
    ],
    [
      "maintain, version after maintenance",
      { license: expired, policy: { expirationStrategy: "maintain" }, request: newRelease },
      "VERSION_NOT_COVERED",
      false,
    ],
    [
      "allow, version after maintenance",
      { license: expired, policy: { expirationStrategy: "allow" }, request: newRelease },
      "EXPIRED",
      true,
    ],
    [
      "revoke (not expired), version after maintenance",
      {
        license: { maintenanceExpiresAt: ago(1) },
        policy: { expirationStrategy: "revoke" },
        request: newRelease,
      },
      "VALID",
      true,
    ],
    [
      "maintenance ended before expiry",
      { license: { maintenanceExpiresAt: ago(1) }, request: newRelease },
      "VERSION_NOT_COVERED",
      false,
    ],
    [
      "no maintenance end: the expiry is the cutoff",
      { license: { expiresAt: ago(1), maintenanceExpiresAt: null }, request: newRelease },
      "VERSION_NOT_COVERED",
      false,
    ],
    [
      "perpetual, any version",
      { license: { expiresAt: null, maintenanceExpiresAt: null }, request: newRelease },
      "VALID",
      true,
    ],
    [
      "unknown version: no check",
      { license: expired, request: { version: "9.9.9" } },
      "EXPIRED",
      true,
    ],
    ["an active machine", { request: { kind: "machine", binding: live } }, "VALID", true],
    [
      "a machine never activated",
      { request: { kind: "machine", binding: null } },
      "NOT_ACTIVATED",
      false,
    ],
    [
      "a machine deactivated",
      {
        request: {
          kind: "machine",
          binding: { ...live, deactivatedAt: ago(1), deactivatedBy: "customer" },
        },
      },
      "DEACTIVATED",
      false,
    ],
    [
      "a domain not bound, others are",
      { used: { domain: 1 }, request: { kind: "domain", binding: null } },
      "DOMAIN_MISMATCH",
      false,
    ],
    [
      "a domain not bound, none are",
      { request: { kind: "domain", binding: null } },
      "NOT_ACTIVATED",
      false,
    ],
    [
      "heartbeat in time",
      {
        policy: { heartbeatSeconds: 3600 },
        request: {
          kind: "machine",
          binding: { ...live, lastSeenAt: new Date(NOW.getTime() - 7_200_000) },
        },
      },
      "VALID",
      true,
    ],
    [
      "heartbeat missed",
      {
        policy: { heartbeatSeconds: 3600 },
        request: {
          kind: "machine",
          binding: { ...live, lastSeenAt: new Date(NOW.getTime() - 7_200_001) },
        },
      },
      "HEARTBEAT_DEAD",
      false,
    ],
    ["entitlements held", { request: { entitlements: ["pro"] } }, "VALID", true],
    [
      "an entitlement missing",
      { request: { entitlements: ["pro", "cloud"] } },
      "ENTITLEMENT_MISSING",
      false,
    ],
    [
      "expired under restrict and an entitlement missing",
      { license: expired, request: { entitlements: ["cloud"] } },
      "ENTITLEMENT_MISSING",
      false,
    ],
  ];

  it.each(cases)("%s → %s", (_, overrides, code, valid) => {
    const input = facts(overrides);
    const findings = evaluateLicense(
      "license" in overrides && overrides.license === undefined
        ? { ...input, license: null }
        : input,
    );
    expect(outcomeOf(findings)).toMatchObject({ code, valid });
  });

  it("covers every code of SPEC §3.4", () => {
    const produced = new Set(cases.map(([, , code]) => code));
    produced.add("MACHINE_LIMIT_REACHED");
    produced.add("DOMAIN_LIMIT_REACHED");
    expect([...produced].sort()).toEqual([...VALIDATION_CODES].sort());
  });

  it("treats every strategy the same before expiry", () => {
    for (const strategy of ["revoke", "restrict", "maintain", "allow"] as ExpirationStrategy[]) {
      expect(
        outcomeOf(evaluateLicense(facts({ policy: { expirationStrategy: strategy } }))).code,
      ).toBe("VALID");
    }
  });
});

describe("evaluateLicense: every finding, in rule order", () => {
  it("lists all failing checks, so diagnostics can show them", () => {
    const findings = evaluateLicense(
      facts({
        license: { revokedAt: ago(1), suspendedAt: ago(2), ...expired },
        policy: { expirationStrategy: "revoke" },
        used: { machine: 3 },
        request: {
          productId: "prd_2",
          kind: "machine",
          binding: null,
          entitlements: ["cloud", "cloud"],
        },
      }),
    );
    expect(findings.map((f) => f.code)).toEqual([
      "PRODUCT_MISMATCH",
      "REVOKED",
      "SUSPENDED",
      "EXPIRED",
      "NOT_ACTIVATED",
      "MACHINE_LIMIT_REACHED",
      "ENTITLEMENT_MISSING",
    ]);
    expect(findings.find((f) => f.code === "MACHINE_LIMIT_REACHED")).toMatchObject({
      valid: false,
      used: 3,
      limit: 3,
      detail: "3 of 3 machines are in use; deactivate one first.",
    });
    expect(findings.at(-1)).toMatchObject({ missing: ["cloud"] });
  });

  it("keeps the informative EXPIRED first when nothing fails", () => {
    const findings = evaluateLicense(facts({ license: expired, request: oldRelease }));
    expect(findings).toEqual([
      expect.objectContaining({ code: "EXPIRED", valid: true, at: expired.expiresAt }),
    ]);
  });

  it("names a kind that the license does not allow at all", () => {
    const findings = evaluateLicense(
      facts({ limits: { domain: 0 }, request: { kind: "domain", binding: null } }),
    );
    expect(findings.map((f) => [f.code, f.detail])).toEqual([
      ["NOT_ACTIVATED", "This domain is not activated for the license."],
      ["DOMAIN_LIMIT_REACHED", "This license does not allow domain activations."],
    ]);
  });

  it("adds no limit finding for an active binding, even at the limit", () => {
    const findings = evaluateLicense(
      facts({ used: { machine: 3 }, request: { kind: "machine", binding: live } }),
    );
    expect(findings.map((f) => f.code)).toEqual(["VALID"]);
  });
});
