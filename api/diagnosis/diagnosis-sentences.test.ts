import { describe, expect, it } from "vitest";
import type { Wording } from "../core/sentence-catalogue.ts";
import { DAY_MS } from "../core/time.ts";
import type { Actor, ExpirationStrategy } from "../db/schema.ts";
import type { EvaluationFacts } from "../licensing/license-evaluation.ts";
import { CODE_WORDS, DIAGNOSIS_CODES, wordsOfCode } from "./diagnosis-wording.ts";
import {
  type ActivationRef,
  type DiagnosisFinding,
  type DiagnosisInput,
  diagnoseFromFacts,
} from "./license-diagnosis.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const ahead = (days: number) => new Date(NOW.getTime() + days * DAY_MS);
const GERMAN: Wording = { locale: "de", timeZone: "Europe/Berlin" };

const machine = (id: string, name: string, days: number): ActivationRef => ({
  id,
  kind: "machine",
  name,
  lastSeenAt: ago(days),
});
const OLD_PC = machine("act_1", "OLD-PC", 140);
const LAPTOP = machine("act_2", "LAPTOP", 12);
const STUDIO = machine("act_3", "STUDIO", 0);

interface Case {
  request?: EvaluationFacts["request"];
  license?: Partial<NonNullable<EvaluationFacts["license"]>>;
  strategy?: ExpirationStrategy;
  heartbeatSeconds?: number | null;
  limits?: EvaluationFacts["limits"];
  used?: EvaluationFacts["used"];
  status?: DiagnosisInput["license"]["status"];
  rules?: Partial<DiagnosisInput["policy"]>;
  deactivations?: DiagnosisInput["deactivations"];
  identifier?: string;
  binding?: DiagnosisInput["binding"];
  domains?: readonly ActivationRef[];
}

/** The demo's "Design team": Studio Pro, 3 machines all used, restrict, 200 more days. */
function input(c: Case = {}): DiagnosisInput {
  return {
    facts: {
      license: {
        productId: "prd_1",
        expiresAt: ahead(200),
        maintenanceExpiresAt: ahead(200),
        suspendedAt: null,
        revokedAt: null,
        entitlements: ["pro", "cloud-sync"],
        ...c.license,
      },
      policy: {
        expirationStrategy: c.strategy ?? "restrict",
        heartbeatSeconds: c.heartbeatSeconds ?? null,
      },
      limits: c.limits ?? { machine: 3, domain: 0 },
      used: c.used ?? { machine: 3, domain: 0 },
      request: c.request ?? {},
      now: NOW,
    },
    license: {
      id: "lic_1",
      name: "Acme Studio Pro — Design team",
      productName: "Acme Studio",
      status: c.status ?? "active",
    },
    policy: { protected: false, deactivationLimit: 3, deactivationWindowDays: 30, ...c.rules },
    deactivations: c.deactivations ?? { usedInWindow: 0, nextAllowedAt: null },
    identifier: c.identifier,
    binding: c.binding ?? null,
    leastRecentlySeen: { machine: [OLD_PC, LAPTOP, STUDIO], domain: c.domains ?? [] },
    latestCovered: { version: "2.4.1", publishedAt: ago(60) },
    recentFailures: [
      { code: "MACHINE_LIMIT_REACHED", at: ago(1), fingerprint: "fp", domain: null, version: null },
      { code: "FROM_AN_OLD_RELEASE", at: ago(2), fingerprint: null, domain: null, version: null },
    ],
  };
}

function findingOf(findings: readonly DiagnosisFinding[], code: string): DiagnosisFinding {
  const found = findings.find((f) => f.code === code);
  if (!found) throw new Error(`no ${code} in ${findings.map((f) => f.code).join(", ")}`);
  return found;
}

const newMachine = { kind: "machine" as const, binding: null };
const binding = (deactivatedBy: Actor | null, lastSeenDays = 9) => ({
  kind: "machine" as const,
  deactivatedAt: deactivatedBy ? ago(8) : null,
  deactivatedBy,
  lastSeenAt: ago(lastSeenDays),
});

/** Many situations, so every sentence of the catalogue is written at least once. */
const CASES: Case[] = [
  {},
  { request: newMachine, identifier: "fp-new" },
  { request: newMachine, identifier: "fp-new", used: { machine: 1, domain: 0 } },
  { request: newMachine, identifier: "fp-new", rules: { protected: true } },
  { request: newMachine, identifier: "fp-new", rules: { deactivationLimit: 0 } },
  {
    request: newMachine,
    identifier: "fp-new",
    deactivations: { usedInWindow: 3, nextAllowedAt: ahead(9) },
  },
  { request: newMachine, identifier: "fp-new", limits: { machine: 0, domain: 1 } },
  {
    request: { kind: "machine", binding: binding("customer") },
    identifier: "fp-old",
    binding: { name: "OLD-PC", deactivatedByUser: "Olive Owner", reason: "ersetzt" },
    used: { machine: 2, domain: 0 },
  },
  ...(["software", "vendor", "system", "customer"] as const).map((by) => ({
    request: { kind: "machine" as const, binding: binding(by) },
    identifier: "fp-old",
    binding: { name: "OLD-PC", deactivatedByUser: null, reason: null },
  })),
  {
    request: { kind: "machine", binding: binding(null, 2) },
    identifier: "fp-build",
    binding: { name: "BUILD-BOX", deactivatedByUser: null, reason: null },
    heartbeatSeconds: 3600,
  },
  {
    request: { kind: "machine", binding: binding(null, 0), version: "2.0.0" },
    identifier: "fp-ok",
    binding: { name: "STUDIO", deactivatedByUser: null, reason: null },
    used: { machine: 2, domain: 0 },
  },
  {
    request: { kind: "domain", binding: null },
    identifier: "blog.example.com",
    limits: { machine: 0, domain: 2 },
    used: { machine: 0, domain: 2 },
    domains: [{ id: "act_9", kind: "domain", name: "shop.example.com", lastSeenAt: ago(3) }],
  },
  {
    request: { kind: "domain", binding: null },
    identifier: "blog.example.com",
    limits: { machine: 0, domain: 2 },
    used: { machine: 0, domain: 1 },
    domains: [{ id: "act_9", kind: "domain", name: "shop.example.com", lastSeenAt: ago(3) }],
  },
  { request: { entitlements: ["pro", "sso"] } },
  { request: { entitlements: ["sso"] }, license: { entitlements: [] } },
  { request: { version: "9.9.9" } },
  {
    request: { version: "3.0.0", versionReleasedAt: ago(5) },
    license: { maintenanceExpiresAt: ago(20) },
  },
  {
    request: { version: "3.0.0", versionReleasedAt: ago(5) },
    license: { expiresAt: ago(10), maintenanceExpiresAt: ago(20) },
    strategy: "maintain",
    status: "expired",
  },
  ...(["revoke", "restrict", "maintain", "allow"] as const).map((strategy) => ({
    license: { expiresAt: ago(10), maintenanceExpiresAt: ago(10) },
    strategy,
    status: "expired" as const,
  })),
  { license: { revokedAt: ago(3) }, status: "revoked" },
  { license: { suspendedAt: ago(5) }, status: "suspended" },
  { license: { expiresAt: null, maintenanceExpiresAt: null }, heartbeatSeconds: 86_400 },
  { license: { expiresAt: ahead(12), maintenanceExpiresAt: ahead(5) }, status: "expiring" },
  { request: { productId: "prd_2" } },
  { limits: { machine: 0, domain: 0 }, used: { machine: 0, domain: 0 } },
];

// English words, and the closing English quote (German closes with “), that have no place in a German sentence.
const ENGLISH =
  /\b(the|is|are|and|of|you|your|this|license|machines?|days?|ago|today|slot|renew|deactivate)\b|”/i;

describe("diagnosis in German", () => {
  it("writes every finding, fix and summary sentence without an English word", () => {
    const written = CASES.flatMap((c) => {
      const diagnosis = diagnoseFromFacts(input(c), GERMAN);
      return [
        ...diagnosis.summary,
        ...diagnosis.findings.flatMap((f) => [f.title, f.explanation, f.fix ?? ""]),
        ...diagnosis.recentFailures.flatMap((f) => [f.title, f.explanation]),
      ];
    }).filter((text) => text !== "" && text !== "FROM_AN_OLD_RELEASE");
    const codes = new Set(
      CASES.flatMap((c) => diagnoseFromFacts(input(c), GERMAN).findings.map((f) => f.code)),
    );
    expect([...codes].sort()).toEqual(
      DIAGNOSIS_CODES.filter((code) => code !== "NOT_FOUND").sort(),
    );
    for (const text of written) expect(text).not.toMatch(ENGLISH);
  });

  it("names the machines, counts and days of a full license", () => {
    const diagnosis = diagnoseFromFacts(
      input({ request: newMachine, identifier: "fp-new" }),
      GERMAN,
    );
    const limit = findingOf(diagnosis.findings, "MACHINE_LIMIT_REACHED");
    expect(limit.title).toBe("Alle Geräteplätze belegt");
    expect(limit.explanation).toBe(
      "3 von 3 Geräten sind belegt, daher kann kein weiteres Gerät aktiviert werden. Am längsten " +
        "nicht gesehen: „OLD-PC“ (zuletzt gesehen vor 140 Tagen), „LAPTOP“ (zuletzt gesehen vor " +
        "12 Tagen) und „STUDIO“ (zuletzt gesehen heute).",
    );
    expect(limit.fix).toBe(
      "Deaktivieren Sie „OLD-PC“ (zuletzt gesehen vor 140 Tagen) oder ein anderes Gerät, das Sie " +
        "nicht mehr verwenden. Aktivieren Sie dann das neue Gerät.",
    );
    expect(findingOf(diagnosis.findings, "NOT_ACTIVATED").explanation).toBe(
      "Das Gerät „fp-new“ ist für diese Lizenz nicht aktiviert. 3 von 3 Geräten sind belegt, es " +
        "ist also kein Platz frei.",
    );
  });

  it("writes dates spelled out in the reader's time zone", () => {
    const late = new Date("2026-12-14T23:30:00Z");
    const diagnosis = diagnoseFromFacts(
      input({ license: { expiresAt: late, maintenanceExpiresAt: late } }),
      GERMAN,
    );
    expect(diagnosis.summary[0]).toBe(
      "Die Lizenz „Acme Studio Pro — Design team“ (Acme Studio) ist aktiv und gilt bis zum " +
        "15. Dezember 2026 (in 197 Tagen).",
    );
    const utc = diagnoseFromFacts(
      input({ license: { expiresAt: late, maintenanceExpiresAt: late } }),
      { locale: "en", timeZone: "UTC" },
    );
    expect(utc.summary[0]).toContain("runs until 14 December 2026 (in 197 days)");
    const berlin = diagnoseFromFacts(
      input({ license: { expiresAt: late, maintenanceExpiresAt: late } }),
      { locale: "en", timeZone: "Europe/Berlin" },
    );
    expect(berlin.summary[0]).toContain("runs until 15 December 2026 (in 197 days)");
  });

  it("says who ended an activation, when, and why", () => {
    const diagnosis = diagnoseFromFacts(input(CASES[7]), GERMAN);
    expect(findingOf(diagnosis.findings, "DEACTIVATED").explanation).toBe(
      "Das Gerät „OLD-PC“ wurde am 24. Mai 2026 (vor 8 Tagen) von Olive Owner im Portal " +
        "deaktiviert (Grund: „ersetzt“).",
    );
  });

  it("explains the recent failures by their code, also an unknown one", () => {
    const { recentFailures } = diagnoseFromFacts(input(), GERMAN);
    expect(recentFailures.map((f) => f.title)).toEqual([
      "Alle Geräteplätze belegt",
      "FROM_AN_OLD_RELEASE",
    ]);
    expect(recentFailures[1]!.explanation).toBe(
      "Die Prüfung der Lizenz durch die Software ist fehlgeschlagen.",
    );
  });

  it("has a German title and explanation for every code, unlike the English", () => {
    for (const code of DIAGNOSIS_CODES) {
      const words = CODE_WORDS[code];
      expect(words.title.de).not.toBe(words.title.en);
      expect(wordsOfCode(code, "de").explanation).not.toBe(wordsOfCode(code, "en").explanation);
    }
  });
});
