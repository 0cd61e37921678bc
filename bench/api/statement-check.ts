import type { LoadTarget } from "./load.ts";
import { median } from "./load.ts";
import type { ChildServer } from "./servers.ts";
import type { SeenStatement, StatementCounter } from "./statement-counter.ts";

/** What one server sent PostgreSQL per request of one target. */
export interface StatementCount {
  /** Statements on the request's own path: the median over the counted requests. */
  readonly perRequest: number;
  /** Everything sent while the requests ran (buffered writes included), per request. */
  readonly amortized: number;
  /** The statements of one median request, in order. */
  readonly statements: readonly SeenStatement[];
  /** The HTTP status of the counted requests (the last one). */
  readonly status: number;
  /** The answer's JSON shape (keys and value types, arrays by their first item). */
  readonly shape: string;
}

export interface RouteStatements {
  readonly target: string;
  readonly keyport: StatementCount;
  readonly baseline: StatementCount;
  /** Whether both servers send the same number of statements on the request's path. */
  readonly same: boolean;
  /** Whether both answers have the same JSON shape. */
  readonly sameShape: boolean;
}

/** The JSON shape of a value: keys and types, arrays by their first item. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, shapeOf(item)]),
    );
  }
  return value === null ? "null" : typeof value;
}

async function call(server: ChildServer, target: LoadTarget, n: number) {
  const token = target.tokens?.[n % target.tokens.length];
  const body = target.bodies?.[n % target.bodies.length];
  const res = await fetch(`${server.url}${target.path}`, {
    method: target.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body } : {}),
  });
  const text = await res.text();
  return { status: res.status, text };
}

const pause = (ms: number) => new Promise((settle) => setTimeout(settle, ms));

/**
 * Sends `requests` requests one at a time (each caller warmed first, so no
 * once-a-minute session touch is counted) and counts what reached PostgreSQL.
 */
async function countOne(
  counter: StatementCounter,
  server: ChildServer,
  target: LoadTarget,
  requests: number,
): Promise<StatementCount> {
  for (let n = 0; n < requests; n++) await call(server, target, n);
  await pause(300);
  const windowStart = counter.statements.length;
  const perRequest: { count: number; statements: SeenStatement[] }[] = [];
  let last = { status: 0, text: "" };
  for (let n = 0; n < requests; n++) {
    const before = counter.statements.length;
    last = await call(server, target, n);
    perRequest.push({
      count: counter.statements.length - before,
      statements: counter.statements.slice(before),
    });
  }
  // Buffered writes go out within ~100 ms; wait for them before closing the window.
  await pause(400);
  const counts = perRequest.map((entry) => entry.count);
  const middle = median(counts);
  let shape = "";
  try {
    shape = JSON.stringify(shapeOf(JSON.parse(last.text)));
  } catch {
    shape = `(not JSON: ${last.text.slice(0, 80)})`;
  }
  return {
    perRequest: middle,
    amortized: (counter.statements.length - windowStart) / requests,
    statements: (perRequest.find((entry) => entry.count === Math.round(middle)) ?? perRequest[0]!)
      .statements,
    status: last.status,
    shape,
  };
}

/**
 * Counts, for each target, the statements Keyport and the baseline send per
 * request, both running on the counting proxy. They must be equal: the baseline
 * exists to run the same SQL with less around it.
 */
export async function countStatements({
  counter,
  keyport,
  baseline,
  targets,
  requests = 12,
}: {
  counter: StatementCounter;
  keyport: ChildServer;
  baseline: ChildServer;
  targets: readonly LoadTarget[];
  requests?: number;
}): Promise<RouteStatements[]> {
  const results: RouteStatements[] = [];
  for (const target of targets) {
    const k = await countOne(counter, keyport, target, requests);
    const b = await countOne(counter, baseline, target, requests);
    results.push({
      target: target.id,
      keyport: k,
      baseline: b,
      same: k.perRequest === b.perRequest && k.status === b.status,
      sameShape: k.shape === b.shape,
    });
  }
  return results;
}
