import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/connection.ts";
import { insertAccount, insertUser } from "../test/fixtures.ts";
import { createTestDatabase } from "../test/harness.ts";
import { createId } from "./ids.ts";
import { createLogger } from "./logger.ts";

let database: DatabaseHandle;
let accountId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  accountId = await insertAccount(database.db, "Logging Test");
});
afterAll(() => database?.close());

/** A logger writing into an array, and the lines it wrote so far. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

/** Runs a statement that must fail and answers its error. */
async function failure(statement: () => Promise<unknown>): Promise<unknown> {
  try {
    await statement();
  } catch (error) {
    return error;
  }
  throw new Error("the statement did not fail");
}

describe("error logs", () => {
  it("carry no SQL parameters of a failed query (unique violation)", async () => {
    const email = `ada.lovelace.${Date.now()}@example.com`;
    await insertUser(database.db, accountId, "member", email);
    const error = await failure(() => insertUser(database.db, accountId, "member", email));
    const { logger, lines } = capturedLogger();
    logger.error({ err: error, requestId: "req-1" }, "unhandled error");
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).not.toContain(email);
    expect(line).not.toContain("insert into");
    const logged = JSON.parse(line) as { err: Record<string, unknown> };
    // What failed stays: the SQLSTATE and the constraint.
    expect(logged.err).toMatchObject({ code: "23505", constraint: "users_email_key" });
    expect(logged.err.message).toEqual(expect.stringContaining("users_email_key"));
    for (const field of ["query", "params", "parameters", "detail"]) {
      expect(logged.err).not.toHaveProperty(field);
    }
  });

  it("carry neither the parameters nor the refused value of a data exception, also as a cause", async () => {
    const name = `Grace\u0000Hopper ${Date.now()}`;
    const error = await failure(() =>
      database.db
        .insertInto("users")
        .values({
          id: createId("usr"),
          account_id: accountId,
          email: `grace.${Date.now()}@example.com`,
          name,
          role: "member",
          password_hash: null,
        })
        .execute(),
    );
    expect((error as { code?: string }).code).toBe("22021");
    const { logger, lines } = capturedLogger();
    logger.error({ err: new Error("saving the user failed", { cause: error }) }, "wrapped");
    logger.error({ err: error }, "direct");
    for (const line of lines) {
      expect(line).not.toContain("Grace");
      expect(line).not.toContain("grace.");
      expect(line).not.toContain("insert into");
    }
    expect(JSON.parse(lines[1]!).err.code).toBe("22021");
  });

  it("still logs an ordinary error's message, stack and own fields", () => {
    const { logger, lines } = capturedLogger();
    const error = Object.assign(new Error("the disk is full"), { code: "ENOSPC", path: "/data" });
    logger.error({ err: error }, "write failed");
    const logged = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({
      message: "the disk is full",
      code: "ENOSPC",
      path: "/data",
    });
    expect(String(logged.err.stack)).toContain("logger.test.ts");
  });
});
