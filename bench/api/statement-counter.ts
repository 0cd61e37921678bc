import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that counts the statements its clients send:
 * every simple `Query` message and every extended-protocol `Execute` is one
 * statement, one round trip's worth of work for the database, whichever driver or
 * query builder produced it. It reads the client's side of the wire only and
 * passes both directions through untouched, so any server pointed at it (Keyport
 * through Kysely, the baseline through raw `pg`) is measured the same way.
 *
 * It keeps the text of each statement (from `Parse` or `Query`) and its bound
 * parameters (`Bind`), so a difference in counts can be shown as SQL and a
 * statement can be explained exactly as it ran. Only the counting runs go through it; the load
 * runs talk to PostgreSQL directly, so the proxy's own cost is not in the figures.
 */
export interface SeenStatement {
  readonly sql: string;
  /** The bound parameters as sent (text format; `null` for NULL or a binary value). */
  readonly params: readonly (string | null)[];
}

export interface StatementCounter {
  readonly port: number;
  /** Statements seen since the proxy started, in order. */
  readonly statements: readonly SeenStatement[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Follows one client's message stream and reports each statement it sends. */
/** The parameter values of a Bind message (text format, as node-postgres sends them). */
function bindParameters(body: Buffer): (string | null)[] {
  let at = body.indexOf(0) + 1; // portal name
  at = body.indexOf(0, at) + 1; // statement name
  const formatCount = body.readInt16BE(at);
  const formats = Array.from({ length: formatCount }, (_, i) => body.readInt16BE(at + 2 + 2 * i));
  at += 2 + 2 * formatCount;
  const count = body.readInt16BE(at);
  at += 2;
  const params: (string | null)[] = [];
  for (let i = 0; i < count; i++) {
    const length = body.readInt32BE(at);
    at += 4;
    const binary = (formats.length === 1 ? formats[0] : formats[i]) === 1;
    params.push(length < 0 || binary ? null : body.toString("utf8", at, at + length));
    if (length > 0) at += length;
  }
  return params;
}

export function frontendParser(
  onStatement: (seen: SeenStatement) => void,
): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  let started = false;
  let lastParsed = "";
  let lastParams: (string | null)[] = [];
  /** Named prepared statements by name (the unnamed one is ""). */
  const prepared = new Map<string, string>();
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      if (!started) {
        // StartupMessage, SSLRequest or GSSENCRequest: a length, then a code, no type byte.
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) started = true;
        buffered = buffered.subarray(length);
        continue;
      }
      if (buffered.length < 5) return;
      const type = String.fromCharCode(buffered[0]!);
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) return;
      const body = buffered.subarray(5, 1 + length);
      if (type === "Q") {
        onStatement({ sql: body.toString("utf8", 0, body.indexOf(0)), params: [] });
      } else if (type === "B") {
        const portalEnd = body.indexOf(0);
        const name = body.toString("utf8", portalEnd + 1, body.indexOf(0, portalEnd + 1));
        lastParsed = prepared.get(name) ?? lastParsed;
        lastParams = bindParameters(body);
      } else if (type === "P") {
        // Parse: statement name (C string), then the query text (C string).
        const nameEnd = body.indexOf(0);
        lastParsed = body.toString("utf8", nameEnd + 1, body.indexOf(0, nameEnd + 1));
        prepared.set(body.toString("utf8", 0, nameEnd), lastParsed);
      } else if (type === "E") {
        onStatement({ sql: lastParsed, params: lastParams });
      }
      buffered = buffered.subarray(1 + length);
    }
  };
}

/**
 * Starts the proxy on a free loopback port, forwarding to `target` (host and port).
 *
 * @example
 * const counter = await startStatementCounter({ host: "127.0.0.1", port: 5432 });
 * // point a server at postgres://…@127.0.0.1:${counter.port}/db, make requests, read counter.statements
 */
export async function startStatementCounter(target: {
  host: string;
  port: number;
}): Promise<StatementCounter> {
  const statements: SeenStatement[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const parse = frontendParser((seen) => statements.push(seen));
    client.on("data", (chunk) => {
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy: no port");
  return {
    port: address.port,
    statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
