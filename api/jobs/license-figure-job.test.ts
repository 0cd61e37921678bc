import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/connection.ts";
import { insertAccount, insertLicense, insertPolicy, insertProduct } from "../test/fixtures.ts";
import { createTestDatabase } from "../test/harness.ts";
import { runLicenseFigureFold } from "./license-figure-job.ts";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("runLicenseFigureFold", () => {
  it("adds the pending changes of the license figures into the stats rows", async () => {
    const { db } = handle;
    const accountId = await insertAccount(db);
    const policyId = await insertPolicy(db, await insertProduct(db), { max_machines: 3 });
    await insertLicense(db, { accountId, policyId });
    await insertLicense(db, { accountId, policyId });
    expect(await runLicenseFigureFold(db)).toBe(2);
    expect(await db.selectFrom("account_license_deltas").selectAll().execute()).toEqual([]);
    expect(
      await db
        .selectFrom("account_license_stats")
        .select(["total", "machines_total"])
        .where("account_id", "=", accountId)
        .executeTakeFirst(),
    ).toEqual({ total: 2, machines_total: 6 });
    expect(await runLicenseFigureFold(db)).toBe(0);
  });
});
