// What the code relies on from the database driver, checked the same way on embedded PGlite and
// on PostgreSQL (DATABASE_URL): transactions that fail stay failed, row counts are right with
// and without CTEs and `returning`, types round-trip, and transactions queue without mixing.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/harness.ts";
import type { DatabaseHandle } from "./connection.ts";

let handle: DatabaseHandle;
// A scratch table of the test's own, so the contract does not depend on the schema.
let db: Kysely<{
  contract_rows: {
    id: number;
    name: string;
    amount: string | null;
    big: number | null;
    at: Date | null;
    data: unknown;
  };
}>;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db as unknown as typeof db;
  await sql`create table contract_rows (
    id int primary key, name text not null unique, amount numeric, big int8, at timestamptz, data jsonb
  )`.execute(db);
});
afterAll(() => handle?.close());

const names = async () =>
  (await db.selectFrom("contract_rows").select("name").orderBy("id").execute()).map((r) => r.name);

describe("the database driver", () => {
  it("fails a transaction whose statement failed even when the error was caught inside it", async () => {
    await db.deleteFrom("contract_rows").execute();
    await db.insertInto("contract_rows").values({ id: 1, name: "taken", data: null }).execute();
    const attempt = db.transaction().execute(async (trx) => {
      await trx.insertInto("contract_rows").values({ id: 2, name: "kept?", data: null }).execute();
      await trx
        .insertInto("contract_rows")
        .values({ id: 3, name: "taken", data: null })
        .execute()
        .catch(() => undefined);
    });
    await expect(attempt).rejects.toThrow();
    // Nothing of it is written, and the next transaction is not poisoned.
    expect(await names()).toEqual(["taken"]);
    await db
      .transaction()
      .execute((trx) =>
        trx.insertInto("contract_rows").values({ id: 4, name: "after", data: null }).execute(),
      );
    expect(await names()).toEqual(["taken", "after"]);
  });

  it("counts the rows of insert, update and delete, with and without a CTE and returning", async () => {
    await db.deleteFrom("contract_rows").execute();
    const inserted = await db
      .insertInto("contract_rows")
      .values([1, 2, 3].map((id) => ({ id, name: `row-${id}`, data: null })))
      .executeTakeFirst();
    expect(inserted.numInsertedOrUpdatedRows).toBe(3n);

    const updated = await db
      .updateTable("contract_rows")
      .set({ name: sql`name || '!'` })
      .where("id", ">", 1)
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);

    const throughCte = await db
      .with("picked", (qb) => qb.selectFrom("contract_rows").select("id").where("id", "=", 1))
      .updateTable("contract_rows")
      .set({ name: "first" })
      .where("id", "in", (qb) => qb.selectFrom("picked").select("id"))
      .executeTakeFirst();
    expect(throughCte.numUpdatedRows).toBe(1n);

    const returned = await db
      .updateTable("contract_rows")
      .set({ amount: "1.50" })
      .returning(["id"])
      .execute();
    expect(returned.map((row) => row.id).sort()).toEqual([1, 2, 3]);

    const deleted = await db.deleteFrom("contract_rows").where("id", "<", 3).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(2n);
    expect(await names()).toEqual(["row-3!"]);
  });

  it("round-trips numeric, int8, timestamptz and jsonb", async () => {
    await db.deleteFrom("contract_rows").execute();
    const at = new Date("2027-03-14T09:26:53.589Z");
    const data = { seats: [1, 2], nested: { ok: true }, text: "Grüße" };
    await db
      .insertInto("contract_rows")
      .values({
        id: 1,
        name: "types",
        amount: "12345678901234567890.125",
        big: 9_007_199_254_740_991,
        at,
        data: JSON.stringify(data),
      })
      .execute();
    const row = await db.selectFrom("contract_rows").selectAll().executeTakeFirstOrThrow();
    // numeric stays an exact string; int8 is parsed as a number on both drivers (connection.ts).
    expect(row.amount).toBe("12345678901234567890.125");
    expect(row.big).toBe(9_007_199_254_740_991);
    expect(row.at).toBeInstanceOf(Date);
    expect((row.at as Date).toISOString()).toBe(at.toISOString());
    expect(row.data).toEqual(data);
  });

  it("runs concurrent transactions one after the other, each seeing only its own writes", async () => {
    await db.deleteFrom("contract_rows").execute();
    await db
      .insertInto("contract_rows")
      .values({ id: 1, name: "counter", amount: "0", data: null })
      .execute();
    const bump = () =>
      db.transaction().execute(async (trx) => {
        const { amount } = await trx
          .selectFrom("contract_rows")
          .select("amount")
          .where("id", "=", 1)
          .forUpdate()
          .executeTakeFirstOrThrow();
        await trx
          .updateTable("contract_rows")
          .set({ amount: String(Number(amount) + 1) })
          .where("id", "=", 1)
          .execute();
      });
    await Promise.all(Array.from({ length: 10 }, bump));
    const { amount } = await db
      .selectFrom("contract_rows")
      .select("amount")
      .where("id", "=", 1)
      .executeTakeFirstOrThrow();
    expect(Number(amount)).toBe(10);
  });
});
