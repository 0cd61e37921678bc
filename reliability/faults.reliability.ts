// Faults under load, against the real `keyport start` on a PostgreSQL cluster of the test's own:
// the database going away and coming back, SIGTERM while requests run, and the asset store
// failing in the middle of a download, a statement stuck behind a lock.
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDemoInfo } from "../examples/testing/keyport-process.ts";
import {
  createDatabase,
  type KeyportInstance,
  queryDatabase,
  sharedSecrets,
  startInstance,
} from "./support/instances.ts";
import { type PgCluster, startPgCluster } from "./support/pg-cluster.ts";
import {
  assetLink,
  createCustomer,
  customerRead,
  type LoadTask,
  publishAsset,
  runLoad,
  send,
  signIn,
  tally,
  validation,
} from "./support/traffic.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: PgCluster;
let databaseUrl: string;
let keyport: KeyportInstance;
let vendorKey: string;

beforeAll(async () => {
  cluster = await startPgCluster();
  databaseUrl = (await createDatabase(cluster.url())).url;
  keyport = await startInstance({ databaseUrl, secrets: sharedSecrets(), seedDemo: "always" });
  vendorKey = readDemoInfo(keyport.dataDir).vendorKey;
});

afterAll(async () => {
  await keyport?.dispose();
  await cluster?.destroy();
});

/** Reads, dashboard and validations in turn, validations spread over the customer's keys. */
function mixedTraffic(url: string, token: string, keys: readonly string[]) {
  return (_worker: number, index: number): LoadTask => {
    switch (index % 3) {
      case 0:
        return customerRead(url, "/v1/licenses?limit=20", token);
      case 1:
        return customerRead(url, "/v1/dashboard", token);
      default:
        return validation(url, keys[Math.floor(index / 3) % keys.length] as string);
    }
  };
}

/** Polls until a customer read succeeds again; when it did. */
async function waitForRecovery(task: LoadTask, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await send(task, 10_000)).status === 200) return performance.now();
    await sleep(100);
  }
  throw new Error(`No request succeeded within ${timeoutMs} ms of PostgreSQL starting again.`);
}

describe("PostgreSQL stops mid-load", () => {
  it.each([
    { mode: "fast", how: "a shutdown ends every session" },
    { mode: "immediate", how: "the server dies as in a crash" },
  ] as const)(
    "answers 503 with Retry-After, keeps running and recovers by itself ($mode: $how)",
    async ({ mode }) => {
      // Enough keys that no validation meets the limit of 60 calls per key and minute.
      const customer = await createCustomer(keyport.vendorUrl, vendorKey, { licenses: 40 });
      const token = await signIn(keyport.url, customer.email, customer.password);
      const stop = new AbortController();
      const load = runLoad(4, mixedTraffic(keyport.url, token, customer.keys), stop.signal, {
        pauseMs: 10,
        // A request that hangs while the database is down shows up as a timeout.
        requestTimeoutMs: 15_000,
      });
      await sleep(1_500);
      const stoppedAt = performance.now();
      await cluster.stop(mode);
      await sleep(2_000);

      const ready = await send({ kind: "readyz", url: `${keyport.url}/readyz` });
      const health = await send({ kind: "healthz", url: `${keyport.url}/healthz` });
      await sleep(500);
      const startedAt = performance.now();
      await cluster.start();
      const recoveredAt = await waitForRecovery(customerRead(keyport.url, "/v1/licenses", token));
      await sleep(1_500);
      stop.abort();
      const outcomes = await load;

      expect(ready).toMatchObject({
        status: 503,
        code: "DATABASE_UNAVAILABLE",
        contentType: "application/problem+json",
        retryAfter: expect.stringMatching(/^\d+$/),
      });
      expect(health.status).toBe(200);
      expect(keyport.running).toBe(true);
      const counts = JSON.stringify(tally(outcomes));
      // Every answer is a success or the documented 503: no 500, no hang, no cut connection.
      const unexpected = outcomes.filter(
        (outcome) => outcome.status !== 200 && outcome.status !== 503,
      );
      expect(unexpected, counts).toEqual([]);
      const unavailable = outcomes.filter((outcome) => outcome.status === 503);
      for (const outcome of unavailable) {
        expect(outcome).toMatchObject({
          code: "DATABASE_UNAVAILABLE",
          contentType: "application/problem+json",
          retryAfter: expect.stringMatching(/^\d+$/),
        });
      }
      // The outage was seen by reads and by validations alike ...
      expect(new Set(unavailable.map((outcome) => outcome.kind)).size, counts).toBe(3);
      // ... only while the database was down ...
      expect(unavailable.every((outcome) => outcome.endedAt > stoppedAt)).toBe(true);
      // ... and once it answered again, every request succeeded, without a restart of Keyport.
      const afterRecovery = outcomes.filter((outcome) => outcome.sentAt > recoveredAt);
      expect(afterRecovery.length, counts).toBeGreaterThan(10);
      expect(afterRecovery.every((outcome) => outcome.status === 200)).toBe(true);
      expect(outcomes.filter((outcome) => outcome.endedAt < stoppedAt).length).toBeGreaterThan(10);
      expect(recoveredAt - startedAt).toBeLessThan(30_000);
      expect((await send({ kind: "readyz", url: `${keyport.url}/readyz` })).status).toBe(200);
    },
  );
});

/** Kysely's advisory lock for migrations (`kysely/dist/dialect/postgres/postgres-adapter.js`). */
const MIGRATION_LOCK_ID = "3853314791062309107";

describe("a statement stuck behind a lock, with DATABASE_STATEMENT_TIMEOUT_SECONDS=1", () => {
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let slow: KeyportInstance | undefined;
  const clients: pg.Client[] = [];
  const connect = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  };

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
    await slow?.dispose();
    await database?.drop();
  });

  it("lets a start wait for another's migrations past the timeout", async () => {
    database = await createDatabase(cluster.url());
    const other = await connect(database.url);
    await other.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    let started = false;
    const starting = startInstance({
      databaseUrl: database.url,
      secrets: sharedSecrets(),
      seedDemo: "always",
      env: { DATABASE_STATEMENT_TIMEOUT_SECONDS: "1" },
    }).then((instance) => {
      started = true;
      return instance;
    });
    // Well past the timeout, the start is still waiting for the lock (it would have failed
    // with a cancelled statement, had the wait counted against the timeout).
    await sleep(3_000);
    expect(started).toBe(false);
    await other.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    slow = await starting;
    expect(slow.running).toBe(true);
  });

  it("answers 503 with Retry-After when a read waits longer for a lock, then serves again", async () => {
    if (!slow || !database) throw new Error("the instance of the previous test did not start");
    const customer = await createCustomer(slow.vendorUrl, readDemoInfo(slow.dataDir).vendorKey, {
      name: "locked",
    });
    const token = await signIn(slow.url, customer.email, customer.password);
    const read = customerRead(slow.url, "/v1/licenses", token);
    expect((await send(read)).status).toBe(200);

    const locker = await connect(database.url);
    await locker.query("begin");
    await locker.query("lock table licenses in access exclusive mode");
    // Without the timeout the read would wait for the lock as long as it is held: past
    // `send`'s 8 s, an outcome with an error and no status.
    const stuck = await send(read, 8_000);
    await locker.query("rollback");
    expect(stuck).toMatchObject({
      status: 503,
      code: "DATABASE_UNAVAILABLE",
      contentType: "application/problem+json",
      retryAfter: expect.stringMatching(/^\d+$/),
    });
    // The connection the cancelled statement ran on goes on serving.
    const after = await Promise.all(Array.from({ length: 12 }, () => send(read)));
    expect(after.map((outcome) => outcome.status)).toEqual(Array(12).fill(200));
    expect(slow.running).toBe(true);
  });
});

/** Every regular file under `dir`, with its size. */
function filesUnder(dir: string): { path: string; size: number }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, size: statSync(path).size }));
}

describe("the asset store fails during a download", () => {
  // Sizes no other file in the data directory has, so the test can find the stored copies.
  const bigSize = 48 * 1024 * 1024 + 11;
  const smallSize = 256 * 1024 + 13;
  let token: string;
  let bigAsset: string;
  let smallAsset: string;
  let small: Uint8Array;

  beforeAll(async () => {
    const customer = await createCustomer(keyport.vendorUrl, vendorKey, { name: "store" });
    token = await signIn(keyport.url, customer.email, customer.password);
    small = randomBytes(smallSize);
    bigAsset = await publishAsset(keyport.vendorUrl, vendorKey, {
      productId: customer.productId,
      version: "1.0.0",
      filename: "big.bin",
      bytes: randomBytes(bigSize),
    });
    smallAsset = await publishAsset(keyport.vendorUrl, vendorKey, {
      productId: customer.productId,
      version: "1.0.1",
      filename: "small.bin",
      bytes: small,
    });
  });

  const storedFile = (size: number) => {
    const found = filesUnder(keyport.dataDir).filter((file) => file.size === size);
    expect(found).toHaveLength(1);
    return (found[0] as { path: string }).path;
  };

  it("cuts the connection when the file breaks off mid-stream, and goes on serving", async () => {
    const file = storedFile(bigSize);
    const response = await fetch(await assetLink(keyport.url, token, bigAsset));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(bigSize));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received < 1024 * 1024) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value.byteLength;
    }
    // The store loses the rest of the file while the server is still sending it.
    truncateSync(file, 1024 * 1024);
    const ending = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return { done: true, received };
        received += value.byteLength;
      }
    })();
    const result = await Promise.race([
      ending.catch((error: unknown) => ({ error, received })),
      sleep(20_000).then(() => "hung" as const),
    ]);
    // A clean end for the client: the body fails (never a short body that looks complete,
    // never a socket left hanging).
    expect(result).not.toBe("hung");
    expect(result).toHaveProperty("error");
    expect(received).toBeLessThan(bigSize);

    expect((await send({ kind: "healthz", url: `${keyport.url}/healthz` })).status).toBe(200);
    const other = await fetch(await assetLink(keyport.url, token, smallAsset));
    expect(other.status).toBe(200);
    const body = new Uint8Array(await other.arrayBuffer());
    expect(createHash("sha256").update(body).digest("hex")).toBe(
      createHash("sha256").update(small).digest("hex"),
    );
    expect(keyport.output()).toContain("asset stream failed mid-body");
  });

  it("answers a problem before any byte when the file is gone from the store", async () => {
    rmSync(storedFile(1024 * 1024));
    const outcome = await send({
      kind: "download",
      url: await assetLink(keyport.url, token, bigAsset),
    });
    expect(outcome).toMatchObject({
      status: 502,
      code: "ASSET_FILE_MISSING",
      contentType: "application/problem+json",
    });
    expect((await send({ kind: "healthz", url: `${keyport.url}/healthz` })).status).toBe(200);
  });
});

describe("SIGTERM under load", () => {
  it("finishes every accepted request and records every answered validation", async () => {
    const customer = await createCustomer(keyport.vendorUrl, vendorKey, {
      licenses: 60,
      name: "sigterm",
    });
    const token = await signIn(keyport.url, customer.email, customer.password);
    const payload = randomBytes(24 * 1024 * 1024);
    const asset = await publishAsset(keyport.vendorUrl, vendorKey, {
      productId: customer.productId,
      version: "2.0.0",
      filename: "slow.bin",
      bytes: payload,
    });
    const link = await assetLink(keyport.url, token, asset);
    const before = await countValidations(customer.accountId);

    const stop = new AbortController();
    const load = runLoad(6, mixedTraffic(keyport.url, token, customer.keys), stop.signal, {
      requestTimeoutMs: 20_000,
    });
    // A download read slowly, so that it is surely in flight when the signal comes.
    const slowDownload = readSlowly(link, 2_500);
    await sleep(1_500);
    const signalledAt = performance.now();
    keyport.kill("SIGTERM");
    const exit = await keyport.exited;
    const exitedAt = performance.now();
    await sleep(300);
    stop.abort();
    const outcomes = await load;
    const download = await slowDownload;

    expect(exit.code).toBe(0);
    const counts = JSON.stringify(tally(outcomes));
    // Everything sent before the signal was answered, and answered well.
    const early = outcomes.filter((outcome) => outcome.sentAt < signalledAt);
    expect(early.length, counts).toBeGreaterThan(20);
    expect(
      early.filter((outcome) => outcome.status !== 200),
      counts,
    ).toEqual([]);
    // Later ones were answered well or failed at the socket: refused, or (the HTTP/1.1 race)
    // written on a keep-alive connection just as the draining server closed it. Never a 5xx.
    for (const outcome of outcomes) {
      if (outcome.status !== undefined) expect(outcome.status, counts).toBe(200);
      else expect(outcome.error, counts).toMatch(/ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET/);
    }
    // And it did stop accepting: what came after the exit was refused.
    expect(
      outcomes.some((outcome) => outcome.sentAt > exitedAt && outcome.error === "ECONNREFUSED"),
      counts,
    ).toBe(true);
    expect(download).toMatchObject({ status: 200, complete: true });
    expect(download.sha256).toBe(createHash("sha256").update(payload).digest("hex"));

    // No answered validation is lost: each 200 is a row once the process has exited.
    const answered = outcomes.filter(
      (outcome) => outcome.kind === "validate" && outcome.status === 200,
    ).length;
    const unanswered = outcomes.filter(
      (outcome) => outcome.kind === "validate" && outcome.status === undefined,
    ).length;
    expect(answered).toBeGreaterThan(10);
    const recorded = (await countValidations(customer.accountId)) - before;
    expect(recorded, counts).toBeGreaterThanOrEqual(answered);
    expect(recorded, counts).toBeLessThanOrEqual(answered + unanswered);
  });
});

async function countValidations(accountId: string): Promise<number> {
  const [row] = await queryDatabase<{ count: string }>(
    databaseUrl,
    "select count(*) as count from validation_events where account_id = $1",
    [accountId],
  );
  return Number(row?.count ?? 0);
}

/**
 * Downloads `url` over a connection of its own, taking at least `durationMs`: the reader holds
 * back, so the server is still writing the body the whole time. The status, whether the body
 * came complete, and its sha256; never throws.
 */
function readSlowly(
  url: string,
  durationMs: number,
): Promise<{ status?: number; complete: boolean; sha256?: string; error?: string }> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false }, async (response) => {
      const started = performance.now();
      const total = Number(response.headers["content-length"]);
      const hash = createHash("sha256");
      let received = 0;
      try {
        for await (const chunk of response as AsyncIterable<Buffer>) {
          hash.update(chunk);
          received += chunk.byteLength;
          // Behind schedule is fine; ahead of it, wait (and so read nothing from the socket).
          const wait = started + (received / total) * durationMs - performance.now();
          if (wait > 0) await sleep(wait);
        }
        resolve({
          status: response.statusCode as number,
          complete: response.complete && received === total,
          sha256: hash.digest("hex"),
        });
      } catch (error) {
        resolve({ status: response.statusCode as number, complete: false, error: String(error) });
      }
    });
    request.on("error", (error) => resolve({ complete: false, error: String(error) }));
  });
}
