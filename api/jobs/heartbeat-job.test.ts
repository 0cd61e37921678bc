import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy } from "../catalogue/policy-service.ts";
import { createId } from "../core/ids.ts";
import { HOUR_MS } from "../core/time.ts";
import { createLicense } from "../licenses/license-service.ts";
import { insertAccount, insertProduct } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { endDeadActivations } from "./heartbeat-job.ts";

const now = new Date("2026-11-30T12:00:00Z");
let t: TestContext;
let accountId: string;
let heartbeatLicense: string;
let quietLicense: string;

beforeAll(async () => {
  t = await createTestContext();
  accountId = await insertAccount(t.deps.db);
  const productId = await insertProduct(t.deps.db);
  const policy = (heartbeatSeconds: number | null) =>
    createPolicy(t.deps.db, {
      productId,
      name: `hb ${heartbeatSeconds}`,
      maxMachines: 100,
      maxDomains: 0,
      expirationStrategy: "restrict",
      heartbeatSeconds,
    });
  const withHeartbeat = await policy(3600);
  const without = await policy(null);
  heartbeatLicense = (
    await createLicense(t.deps.db, t.deps.keys, { accountId, policyId: withHeartbeat.id })
  ).id;
  quietLicense = (await createLicense(t.deps.db, t.deps.keys, { accountId, policyId: without.id }))
    .id;
});
afterAll(() => t.close());

async function activation(licenseId: string, lastSeenHoursAgo: number, deactivated = false) {
  const id = createId("act");
  await t.deps.db
    .insertInto("activations")
    .values({
      id,
      license_id: licenseId,
      account_id: accountId,
      kind: "machine",
      identifier: id,
      name: `M-${lastSeenHoursAgo}`,
      hostname: null,
      platform: null,
      ip: null,
      version: null,
      last_seen_at: new Date(now.getTime() - lastSeenHoursAgo * HOUR_MS),
      deactivated_at: deactivated ? new Date(now.getTime() - HOUR_MS) : null,
      deactivated_by: deactivated ? "customer" : null,
    })
    .execute();
  return id;
}

const rowOf = (id: string) =>
  t.deps.db.selectFrom("activations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const activityOf = (id: string) =>
  t.deps.db.selectFrom("activity").selectAll().where("subject_id", "=", id).execute();

describe("endDeadActivations", () => {
  it("ends only activations unseen for twice their policy's heartbeat, as the system, once", async () => {
    const dead = await activation(heartbeatLicense, 2.5);
    const alive = await activation(heartbeatLicense, 1.5);
    const noHeartbeat = await activation(quietLicense, 24 * 300);
    const ended = await activation(heartbeatLicense, 10, true);

    expect(await endDeadActivations(t.deps.db, now)).toBe(1);
    expect(await rowOf(dead)).toMatchObject({ deactivated_by: "system", deactivated_at: now });
    expect((await rowOf(dead)).reason).toContain("7200 seconds");
    for (const id of [alive, noHeartbeat]) expect((await rowOf(id)).deactivated_at).toBeNull();
    expect((await rowOf(ended)).deactivated_by).toBe("customer");

    const entries = await activityOf(dead);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: "system",
      action: "activation.deactivated",
      license_id: heartbeatLicense,
    });

    expect(await endDeadActivations(t.deps.db, now)).toBe(0);
    expect(await activityOf(dead)).toHaveLength(1);
  });

  it("ends each dead activation exactly once when two runs overlap", async () => {
    const dead = await Promise.all([1, 2, 3, 4].map(() => activation(heartbeatLicense, 5)));
    const results = await Promise.all([
      endDeadActivations(t.deps.db, now),
      endDeadActivations(t.deps.db, now),
    ]);
    // One run does the work; the other finds the job locked (null) or nothing left to end (0).
    expect(results.reduce<number>((sum, n) => sum + (n ?? 0), 0)).toBe(dead.length);
    for (const id of dead) {
      expect((await rowOf(id)).deactivated_by).toBe("system");
      expect(await activityOf(id)).toHaveLength(1);
    }
  });
});
