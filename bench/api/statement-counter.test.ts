import { connect, createServer, type Socket } from "node:net";
import { serialize } from "pg-protocol";
import { afterEach, describe, expect, it } from "vitest";
import { frontendParser, type SeenStatement, startStatementCounter } from "./statement-counter.ts";

/** What node-postgres sends for one parameterised query (unnamed statement), by its own serializer. */
function extendedQuery(text: string, values: (string | null)[], statement = ""): Buffer {
  return Buffer.concat([
    serialize.parse({ text, name: statement }),
    serialize.bind({ statement, values }),
    serialize.describe({ type: "P" }),
    serialize.execute(),
    serialize.sync(),
  ]);
}

function parseAll(chunks: Buffer[]): SeenStatement[] {
  const seen: SeenStatement[] = [];
  const feed = frontendParser((statement) => seen.push(statement));
  for (const chunk of chunks) feed(chunk);
  return seen;
}

describe("frontendParser", () => {
  const startup = serialize.startup({ user: "postgres", database: "bench" });

  it("counts each Execute and each simple Query once, with its SQL and parameters", () => {
    const seen = parseAll([
      startup,
      extendedQuery("select * from licenses where account_id = $1 limit $2", ["acc_1", "21"]),
      serialize.query("begin"),
      extendedQuery("update sessions set last_used_at = $1 where id = $2", [null, "ses_1"]),
    ]);
    expect(seen).toEqual([
      { sql: "select * from licenses where account_id = $1 limit $2", params: ["acc_1", "21"] },
      { sql: "begin", params: [] },
      { sql: "update sessions set last_used_at = $1 where id = $2", params: [null, "ses_1"] },
    ]);
  });

  it("finds messages split across chunks at any byte, and skips an SSL request before start-up", () => {
    const stream = Buffer.concat([
      serialize.requestSsl(),
      startup,
      extendedQuery("select 1 where $1 = 'x'", ["x"]),
      extendedQuery("select 2", []),
    ]);
    const bytes = [...stream].map((byte) => Buffer.from([byte]));
    expect(parseAll(bytes).map((s) => s.sql)).toEqual(["select 1 where $1 = 'x'", "select 2"]);
  });

  it("binds a named prepared statement to the SQL it was parsed with", () => {
    const seen = parseAll([
      startup,
      serialize.parse({ name: "by_key", text: "select * from licenses where key_hash = $1" }),
      serialize.parse({ text: "select now()" }),
      serialize.bind({ statement: "by_key", values: ["abc"] }),
      serialize.execute(),
      serialize.sync(),
    ]);
    expect(seen).toEqual([{ sql: "select * from licenses where key_hash = $1", params: ["abc"] }]);
  });
});

describe("startStatementCounter", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it("passes the bytes through both ways and counts what clients send", async () => {
    const received: Buffer[] = [];
    const upstream = createServer((socket) => {
      socket.on("data", (chunk) => {
        received.push(chunk);
        socket.write("pong");
      });
    });
    await new Promise<void>((settle) => upstream.listen(0, "127.0.0.1", settle));
    closers.push(() => new Promise((settle) => upstream.close(() => settle())));
    const address = upstream.address();
    if (!address || typeof address === "string") throw new Error("no port");
    const counter = await startStatementCounter({ host: "127.0.0.1", port: address.port });
    closers.unshift(() => counter.close());

    const client: Socket = connect(counter.port, "127.0.0.1");
    await new Promise<void>((settle) => client.once("connect", settle));
    const sent = Buffer.concat([
      serialize.startup({ user: "postgres" }),
      extendedQuery("select $1::int", ["7"]),
      serialize.query("select 2; select 3"),
    ]);
    const reply = new Promise<string>((settle) =>
      client.once("data", (chunk) => settle(String(chunk))),
    );
    client.write(sent);
    expect(await reply).toBe("pong");
    while (Buffer.concat(received).length < sent.length) {
      await new Promise((settle) => setTimeout(settle, 10));
    }
    client.destroy();

    expect(Buffer.concat(received).equals(sent)).toBe(true);
    expect(counter.statements).toEqual([
      { sql: "select $1::int", params: ["7"] },
      // One message, one round trip, whatever it holds.
      { sql: "select 2; select 3", params: [] },
    ]);
  });
});
