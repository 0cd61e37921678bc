import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../core/errors.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import { insertEntitlement } from "../test/fixtures.ts";
import { createTestDatabase } from "../test/harness.ts";
import { createEntitlement, resolveEntitlementCodes } from "./entitlement-service.ts";

let database: DatabaseHandle;
let ssoId: string;
let exportId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  ssoId = await insertEntitlement(database.db, "sso");
  exportId = await insertEntitlement(database.db, "export.pdf");
});
afterAll(() => database.close());

describe("resolveEntitlementCodes", () => {
  it("answers the ids in the order given, without repeats", async () => {
    expect(await resolveEntitlementCodes(database.db, ["export.pdf", "sso"], "body.x")).toEqual([
      exportId,
      ssoId,
    ]);
    expect(await resolveEntitlementCodes(database.db, ["sso", "sso"], "body.x")).toEqual([ssoId]);
    expect(await resolveEntitlementCodes(database.db, [], "body.x")).toEqual([]);
  });

  it("throws unknownReference naming the field and the missing code", async () => {
    const error = await resolveEntitlementCodes(
      database.db,
      ["sso", "teleport", "export.pdf"],
      "body.entitlements",
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      kind: "unknown_reference",
      field: "body.entitlements",
      message: 'unknown entitlement "teleport"',
    });
  });

  it("matches codes exactly", async () => {
    await expect(resolveEntitlementCodes(database.db, ["SSO"], "body.e")).rejects.toMatchObject({
      kind: "unknown_reference",
    });
  });

  it("works inside a caller's transaction", async () => {
    const ids = await database.db.transaction().execute(async (trx) => {
      const created = await createEntitlement(trx, { code: "in-trx", name: "In a transaction" });
      return [created.id, await resolveEntitlementCodes(trx, ["in-trx"], "body.e")];
    });
    expect(ids[1]).toEqual([ids[0]]);
  });
});
