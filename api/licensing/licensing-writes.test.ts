import type { Kysely, KyselyPlugin, RootOperationNode } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
import {
  insertAccount,
  insertActivation,
  insertLicense,
  insertPolicy,
  insertProduct,
} from "../test/fixtures.ts";
import { createTestDatabase } from "../test/harness.ts";
import { capturingLogger } from "../test/log-capture.ts";
import { createLicensingWrites, type ValidationEvent } from "./licensing-writes.ts";

/**
 * Counts the statements that reach the database, and can hold them back (a slow
 * PostgreSQL) or fail them (one that is away) — the real database behind it.
 */
function databaseGate() {
  let open: Promise<void> = Promise.resolve();
  let release = () => {};
  let failures = 0;
  const plugin: KyselyPlugin & { statements: string[] } = {
    statements: [],
    transformQuery({ node }: { node: RootOperationNode }) {
      plugin.statements.push(node.kind);
      return node;
    },
    async transformResult({ result }) {
      await open;
      if (failures > 0) {
        failures--;
        throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });
      }
      return result;
    },
  };
  return {
    plugin,
    hold() {
      open = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
    failNext(count: number) {
      failures = count;
    },
  };
}

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Kysely<Database>;
let accountId: string;
let licenseId: string;
let activationId: string;
let sequence = 0;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  accountId = await insertAccount(db);
  const productId = await insertProduct(db);
  const policyId = await insertPolicy(db, productId);
  licenseId = await insertLicense(db, { accountId, policyId });
  activationId = await insertActivation(db, licenseId, {
    identifier: "fp-writes",
    last_seen_at: new Date("2026-01-01T00:00:00Z"),
  });
});
afterAll(() => handle.close());
beforeEach(async () => {
  await db.deleteFrom("validation_events").execute();
});

function event(at = new Date()): ValidationEvent {
  sequence++;
  return {
    id: `val_test${String(sequence).padStart(8, "0")}`,
    licenseId,
    accountId,
    activationId: null,
    code: "VALID",
    valid: true,
    fingerprint: `fp-${sequence}`,
    domain: null,
    version: "1.0.0",
    ip: "192.0.2.1",
    at,
  };
}

const stored = async () =>
  (
    await db
      .selectFrom("validation_events")
      .select(({ fn }) => fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow()
  ).n;

describe("licensing writes", () => {
  it("writes a burst of events in one statement, with the time of each validation", async () => {
    const gate = databaseGate();
    const writes = createLicensingWrites(db.withPlugin(gate.plugin), createLogger("silent"), {
      flushMs: 60_000,
    });
    const at = new Date("2026-12-01T10:00:00.123Z");
    await Promise.all(Array.from({ length: 250 }, () => writes.record(event(at))));
    expect(writes.pending).toBe(250);
    expect(Number(await stored())).toBe(0);
    await writes.flush();
    expect(gate.plugin.statements).toEqual(["RawNode"]);
    expect(Number(await stored())).toBe(250);
    const row = await db
      .selectFrom("validation_events")
      .select("created_at")
      .executeTakeFirstOrThrow();
    expect(row.created_at.toISOString()).toBe(at.toISOString());
    await writes.close();
  });

  it("flushes on its own within the interval", async () => {
    const writes = createLicensingWrites(db, createLogger("silent"), { flushMs: 20 });
    await writes.record(event());
    await expect.poll(async () => Number(await stored()), { timeout: 5_000 }).toBe(1);
    expect(writes.pending).toBe(0);
    await writes.close();
  });

  it("coalesces sightings of one binding into the latest, and never moves last_seen_at back", async () => {
    const gate = databaseGate();
    const writes = createLicensingWrites(db.withPlugin(gate.plugin), createLogger("silent"), {
      flushMs: 60_000,
    });
    const later = new Date("2026-06-01T00:00:00Z");
    for (const at of [new Date("2026-03-01T00:00:00Z"), later, new Date("2026-04-01T00:00:00Z")]) {
      await writes.sight({ activationId, at, aliveSince: null });
    }
    expect(writes.pending).toBe(1);
    await writes.flush();
    expect(gate.plugin.statements).toHaveLength(1);
    const row = await db
      .selectFrom("activations")
      .select("last_seen_at")
      .where("id", "=", activationId)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at.toISOString()).toBe(later.toISOString());
    await writes.sight({ activationId, at: new Date("2026-05-01T00:00:00Z"), aliveSince: null });
    await writes.close();
    const after = await db
      .selectFrom("activations")
      .select("last_seen_at")
      .where("id", "=", activationId)
      .executeTakeFirstOrThrow();
    expect(after.last_seen_at.toISOString()).toBe(later.toISOString());
  });

  it("does not revive a binding whose heartbeats died or that ended before the flush", async () => {
    const dead = await insertActivation(db, licenseId, {
      identifier: "fp-dead",
      last_seen_at: new Date("2026-01-01T00:00:00Z"),
    });
    const ended = await insertActivation(db, licenseId, {
      identifier: "fp-ended",
      last_seen_at: new Date("2026-01-01T00:00:00Z"),
    });
    await db
      .updateTable("activations")
      .set({ deactivated_at: new Date("2026-01-02T00:00:00Z"), deactivated_by: "software" })
      .where("id", "=", ended)
      .execute();
    const writes = createLicensingWrites(db, createLogger("silent"), { flushMs: 60_000 });
    const at = new Date("2026-02-01T00:00:00Z");
    await writes.sight({ activationId: dead, at, aliveSince: new Date("2026-01-15T00:00:00Z") });
    await writes.sight({ activationId: ended, at, aliveSince: null });
    await writes.close();
    const rows = await db
      .selectFrom("activations")
      .select(["id", "last_seen_at"])
      .where("id", "in", [dead, ended])
      .execute();
    for (const row of rows) expect(row.last_seen_at.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("keeps the events of a failed flush and writes them on the next attempt, once", async () => {
    const gate = databaseGate();
    const logs = capturingLogger("warn");
    const writes = createLicensingWrites(db.withPlugin(gate.plugin), logs.logger, {
      flushMs: 60_000,
    });
    for (let i = 0; i < 5; i++) await writes.record(event());
    gate.failNext(1);
    await expect(writes.flush()).rejects.toThrow(/Connection terminated/);
    expect(writes.pending).toBe(5);
    expect(logs.lines.some((line) => /could not be written yet/.test(String(line.msg)))).toBe(true);
    await writes.flush();
    expect(Number(await stored())).toBe(5);
    await writes.close();
  });

  it("holds a request back while the buffer is full and the database is slow, and loses nothing", async () => {
    const gate = databaseGate();
    const writes = createLicensingWrites(db.withPlugin(gate.plugin), createLogger("silent"), {
      flushMs: 10,
      maxPending: 20,
      maxWaitMs: 60_000,
    });
    gate.hold();
    for (let i = 0; i < 20; i++) await writes.record(event());
    let admitted = false;
    const waiting = writes.record(event()).then(() => {
      admitted = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(admitted).toBe(false);
    expect(writes.pending).toBeLessThanOrEqual(20);
    gate.release();
    await waiting;
    await writes.close();
    expect(Number(await stored())).toBe(21);
  });

  it("fails a request that waited too long for room, naming why", async () => {
    const gate = databaseGate();
    const writes = createLicensingWrites(db.withPlugin(gate.plugin), createLogger("silent"), {
      flushMs: 10,
      maxPending: 3,
      maxWaitMs: 300,
    });
    gate.hold();
    for (let i = 0; i < 3; i++) await writes.record(event());
    await expect(writes.record(event())).rejects.toThrow(/database does not keep up/);
    gate.release();
    await writes.close();
    expect(Number(await stored())).toBe(3);
  });

  it("writes what is left on close, also events recorded during it", async () => {
    const writes = createLicensingWrites(db, createLogger("silent"), { flushMs: 60_000 });
    for (let i = 0; i < 40; i++) await writes.record(event());
    const closing = writes.close();
    await writes.record(event());
    await closing;
    await writes.flush();
    expect(Number(await stored())).toBe(41);
  });
});
