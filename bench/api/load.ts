import autocannon from "autocannon";

/** One thing to measure: a route as a kind of caller calls it. */
export interface LoadTarget {
  /** Short name in tables and JSON: `licenses`, `dashboard-10k`, … */
  readonly id: string;
  /** How it reads in the report: ``GET /v1/licenses?limit=20` (typical customer)`. */
  readonly label: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  /** Bearer tokens, taken in turn request by request (none: no Authorization header). */
  readonly tokens?: readonly string[];
  /** JSON bodies, taken in turn request by request. */
  readonly bodies?: readonly string[];
  /** Whether the baseline serves it too (the embedded run has no baseline). */
  readonly baseline: boolean;
}

/** What one autocannon run measured. */
export interface LoadSample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** How many answers of each status. */
  readonly statuses: Readonly<Record<string, number>>;
}

/**
 * Runs autocannon (no pipelining) on `target` at `url` for `seconds` with
 * `connections`, spreading the requests over the target's tokens and bodies.
 */
export async function measure(
  url: string,
  target: LoadTarget,
  { connections, seconds }: { connections: number; seconds: number },
): Promise<LoadSample> {
  let next = 0;
  const tokens = target.tokens ?? [];
  const bodies = target.bodies ?? [];
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    requests: [
      {
        method: target.method,
        path: target.path,
        setupRequest: (request) => {
          const n = next++;
          const headers = { ...request.headers } as Record<string, string>;
          if (tokens.length > 0) headers.authorization = `Bearer ${tokens[n % tokens.length]}`;
          if (bodies.length > 0) {
            headers["content-type"] = "application/json";
            return { ...request, headers, body: bodies[n % bodies.length] };
          }
          return { ...request, headers };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    // autocannon's `errors` include the timeouts.
    errors: result.errors,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [
        status,
        stats.count ?? 0,
      ]),
    ),
  };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Medians of each figure over rounds, with every round kept beside them. */
export interface LoadFigures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly rounds: readonly LoadSample[];
}

export function figuresOf(rounds: readonly LoadSample[]): LoadFigures {
  return {
    rps: median(rounds.map((round) => round.rps)),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    rounds,
  };
}
