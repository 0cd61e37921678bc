import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy } from "../../catalogue/policy-service.ts";
import { createId } from "../../core/ids.ts";
import { createLicense } from "../../licenses/license-service.ts";
import { insertAccount, insertProduct } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

/**
 * SPEC §1: anything outside a caller's scope answers 404, never 403. Each row is
 * a Customer API route that takes an id; `path` builds it from a fresh license
 * and one active activation of it. Add a route with one line here.
 */
interface Scoped {
  readonly licenseId: string;
  readonly activationId: string;
}
const ROUTES: { method: string; path: (s: Scoped) => string; body?: unknown }[] = [
  { method: "GET", path: (s) => `/v1/licenses/${s.licenseId}` },
  { method: "POST", path: (s) => `/v1/licenses/${s.licenseId}/key` },
  { method: "GET", path: (s) => `/v1/licenses/${s.licenseId}/validations` },
  { method: "POST", path: (s) => `/v1/licenses/${s.licenseId}/diagnose`, body: {} },
  { method: "GET", path: (s) => `/v1/activations/${s.activationId}` },
  { method: "POST", path: (s) => `/v1/activations/${s.activationId}/deactivate` },
];

/** List routes and which id of a fresh license/activation pair each one lists. */
const LISTS: { path: string; idOf: (s: Scoped) => string }[] = [
  { path: "/v1/licenses?limit=100", idOf: (s) => s.licenseId },
  { path: "/v1/activations?limit=100", idOf: (s) => s.activationId },
];

let t: TestContext;
let owner: SignedInUser;
let member: SignedInUser;
let otherAccountId: string;
let policyId: string;

beforeAll(async () => {
  t = await createTestContext();
  owner = await signedInUser(t);
  member = await signedInUser(t, { role: "member", accountId: owner.accountId });
  otherAccountId = await insertAccount(t.deps.db, "Someone else");
  const productId = await insertProduct(t.deps.db);
  policyId = (
    await createPolicy(t.deps.db, {
      productId,
      name: "Team",
      maxMachines: 5,
      maxDomains: 5,
      durationDays: 365,
      expirationStrategy: "restrict",
    })
  ).id;
});
afterAll(() => t.close());

/** A new license of an account (assigned to the given users) with one active activation. */
async function scoped(accountId: string, userIds: string[] = []): Promise<Scoped> {
  const license = await createLicense(t.deps.db, t.deps.keys, { accountId, policyId, userIds });
  const activationId = createId("act");
  await t.deps.db
    .insertInto("activations")
    .values({
      id: activationId,
      license_id: license.id,
      account_id: accountId,
      kind: "machine",
      identifier: `fp-${activationId}`,
      name: "Build box",
      last_seen_at: new Date(),
    })
    .execute();
  return { licenseId: license.id, activationId };
}

const MALFORMED: Scoped = { licenseId: "lic_nope", activationId: "act_nope" };

for (const route of ROUTES) {
  const name = `${route.method} ${route.path({ licenseId: "{lic}", activationId: "{act}" })}`;
  describe(name, () => {
    it("answers 404 for another account's id", async () => {
      const other = await scoped(otherAccountId);
      const res = await owner.call(route.method, route.path(other), route.body);
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe("NOT_FOUND");
    });

    it("answers 404 to a member for a license not assigned to them", async () => {
      const unassigned = await scoped(owner.accountId);
      const res = await member.call(route.method, route.path(unassigned), route.body);
      expect(res.status).toBe(404);
    });

    it("answers 404 for a malformed id", async () => {
      expect((await owner.call(route.method, route.path(MALFORMED), route.body)).status).toBe(404);
    });

    it("answers the owner of the account and an assigned member", async () => {
      const own = await scoped(owner.accountId, [member.userId]);
      const res = await owner.call(route.method, route.path(own), route.body);
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
      const again = await scoped(owner.accountId, [member.userId]);
      const byMember = await member.call(route.method, route.path(again), route.body);
      expect(byMember.status).toBeGreaterThanOrEqual(200);
      expect(byMember.status).toBeLessThan(300);
    });
  });
}

for (const list of LISTS) {
  describe(`GET ${list.path}`, () => {
    it("never lists another account's rows or a member's unassigned licenses", async () => {
      const other = await scoped(otherAccountId);
      const unassigned = await scoped(owner.accountId);
      const assigned = await scoped(owner.accountId, [member.userId]);
      const idsFor = async (user: SignedInUser) => {
        const res = await user.call("GET", list.path);
        expect(res.status).toBe(200);
        return ((await res.json()).data as { id: string }[]).map((row) => row.id);
      };
      const ownerSees = await idsFor(owner);
      expect(ownerSees).toContain(list.idOf(unassigned));
      expect(ownerSees).toContain(list.idOf(assigned));
      expect(ownerSees).not.toContain(list.idOf(other));
      const memberSees = await idsFor(member);
      expect(memberSees).toContain(list.idOf(assigned));
      expect(memberSees).not.toContain(list.idOf(unassigned));
      expect(memberSees).not.toContain(list.idOf(other));
    });
  });
}
