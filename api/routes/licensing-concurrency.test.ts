import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPolicy } from "../catalogue/policy-service.ts";
import { decryptLicenseKey } from "../licenses/license-key.ts";
import { createLicense } from "../licenses/license-service.ts";
import { insertAccount, insertProduct } from "../test/fixtures.ts";
import { createTestContext, databaseKind, type TestContext } from "../test/harness.ts";

// On PostgreSQL this races real connections against the row lock and the unique index;
// on PGlite the requests queue for its one connection, which still checks the outcome.
describe(`Licensing API under concurrency (${databaseKind})`, () => {
  let t: TestContext;
  let accountId: string;
  let policyId: string;

  beforeAll(async () => {
    t = await createTestContext();
    accountId = await insertAccount(t.deps.db);
    const productId = await insertProduct(t.deps.db);
    policyId = (
      await createPolicy(t.deps.db, {
        productId,
        name: "Three seats",
        maxMachines: 3,
        maxDomains: 0,
        expirationStrategy: "restrict",
      })
    ).id;
  });
  afterAll(() => t.close());

  async function issue() {
    const row = await createLicense(t.deps.db, t.deps.keys, { accountId, policyId });
    return { id: row.id, key: decryptLicenseKey(t.deps.keys, row.key_encrypted) };
  }

  function activate(key: string, fingerprint: string) {
    return t.publicApp.request("/v1/licensing/activate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, fingerprint }),
    });
  }

  async function activeCount(licenseId: string): Promise<number> {
    const row = await t.deps.db
      .selectFrom("activations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("license_id", "=", licenseId)
      .where("deactivated_at", "is", null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("50 simultaneous activations of different machines on 3 seats leave exactly 3", async () => {
    const { id, key } = await issue();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => activate(key, `machine-${i}`)),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(47);
    const codes = await Promise.all(
      answers.filter((res) => res.status === 409).map(async (res) => (await res.json()).code),
    );
    expect(new Set(codes)).toEqual(new Set(["MACHINE_LIMIT_REACHED"]));
    expect(await activeCount(id)).toBe(3);
    const created = await t.deps.db
      .selectFrom("activity")
      .select("id")
      .where("license_id", "=", id)
      .where("action", "=", "activation.created")
      .execute();
    expect(created).toHaveLength(3);
  });

  it("20 simultaneous activations of one machine leave exactly one active row", async () => {
    const { id, key } = await issue();
    const answers = await Promise.all(Array.from({ length: 20 }, () => activate(key, "same")));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const ids = new Set(
      await Promise.all(answers.map(async (res) => (await res.json()).activation.id)),
    );
    expect(ids.size).toBe(1);
    expect(await activeCount(id)).toBe(1);
  });
});
