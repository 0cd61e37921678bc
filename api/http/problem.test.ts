import { createServer, type Server, type Socket } from "node:net";
import { Hono } from "hono";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { LicensingBacklogError } from "../licensing/licensing-writes.ts";
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
  problemResponse,
  toProblem,
} from "./problem.ts";

/** A port nobody listens on: the OS hands one out and it is closed again at once. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

/** What a real pg pool throws for a query when it cannot get a connection. */
async function poolError(options: pg.PoolConfig): Promise<unknown> {
  const pool = new pg.Pool({ ...options, max: 1 });
  pool.on("error", () => {});
  try {
    await pool.query("select 1");
  } catch (error) {
    return error;
  } finally {
    await pool.end();
  }
  throw new Error("the query succeeded");
}

/** A pg-style server error with a SQLSTATE. */
function sqlError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

const fieldFor = () => "body";

describe("toProblem: the database does not answer", () => {
  let silent: Server | undefined;
  const held: Socket[] = [];
  afterEach(async () => {
    for (const socket of held.splice(0)) socket.destroy();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    silent = undefined;
  });

  it("answers 503 DATABASE_UNAVAILABLE with Retry-After for a refused connection", async () => {
    const error = await poolError({ host: "127.0.0.1", port: await freePort() });
    expect((error as { code?: string }).code).toBe("ECONNREFUSED");
    const problem = toProblem(error, fieldFor);
    expect(problem.status).toBe(503);
    expect(problem.code).toBe("DATABASE_UNAVAILABLE");
    expect(problem.headers["Retry-After"]).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(problem.cause).toBe(error);
  });

  it("answers 503 when the connection cannot be made in time (a server that never replies)", async () => {
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent?.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const error = await poolError({ host: "127.0.0.1", port, connectionTimeoutMillis: 200 });
    expect(String((error as Error).message)).toMatch(/timeout|terminated/i);
    expect(toProblem(error, fieldFor).status).toBe(503);
  });

  it.each([
    ["57P01", "terminating connection due to administrator command"],
    ["57P02", "terminating connection because of crash of another server process"],
    ["57P03", "the database system is starting up"],
    ["08006", "connection failure"],
    ["53300", "sorry, too many clients already"],
    ["57014", "canceling statement due to statement timeout"],
  ])("answers 503 for SQLSTATE %s", (code, message) => {
    expect(toProblem(sqlError(code, message), fieldFor).code).toBe("DATABASE_UNAVAILABLE");
  });

  it.each([
    "Connection terminated unexpectedly",
    "Connection terminated due to connection timeout",
    "timeout exceeded when trying to connect",
    "Client has encountered a connection error and is not queryable",
  ])("answers 503 for pg's %j", (message) => {
    expect(toProblem(new Error(message), fieldFor).code).toBe("DATABASE_UNAVAILABLE");
  });

  it("finds the connection failure in a cause chain and in an AggregateError", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    expect(isDatabaseUnavailable(new Error("listing failed", { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([new Error("other"), refused]))).toBe(true);
  });

  it("answers 503 with Retry-After when validation events cannot be written fast enough", () => {
    const problem = toProblem(new LicensingBacklogError("the database does not keep up"), fieldFor);
    expect(problem.status).toBe(503);
    expect(problem.code).toBe("DATABASE_UNAVAILABLE");
    expect(problem.headers).toMatchObject({ "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) });
  });

  it("keeps other errors as they were: constraint races, bad values, bugs", () => {
    const duplicate = Object.assign(new Error("duplicate key"), {
      code: "23505",
      constraint: "users_email_key",
    });
    expect(toProblem(duplicate, fieldFor).status).toBe(409);
    expect(toProblem(sqlError("22P02", "invalid input syntax"), fieldFor).status).toBe(422);
    expect(toProblem(sqlError("42P01", 'relation "nope" does not exist'), fieldFor).code).toBe(
      "INTERNAL_ERROR",
    );
    expect(toProblem(new Error("Connection to SMTP refused"), fieldFor).code).toBe(
      "INTERNAL_ERROR",
    );
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });

  it("writes the 503 as problem+json with the Retry-After header", async () => {
    const app = new Hono();
    app.get("/", async () => {
      await poolError({ host: "127.0.0.1", port: await freePort() }).then((error) => {
        throw error;
      });
      return new Response("unreachable");
    });
    app.onError((error, c) => problemResponse(c, toProblem(error, fieldFor)));
    const response = await app.request("/");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("retry-after")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(await response.json()).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
  });
});
