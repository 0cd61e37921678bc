import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy } from "../../catalogue/policy-service.ts";
import { decryptLicenseKey } from "../../licenses/license-key.ts";
import { createLicense } from "../../licenses/license-service.ts";
import { insertProduct } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

// Issue 14, finding 10: a member's activity feed showed the owner's key reveals
// (and downloads) with the owner's IP address. A member sees other people's
// entries on their licenses, but not where those people were.

let t: TestContext;
let owner: SignedInUser;
let member: SignedInUser;
let licenseId: string;
let licenseKey: string;

const OWNER_IP = "203.0.113.7";
const MEMBER_IP = "198.51.100.23";
const MACHINE_IP = "192.0.2.44";

beforeAll(async () => {
  t = await createTestContext();
  owner = await signedInUser(t, { name: "Olive Owner" });
  member = await signedInUser(t, {
    role: "member",
    name: "Max Member",
    accountId: owner.accountId,
  });
  const productId = await insertProduct(t.deps.db);
  const policy = await createPolicy(t.deps.db, {
    productId,
    name: "Policy",
    maxMachines: 3,
    maxDomains: 3,
    expirationStrategy: "restrict",
  });
  const row = await createLicense(t.deps.db, t.deps.keys, {
    accountId: owner.accountId,
    policyId: policy.id,
    name: "Studio",
    userIds: [member.userId],
  });
  licenseId = row.id;
  licenseKey = decryptLicenseKey(t.deps.keys, row.key_encrypted);

  // The owner reveals the key of the member's license; so does the member; the
  // installed software activates a machine. Each from its own address.
  expect((await revealKey(owner, OWNER_IP)).status).toBe(200);
  expect((await revealKey(member, MEMBER_IP)).status).toBe(200);
  const activated = await t.publicApp.request(
    "/v1/licensing/activate",
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: licenseKey, fingerprint: "fp-privacy-test-machine" }),
    },
    { incoming: { socket: { remoteAddress: MACHINE_IP } } },
  );
  expect(activated.status, await activated.clone().text()).toBe(201);
});
afterAll(() => t.close());

function revealKey(user: SignedInUser, ip: string) {
  return t.publicApp.request(
    `/v1/licenses/${licenseId}/key`,
    { method: "POST", headers: { authorization: `Bearer ${user.token}` } },
    { incoming: { socket: { remoteAddress: ip } } },
  );
}

interface Entry {
  readonly action: string;
  readonly actor: string;
  readonly user: { readonly id: string; readonly name: string } | null;
  readonly ip: string | null;
}

async function feedOf(user: SignedInUser): Promise<Entry[]> {
  const res = await user.call("GET", "/v1/activity?limit=100");
  expect(res.status).toBe(200);
  return (await res.json()).data;
}

const reveals = (entries: readonly Entry[], by: SignedInUser) =>
  entries.filter(
    (entry) => entry.action === "license.key_revealed" && entry.user?.id === by.userId,
  );

describe("what a member sees of other people's activity", () => {
  it("shows the owner's actions on the member's license, without the owner's address", async () => {
    const feed = await feedOf(member);
    const byOwner = reveals(feed, owner);
    expect(byOwner).toHaveLength(1);
    expect(byOwner[0]).toMatchObject({ user: { id: owner.userId, name: "Olive Owner" }, ip: null });
    expect(JSON.stringify(feed)).not.toContain(OWNER_IP);
  });

  it("keeps the member's own address and the installed software's", async () => {
    const feed = await feedOf(member);
    expect(reveals(feed, member)).toEqual([expect.objectContaining({ ip: MEMBER_IP })]);
    expect(feed.find((entry) => entry.action === "activation.created")).toMatchObject({
      actor: "software",
      ip: MACHINE_IP,
    });
  });

  it("leaves the address out of the dashboard's recent activity too", async () => {
    const res = await member.call("GET", "/v1/dashboard");
    expect(res.status).toBe(200);
    const recent: Entry[] = (await res.json()).recentActivity;
    expect(reveals(recent, owner)).toEqual([expect.objectContaining({ ip: null })]);
    expect(JSON.stringify(recent)).not.toContain(OWNER_IP);
  });

  it("shows the owner every address, the member's included", async () => {
    const feed = await feedOf(owner);
    expect(reveals(feed, owner)).toEqual([expect.objectContaining({ ip: OWNER_IP })]);
    expect(reveals(feed, member)).toEqual([expect.objectContaining({ ip: MEMBER_IP })]);
  });
});
