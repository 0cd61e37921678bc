import type { KyselyPlugin, RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicApp } from "../app/public-app.ts";
import { createPolicy } from "../catalogue/policy-service.ts";
import { addDays } from "../core/time.ts";
import { decryptLicenseKey, hashLicenseKey } from "../licenses/license-key.ts";
import { createLicense } from "../licenses/license-service.ts";
import {
  findLicensingLicense,
  findLicensingSnapshot,
  gatherFacts,
} from "../licensing/licensing-facts.ts";
import {
  insertAccount,
  insertActivation,
  insertEntitlement,
  insertProduct,
  insertRelease,
} from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";

/** Counts every statement the app sends, whatever its kind. */
function statementCounter(): KyselyPlugin & { kinds: string[] } {
  return {
    kinds: [],
    transformQuery({ node }: { node: RootOperationNode }) {
      this.kinds.push(node.kind);
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
}

let t: TestContext;
let key: string;
let licenseId: string;
let productId: string;

beforeAll(async () => {
  t = await createTestContext();
  const accountId = await insertAccount(t.deps.db, "Hot Path Ltd");
  productId = await insertProduct(t.deps.db, "hot-path");
  await insertEntitlement(t.deps.db, "pro");
  await insertRelease(t.deps.db, productId, "2.1.0");
  const policy = await createPolicy(t.deps.db, {
    productId,
    name: "Heartbeat policy",
    maxMachines: 3,
    maxDomains: 1,
    expirationStrategy: "restrict",
    heartbeatSeconds: 600,
    entitlements: ["pro"],
  });
  const row = await createLicense(t.deps.db, t.deps.keys, {
    accountId,
    policyId: policy.id,
    expiresAt: addDays(new Date(), 200),
  });
  licenseId = row.id;
  key = decryptLicenseKey(t.deps.keys, row.key_encrypted);
  await insertActivation(t.deps.db, licenseId, { identifier: "fp-live" });
  await insertActivation(t.deps.db, licenseId, {
    identifier: "fp-old",
    deactivated_at: new Date(),
    deactivated_by: "software",
  });
  await insertActivation(t.deps.db, licenseId, { kind: "domain", identifier: "shop.example.com" });
});
afterAll(() => t.close());

async function statementsFor(action: string, body: Record<string, unknown>) {
  const counter = statementCounter();
  const app = createPublicApp({ ...t.deps, db: t.deps.db.withPlugin(counter) });
  const res = await app.request(`/v1/licensing/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return { kinds: counter.kinds, body: await res.json() };
}

describe("the Licensing API's hot path", () => {
  it("validates in two statements (the key's throttle and one lookup), the event written later", async () => {
    const { kinds, body } = await statementsFor("validate", {
      fingerprint: "fp-live",
      version: "2.1.0",
      entitlements: ["pro"],
    });
    expect(body).toMatchObject({ valid: true, code: "VALID" });
    expect(kinds).toHaveLength(2);
    expect(kinds.filter((kind) => kind === "SelectQueryNode")).toHaveLength(1);
    expect(t.deps.licensingWrites.pending).toBeGreaterThan(0);
    await t.deps.licensingWrites.flush();
    const stored = await t.deps.db
      .selectFrom("validation_events")
      .select(["code", "fingerprint", "version"])
      .where("license_id", "=", licenseId)
      .execute();
    expect(stored).toContainEqual({ code: "VALID", fingerprint: "fp-live", version: "2.1.0" });
  });

  it("sends a heartbeat in two statements, last_seen_at moved by the next flush", async () => {
    const before = new Date();
    const { kinds, body } = await statementsFor("heartbeat", { fingerprint: "fp-live" });
    expect(body.code).toBe("VALID");
    expect(new Date(body.activation.lastSeenAt).getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(kinds).toHaveLength(2);
    await t.deps.licensingWrites.flush();
    const row = await t.deps.db
      .selectFrom("activations")
      .select("last_seen_at")
      .where("license_id", "=", licenseId)
      .where("identifier", "=", "fp-live")
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
  });

  it.each([
    { kind: "machine", identifier: "fp-live", version: "2.1.0" },
    { kind: "machine", identifier: "fp-old", version: "9.9.9" },
    { kind: "machine", identifier: "fp-never" },
    { kind: "domain", identifier: "shop.example.com", entitlements: ["pro", "cloud"] },
    {},
  ] as const)(
    "reads the same facts in one statement as the step-by-step path (%o)",
    async (question) => {
      const keyHash = hashLicenseKey(t.deps.keys, key);
      const now = new Date();
      const snapshot = await findLicensingSnapshot(t.deps.db, keyHash, question);
      const license = await findLicensingLicense(t.deps.db, keyHash);
      if (!snapshot || !license) throw new Error("the license was not found");
      const stepwise = await gatherFacts(t.deps.db, license, question, now);
      expect(snapshot.license).toEqual(license);
      expect(snapshot.binding).toEqual(stepwise.binding);
      expect(stepwise.facts.used).toEqual(snapshot.used);
      expect(stepwise.facts.request.versionReleasedAt).toEqual(snapshot.versionReleasedAt);
    },
  );

  it("answers an unknown key from the same one lookup", async () => {
    const snapshot = await findLicensingSnapshot(t.deps.db, "0".repeat(64), {
      kind: "machine",
      identifier: "x",
    });
    expect(snapshot).toBeNull();
  });
});
