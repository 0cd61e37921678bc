import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  listCustomerActivations,
  nextDeactivationsAllowed,
} from "../../activations/customer-activation-service.ts";
import { customerActivityQuery } from "../../activity/customer-activity-service.ts";
import { createPolicy, type PolicyInput } from "../../catalogue/policy-service.ts";
import { createId } from "../../core/ids.ts";
import { DAY_MS, MINUTE_MS } from "../../core/time.ts";
import type { Actor } from "../../db/schema.ts";
import { decryptLicenseKey } from "../../licenses/license-key.ts";
import { createLicense } from "../../licenses/license-service.ts";
import { insertProduct } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { explainPlan } from "../../test/query-plan.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

let t: TestContext;
let owner: SignedInUser;
let member: SignedInUser;
let stranger: SignedInUser;
let productId: string;

beforeAll(async () => {
  t = await createTestContext();
  owner = await signedInUser(t, { name: "Olive Owner" });
  member = await signedInUser(t, {
    role: "member",
    name: "Max Member",
    accountId: owner.accountId,
  });
  stranger = await signedInUser(t, { name: "Sam Stranger" });
  productId = await insertProduct(t.deps.db);
});
afterAll(() => t.close());

/** A license of `accountId` under a fresh policy; answers its id and key. */
async function issue(
  policy: Partial<PolicyInput> = {},
  { accountId = owner.accountId, userIds = [] as string[], name = "Studio" } = {},
) {
  const created = await createPolicy(t.deps.db, {
    productId,
    name: "Policy",
    maxMachines: 3,
    maxDomains: 3,
    expirationStrategy: "restrict",
    ...policy,
  });
  const row = await createLicense(t.deps.db, t.deps.keys, {
    accountId,
    policyId: created.id,
    name,
    userIds,
  });
  return { id: row.id, key: decryptLicenseKey(t.deps.keys, row.key_encrypted) };
}

interface Binding {
  kind?: "machine" | "domain";
  identifier?: string;
  name?: string;
  lastSeenAgoMs?: number;
  deactivatedAgoMs?: number;
  deactivatedBy?: Actor;
}

/** An activation row written straight in, with chosen times. */
async function insertActivation(
  licenseId: string,
  accountId: string,
  {
    kind = "machine",
    identifier = `fp-${createId("act").toLowerCase()}`,
    name = "PC",
    lastSeenAgoMs = 0,
    deactivatedAgoMs,
    deactivatedBy,
  }: Binding = {},
) {
  const id = createId("act");
  const now = Date.now();
  await t.deps.db
    .insertInto("activations")
    .values({
      id,
      license_id: licenseId,
      account_id: accountId,
      kind,
      identifier,
      name,
      hostname: "host",
      platform: "linux",
      ip: "192.0.2.1",
      version: "1.0.0",
      last_seen_at: new Date(now - lastSeenAgoMs),
      deactivated_at: deactivatedAgoMs === undefined ? null : new Date(now - deactivatedAgoMs),
      deactivated_by: deactivatedAgoMs === undefined ? null : (deactivatedBy ?? "customer"),
    })
    .execute();
  return id;
}

function licensing(action: string, body: unknown) {
  return t.publicApp.request(`/v1/licensing/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function ids(user: SignedInUser, query: string): Promise<string[]> {
  const res = await user.call("GET", `/v1/activations?limit=100&${query}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { id: string }[] };
  return body.data.map((item) => item.id);
}

async function activationRow(id: string) {
  return t.deps.db
    .selectFrom("activations")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function activityCount(subjectId: string) {
  const rows = await t.deps.db
    .selectFrom("activity")
    .select("id")
    .where("subject_id", "=", subjectId)
    .execute();
  return rows.length;
}

describe("GET /v1/activations", () => {
  let heartbeat: { id: string };
  let plain: { id: string };
  let unassigned: { id: string };
  const act: Record<string, string> = {};

  beforeAll(async () => {
    heartbeat = await issue({ heartbeatSeconds: 60 }, { userIds: [member.userId], name: "Beat" });
    plain = await issue({}, { userIds: [member.userId], name: "Plain" });
    unassigned = await issue({}, { name: "Owner only" });
    act.live = await insertActivation(heartbeat.id, owner.accountId, { lastSeenAgoMs: MINUTE_MS });
    act.dead = await insertActivation(heartbeat.id, owner.accountId, {
      lastSeenAgoMs: 3 * MINUTE_MS,
    });
    act.ended = await insertActivation(heartbeat.id, owner.accountId, {
      lastSeenAgoMs: DAY_MS,
      deactivatedAgoMs: DAY_MS,
      deactivatedBy: "software",
    });
    act.idle = await insertActivation(plain.id, owner.accountId, { lastSeenAgoMs: 40 * DAY_MS });
    act.domain = await insertActivation(plain.id, owner.accountId, {
      kind: "domain",
      identifier: "example.com",
    });
    act.hidden = await insertActivation(unassigned.id, owner.accountId);
  });

  it("filters by status in SQL: active, inactive, dead, deactivated", async () => {
    const scoped = `licenseId=`;
    const mine = async (q: string) =>
      (await ids(owner, q)).filter((id) => Object.values(act).includes(id)).sort();
    expect(await mine("status=active")).toEqual(
      [act.live, act.idle, act.domain, act.hidden].sort(),
    );
    expect(await mine("status=dead")).toEqual([act.dead]);
    expect(await mine("status=deactivated")).toEqual([act.ended]);
    expect(await mine("status=inactive")).toEqual([act.idle]);
    expect(await mine("status=inactive&inactiveDays=50")).toEqual([]);
    expect(await mine("kind=domain")).toEqual([act.domain]);
    expect(await mine(`${scoped}${heartbeat.id}`)).toEqual([act.live, act.dead, act.ended].sort());
    expect(await mine(`${scoped}${heartbeat.id}&status=active`)).toEqual([act.live]);
  });

  it("answers each item with its status and what the customer may do", async () => {
    const res = await owner.call("GET", `/v1/activations?licenseId=${heartbeat.id}`);
    const body = (await res.json()) as { data: Record<string, unknown>[] };
    const byId = new Map(body.data.map((item) => [item.id, item]));
    expect(byId.get(act.dead)).toMatchObject({
      licenseId: heartbeat.id,
      licenseName: "Beat",
      kind: "machine",
      status: "dead",
      canDeactivate: true,
      deactivatedAt: null,
    });
    expect(byId.get(act.live)).toMatchObject({ status: "active" });
    expect(byId.get(act.ended)).toMatchObject({
      status: "deactivated",
      deactivatedBy: "software",
      canDeactivate: false,
      cannotDeactivateReason: "deactivated",
    });
    expect(byId.get(act.live)).not.toHaveProperty("cannotDeactivateReason");
    const idle = (await (await owner.call("GET", `/v1/activations/${act.idle}`)).json()) as Record<
      string,
      unknown
    >;
    expect(idle).toMatchObject({ id: act.idle, status: "inactive", hostname: "host" });
    // A long fingerprint is shortened; a domain is shown whole.
    expect(String(idle.identifier).length).toBeLessThan(20);
    expect(idle.identifier).toContain("…");
    const domain = (await (await owner.call("GET", `/v1/activations/${act.domain}`)).json()) as {
      identifier: string;
    };
    expect(domain.identifier).toBe("example.com");
  });

  it("shows members only their licenses' activations and strangers none", async () => {
    const seen = await ids(member, "");
    expect(seen).toEqual(expect.arrayContaining([act.live, act.dead, act.idle]));
    expect(seen).not.toContain(act.hidden);
    expect(await ids(member, `licenseId=${unassigned.id}`)).toEqual([]);
    expect(await ids(stranger, "")).toEqual([]);
    expect(await ids(stranger, `licenseId=${heartbeat.id}`)).toEqual([]);
    expect((await member.call("GET", `/v1/activations/${act.hidden}`)).status).toBe(404);
    expect((await stranger.call("GET", `/v1/activations/${act.live}`)).status).toBe(404);
    expect((await owner.call("GET", "/v1/activations/act_nope")).status).toBe(404);
  });

  it("pages newest first with a cursor", async () => {
    const first = (await (
      await owner.call("GET", `/v1/activations?licenseId=${heartbeat.id}&limit=2`)
    ).json()) as { data: { id: string }[]; nextCursor: string };
    expect(first.data.map((item) => item.id)).toEqual([act.ended, act.dead]);
    const second = (await (
      await owner.call(
        "GET",
        `/v1/activations?licenseId=${heartbeat.id}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(second.data.map((item) => item.id)).toEqual([act.live]);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses bad filters naming the field, and answers 401 without a session", async () => {
    for (const [query, field] of [
      ["status=gone", "query.status"],
      ["kind=car", "query.kind"],
      ["inactiveDays=0", "query.inactiveDays"],
      ["cursor=zzz", "query.cursor"],
    ]) {
      const res = await owner.call("GET", `/v1/activations?${query}`);
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
    expect((await t.publicApp.request("/v1/activations")).status).toBe(401);
    expect((await t.publicApp.request(`/v1/activations/${act.live}`)).status).toBe(401);
  });
});

describe("POST /v1/activations/{id}/deactivate", () => {
  it("frees the slot at once: a full license takes a new machine right after", async () => {
    const license = await issue({ maxMachines: 2, deactivationLimit: 3 });
    for (const fingerprint of ["fp-one", "fp-two"]) {
      expect((await licensing("activate", { key: license.key, fingerprint })).status).toBe(201);
    }
    const refused = await licensing("activate", { key: license.key, fingerprint: "fp-three" });
    expect(((await refused.json()) as { code: string }).code).toBe("MACHINE_LIMIT_REACHED");

    const list = (await (
      await owner.call("GET", `/v1/activations?licenseId=${license.id}`)
    ).json()) as {
      data: { id: string; identifier: string }[];
    };
    const target = list.data.find((item) => item.identifier === "fp-one");
    expect(target).toBeDefined();
    const res = await owner.call("POST", `/v1/activations/${target?.id}/deactivate`, {
      reason: "  old laptop  ",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: target?.id,
      status: "deactivated",
      deactivatedBy: "customer",
      reason: "old laptop",
      canDeactivate: false,
      cannotDeactivateReason: "deactivated",
      deactivationsLeft: 2,
    });
    const row = await activationRow(target?.id ?? "");
    expect(row.deactivated_by_user_id).toBe(owner.userId);
    const activity = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("subject_id", "=", target?.id ?? "")
      .where("action", "=", "activation.deactivated")
      .execute();
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({
      actor: "customer",
      user_id: owner.userId,
      license_id: license.id,
      data: { name: null, kind: "machine", identifier: "fp-one", reason: "old laptop" },
    });

    const again = await licensing("activate", { key: license.key, fingerprint: "fp-three" });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { valid: boolean }).valid).toBe(true);
    const validation = await licensing("validate", { key: license.key, fingerprint: "fp-one" });
    expect(((await validation.json()) as { code: string }).code).toBe("DEACTIVATED");
  });

  it("is idempotent: a second call answers 200 and writes nothing more", async () => {
    const license = await issue({ deactivationLimit: 5 });
    const id = await insertActivation(license.id, owner.accountId);
    const first = await owner.call("POST", `/v1/activations/${id}/deactivate`);
    expect(first.status).toBe(200);
    const before = await activationRow(id);
    const second = await owner.call("POST", `/v1/activations/${id}/deactivate`, {
      reason: "again",
    });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({
      id,
      status: "deactivated",
      reason: null,
      deactivationsLeft: 4,
    });
    expect(await activationRow(id)).toEqual(before);
    expect(await activityCount(id)).toBe(1);
  });

  it("refuses a protected license with 409 pointing to support, writing nothing", async () => {
    const license = await issue({ protected: true });
    const id = await insertActivation(license.id, owner.accountId);
    const item = (await (await owner.call("GET", `/v1/activations/${id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(item).toMatchObject({ canDeactivate: false, cannotDeactivateReason: "protected" });
    const res = await owner.call("POST", `/v1/activations/${id}/deactivate`);
    expect(res.status).toBe(409);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe("ACTIVATION_PROTECTED");
    expect(problem.detail).toMatch(/support/);
    expect((await activationRow(id)).deactivated_at).toBeNull();
    expect(await activityCount(id)).toBe(0);
  });

  it("answers 429 with nextAllowedAt once the rolling window's limit is used", async () => {
    const license = await issue({ deactivationLimit: 2, deactivationWindowDays: 30 });
    // Counted: 10 and 5 days ago. Not counted: 40 days ago, and one the software ended.
    await insertActivation(license.id, owner.accountId, { deactivatedAgoMs: 40 * DAY_MS });
    const oldest = await insertActivation(license.id, owner.accountId, {
      deactivatedAgoMs: 10 * DAY_MS,
    });
    await insertActivation(license.id, owner.accountId, { deactivatedAgoMs: 5 * DAY_MS });
    await insertActivation(license.id, owner.accountId, {
      deactivatedAgoMs: DAY_MS,
      deactivatedBy: "software",
    });
    const id = await insertActivation(license.id, owner.accountId);
    const item = (await (await owner.call("GET", `/v1/activations/${id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(item).toMatchObject({ canDeactivate: false, cannotDeactivateReason: "limit_reached" });

    const res = await owner.call("POST", `/v1/activations/${id}/deactivate`, { reason: "swap" });
    expect(res.status).toBe(429);
    const problem = (await res.json()) as { code: string; nextAllowedAt: string; detail: string };
    expect(problem.code).toBe("DEACTIVATION_LIMIT_REACHED");
    const oldestAt = (await activationRow(oldest)).deactivated_at?.getTime() ?? 0;
    expect(Date.parse(problem.nextAllowedAt)).toBe(oldestAt + 30 * DAY_MS);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(Math.abs(retryAfter - 20 * 86_400)).toBeLessThan(120);
    expect(problem.detail).toContain(problem.nextAllowedAt);
    expect((await activationRow(id)).deactivated_at).toBeNull();
    expect(await activityCount(id)).toBe(0);
  });

  it("allows the last deactivation of the window and then refuses the next", async () => {
    const license = await issue({ deactivationLimit: 1, deactivationWindowDays: 7 });
    const first = await insertActivation(license.id, owner.accountId);
    const second = await insertActivation(license.id, owner.accountId);
    const ok = await owner.call("POST", `/v1/activations/${first}/deactivate`);
    expect(await ok.json()).toMatchObject({ status: "deactivated", deactivationsLeft: 0 });
    const refused = await owner.call("POST", `/v1/activations/${second}/deactivate`);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { nextAllowedAt: string };
    const endedAt = (await activationRow(first)).deactivated_at?.getTime() ?? 0;
    expect(Date.parse(body.nextAllowedAt)).toBe(endedAt + 7 * DAY_MS);
  });

  it("lets only one of simultaneous requests use the window's last deactivation", async () => {
    const license = await issue({ deactivationLimit: 1 });
    const targets = await Promise.all(
      Array.from({ length: 6 }, () => insertActivation(license.id, owner.accountId)),
    );
    const answers = await Promise.all(
      targets.map((id) => owner.call("POST", `/v1/activations/${id}/deactivate`)),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 429, 429, 429, 429, 429]);
    const ended = await t.deps.db
      .selectFrom("activations")
      .select("id")
      .where("license_id", "=", license.id)
      .where("deactivated_at", "is not", null)
      .execute();
    expect(ended).toHaveLength(1);
  });

  it("lets a member deactivate only on licenses assigned to them; others answer 404", async () => {
    const theirs = await issue({}, { userIds: [member.userId] });
    const notTheirs = await issue();
    const foreign = await issue({}, { accountId: stranger.accountId });
    const own = await insertActivation(theirs.id, owner.accountId);
    const hidden = await insertActivation(notTheirs.id, owner.accountId);
    const elsewhere = await insertActivation(foreign.id, stranger.accountId);
    for (const id of [hidden, elsewhere]) {
      const res = await member.call("POST", `/v1/activations/${id}/deactivate`);
      expect(res.status).toBe(404);
      expect((await activationRow(id)).deactivated_at).toBeNull();
      expect(await activityCount(id)).toBe(0);
    }
    expect((await owner.call("POST", `/v1/activations/${elsewhere}/deactivate`)).status).toBe(404);
    expect((await activationRow(elsewhere)).deactivated_at).toBeNull();
    const res = await member.call("POST", `/v1/activations/${own}/deactivate`);
    expect(res.status).toBe(200);
    expect((await activationRow(own)).deactivated_by_user_id).toBe(member.userId);
  });

  it("refuses bad bodies naming the field, writing nothing", async () => {
    const license = await issue();
    const id = await insertActivation(license.id, owner.accountId);
    for (const [body, field] of [
      [{ reason: "x".repeat(501) }, "body.reason"],
      [{ reason: 5 }, "body.reason"],
      [{ why: "x" }, "body.why"],
    ] as const) {
      const res = await owner.call("POST", `/v1/activations/${id}/deactivate`, body);
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
    expect((await owner.call("POST", "/v1/activations/bogus/deactivate")).status).toBe(404);
    expect((await activationRow(id)).deactivated_at).toBeNull();
    expect(await activityCount(id)).toBe(0);
  });
});

describe("deactivation limits, told before the customer tries", () => {
  interface Detail {
    policy: { protected: boolean };
    deactivations: Record<string, unknown>;
  }
  interface Item {
    id: string;
    cannotDeactivateReason?: string;
    nextAllowedAt?: string | null;
  }

  async function detailOf(user: SignedInUser, licenseId: string): Promise<Detail> {
    const res = await user.call("GET", `/v1/licenses/${licenseId}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Detail;
  }

  async function itemsOf(user: SignedInUser, licenseId: string): Promise<Map<string, Item>> {
    const res = await user.call("GET", `/v1/activations?licenseId=${licenseId}`);
    const body = (await res.json()) as { data: Item[] };
    return new Map(body.data.map((item) => [item.id, item]));
  }

  it("tells left 0 and the same next date on the license, its activations and the 429", async () => {
    const license = await issue(
      { deactivationLimit: 2, deactivationWindowDays: 30 },
      { userIds: [member.userId], name: "Limited" },
    );
    const first = await insertActivation(license.id, owner.accountId);
    const second = await insertActivation(license.id, owner.accountId);
    const third = await insertActivation(license.id, owner.accountId);
    const fourth = await insertActivation(license.id, owner.accountId);
    expect((await detailOf(owner, license.id)).deactivations).toEqual({
      limit: 2,
      windowDays: 30,
      usedInWindow: 0,
      left: 2,
      nextAllowedAt: null,
    });

    expect((await owner.call("POST", `/v1/activations/${first}/deactivate`)).status).toBe(200);
    expect((await detailOf(member, license.id)).deactivations).toMatchObject({
      usedInWindow: 1,
      left: 1,
      nextAllowedAt: null,
    });
    expect((await itemsOf(owner, license.id)).get(third)).not.toHaveProperty("nextAllowedAt");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await member.call("POST", `/v1/activations/${second}/deactivate`)).status).toBe(200);

    const firstEndedAt = (await activationRow(first)).deactivated_at?.getTime() ?? 0;
    const secondEndedAt = (await activationRow(second)).deactivated_at?.getTime() ?? 0;
    expect(secondEndedAt).toBeGreaterThan(firstEndedAt);
    // The oldest of the two leaves the window first.
    const expected = new Date(firstEndedAt + 30 * DAY_MS).toISOString();
    for (const user of [owner, member]) {
      const detail = await detailOf(user, license.id);
      expect(detail.policy.protected).toBe(false);
      expect(detail.deactivations).toEqual({
        limit: 2,
        windowDays: 30,
        usedInWindow: 2,
        left: 0,
        nextAllowedAt: expected,
      });
      const items = await itemsOf(user, license.id);
      for (const id of [third, fourth]) {
        expect(items.get(id)).toMatchObject({
          canDeactivate: false,
          cannotDeactivateReason: "limit_reached",
          nextAllowedAt: expected,
        });
      }
      expect(items.get(first)).toMatchObject({ cannotDeactivateReason: "deactivated" });
      expect(items.get(first)).not.toHaveProperty("nextAllowedAt");
      const one = (await (await user.call("GET", `/v1/activations/${fourth}`)).json()) as Item;
      expect(one).toMatchObject({
        cannotDeactivateReason: "limit_reached",
        nextAllowedAt: expected,
      });
    }

    const refused = await member.call("POST", `/v1/activations/${third}/deactivate`);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { nextAllowedAt: string }).nextAllowedAt).toBe(expected);
  });

  it("answers left null and no date without a limit, and never a date under a limit of 0", async () => {
    const open = await issue({}, { userIds: [member.userId] });
    const openAct = await insertActivation(open.id, owner.accountId);
    await insertActivation(open.id, owner.accountId, { deactivatedAgoMs: DAY_MS });
    for (const user of [owner, member]) {
      expect((await detailOf(user, open.id)).deactivations).toEqual({
        limit: null,
        windowDays: 30,
        usedInWindow: 1,
        left: null,
        nextAllowedAt: null,
      });
      const item = (await itemsOf(user, open.id)).get(openAct);
      expect(item).toMatchObject({ canDeactivate: true });
      expect(item).not.toHaveProperty("nextAllowedAt");
    }

    const none = await issue({ deactivationLimit: 0 });
    const noneAct = await insertActivation(none.id, owner.accountId);
    expect((await detailOf(owner, none.id)).deactivations).toMatchObject({
      left: 0,
      nextAllowedAt: null,
    });
    expect((await itemsOf(owner, none.id)).get(noneAct)).toMatchObject({
      cannotDeactivateReason: "limit_reached",
      nextAllowedAt: null,
    });
    const refused = await owner.call("POST", `/v1/activations/${noneAct}/deactivate`);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { nextAllowedAt: null }).nextAllowedAt).toBeNull();
  });

  it("says a protected policy is protected, to members too, and keeps a license out of scope 404", async () => {
    const locked = await issue({ protected: true }, { userIds: [member.userId] });
    const lockedAct = await insertActivation(locked.id, owner.accountId);
    for (const user of [owner, member]) {
      expect((await detailOf(user, locked.id)).policy.protected).toBe(true);
      const item = (await itemsOf(user, locked.id)).get(lockedAct);
      expect(item).toMatchObject({ cannotDeactivateReason: "protected" });
      expect(item).not.toHaveProperty("nextAllowedAt");
    }
    const notTheirs = await issue({ protected: true });
    expect((await member.call("GET", `/v1/licenses/${notTheirs.id}`)).status).toBe(404);
  });

  it("finds the dates with one window query per used-up license, none per row", async () => {
    const full = [await issue({ deactivationLimit: 1 }), await issue({ deactivationLimit: 1 })];
    const roomy = await issue({ deactivationLimit: 5 });
    for (const license of [...full, roomy]) {
      await insertActivation(license.id, owner.accountId, { deactivatedAgoMs: DAY_MS });
      for (let n = 0; n < 3; n++) await insertActivation(license.id, owner.accountId);
    }
    const caller = { userId: owner.userId, accountId: owner.accountId, role: "owner" as const };
    const ids = new Set([...full, roomy].map((license) => license.id));
    const rows = (await listCustomerActivations(t.deps.db, caller, { limit: 1000 })).filter((row) =>
      ids.has(row.license_id),
    );
    expect(rows).toHaveLength(12);
    let queries = 0;
    const counted = t.deps.db.withPlugin({
      transformQuery: ({ node }) => {
        queries += 1;
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const next = await nextDeactivationsAllowed(counted, rows, new Date());
    expect(queries).toBe(2);
    expect([...next.keys()].sort()).toEqual(full.map((license) => license.id).sort());
    for (const license of full) {
      const ended = rows.find((row) => row.license_id === license.id && row.deactivated_at);
      expect(next.get(license.id)?.getTime()).toBe(
        (ended?.deactivated_at?.getTime() ?? 0) + 30 * DAY_MS,
      );
    }
  });
});

describe("GET /v1/activity", () => {
  it("shows owners the whole account and members only their own and their licenses' entries", async () => {
    const theirs = await issue({}, { userIds: [member.userId] });
    const notTheirs = await issue();
    const onTheirs = await insertActivation(theirs.id, owner.accountId);
    const onOthers = await insertActivation(notTheirs.id, owner.accountId);
    // The owner ends one on each license; the member signs in (an entry without a license).
    expect((await owner.call("POST", `/v1/activations/${onTheirs}/deactivate`)).status).toBe(200);
    expect((await owner.call("POST", `/v1/activations/${onOthers}/deactivate`)).status).toBe(200);
    const memberOwn = createId("evt");
    const ownerOwn = createId("evt");
    await t.deps.db
      .insertInto("activity")
      .values([
        {
          id: memberOwn,
          account_id: owner.accountId,
          user_id: member.userId,
          actor: "customer",
          action: "auth.signed_in",
          data: "{}",
        },
        {
          id: ownerOwn,
          account_id: owner.accountId,
          user_id: owner.userId,
          actor: "customer",
          action: "auth.signed_in",
          data: "{}",
        },
      ])
      .execute();

    const list = async (user: SignedInUser) => {
      const res = await user.call("GET", "/v1/activity?limit=100");
      expect(res.status).toBe(200);
      return ((await res.json()) as { data: { id: string; subjectId: string | null }[] }).data;
    };
    const ownerSees = await list(owner);
    const ownerKeys = ownerSees.map((entry) => entry.subjectId ?? entry.id);
    expect(ownerKeys).toEqual(expect.arrayContaining([onTheirs, onOthers, memberOwn, ownerOwn]));

    const memberSees = await list(member);
    const memberKeys = memberSees.map((entry) => entry.subjectId ?? entry.id);
    expect(memberKeys).toEqual(expect.arrayContaining([onTheirs, memberOwn]));
    expect(memberKeys).not.toContain(onOthers);
    expect(memberKeys).not.toContain(ownerOwn);

    const strangerSees = new Set((await list(stranger)).map((item) => item.id));
    expect(ownerSees.filter((item) => strangerSees.has(item.id))).toEqual([]);

    const entry = ownerSees.find((item) => item.subjectId === onTheirs);
    expect(entry).toMatchObject({
      action: "activation.deactivated",
      actor: "customer",
      user: { id: owner.userId, name: "Olive Owner" },
      subjectType: "activation",
      licenseId: theirs.id,
      data: { kind: "machine", name: "PC", reason: null },
    });
    expect(ownerSees.map((item) => item.id)).toEqual(
      [...ownerSees.map((item) => item.id)].sort().reverse(),
    );
  });

  it("pages a member's trail in order without gaps or repeats", async () => {
    const assigned = await issue({}, { userIds: [member.userId] });
    // Entries by the member, on their license, and both at once (one source each, and both).
    const rows = [
      { user_id: member.userId, license_id: null },
      { user_id: null, license_id: assigned.id },
      { user_id: member.userId, license_id: assigned.id },
      { user_id: owner.userId, license_id: assigned.id },
      { user_id: member.userId, license_id: null },
      { user_id: null, license_id: assigned.id },
      { user_id: member.userId, license_id: assigned.id },
    ].map((row) => ({
      ...row,
      id: createId("evt"),
      account_id: owner.accountId,
      actor: "customer" as const,
      action: "test.member_page",
      data: "{}",
    }));
    await t.deps.db.insertInto("activity").values(rows).execute();

    const everything = (
      (await (await member.call("GET", "/v1/activity?limit=100")).json()) as {
        data: { id: string }[];
      }
    ).data.map((entry) => entry.id);
    expect(everything).toEqual(expect.arrayContaining(rows.map((row) => row.id)));
    expect(new Set(everything).size).toBe(everything.length);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = (await (await member.call("GET", `/v1/activity?limit=2${query}`)).json()) as {
        data: { id: string }[];
        nextCursor: string | null;
      };
      paged.push(...page.data.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(everything);
  });

  it("reads a member's page from the user and license indexes, never the account's whole trail", async () => {
    const caller = { userId: member.userId, accountId: owner.accountId, role: "member" as const };
    const plan = await explainPlan(
      t.deps.db,
      customerActivityQuery(t.deps.db, caller, { limit: 25, after: createId("evt") }),
    );
    expect(plan).toMatch(/activity_user_idx/);
    expect(plan).toMatch(/activity_license_idx/);
    expect(plan).not.toMatch(/activity_account_idx/);
    expect(plan).not.toMatch(/Seq Scan on activity/);
    // An owner's page walks the account index newest first.
    const ownerPlan = await explainPlan(
      t.deps.db,
      customerActivityQuery(t.deps.db, { ...caller, role: "owner" }, { limit: 25 }),
    );
    expect(ownerPlan).toMatch(/Index Scan Backward using activity_account_idx/);
  });

  it("pages with a cursor and refuses a foreign one", async () => {
    const first = (await (await owner.call("GET", "/v1/activity?limit=1")).json()) as {
      data: { id: string }[];
      nextCursor: string;
    };
    expect(first.data).toHaveLength(1);
    const next = (await (
      await owner.call("GET", `/v1/activity?limit=1&cursor=${first.nextCursor}`)
    ).json()) as { data: { id: string }[] };
    expect(String(next.data[0]?.id) < String(first.data[0]?.id)).toBe(true);
    expect((await owner.call("GET", "/v1/activity?cursor=nope")).status).toBe(422);
    expect((await t.publicApp.request("/v1/activity")).status).toBe(401);
  });
});
