import { describe, expect, it } from "vitest";
import { figuresOf, type LoadSample, median } from "./load.ts";
import {
  type ApiBenchReport,
  evaluateGoals,
  figuresMarkdown,
  type RouteResult,
  renderChart,
  replaceFiguresBlock,
} from "./report.ts";
import { sizesFor } from "./scale-data.ts";
import { shapeOf } from "./statement-check.ts";

const sample = (rps: number, p99: number, p50 = p99 / 3): LoadSample => ({
  rps,
  p50,
  p99,
  requests: rps * 10,
  non2xx: 0,
  errors: 0,
  statuses: { 200: rps * 10 },
});

function route(
  target: string,
  connections: number,
  keyport: number[],
  baseline: number[] | null,
): RouteResult {
  return {
    target,
    label: `\`GET /v1/${target}\` <all>`,
    connections,
    keyport: figuresOf([sample(keyport[0]!, keyport[1]!)]),
    baseline: baseline ? figuresOf([sample(baseline[0]!, baseline[1]!)]) : null,
  };
}

function statements(target: string, keyport: number, baseline = keyport, sql: string[] = []) {
  return {
    target,
    same: keyport === baseline,
    sameShape: true,
    keyport: { perRequest: keyport, amortized: keyport + 0.05, status: 200, sql },
    baseline: { perRequest: baseline, amortized: baseline + 0.05, status: 200, sql },
  };
}

function report(results: RouteResult[], burstRatio = 1.1): ApiBenchReport {
  return {
    version: 1,
    startedAt: "2026-12-01T14:00:00.000Z",
    seconds: 600,
    mode: "full",
    options: { scale: 1, rounds: 3, seconds: 10, connections: [10, 50], poolSize: 10 },
    machine: { cores: 2, cpu: "cpu", ramGb: 8, node: "v24.0.0", kernel: "6", postgres: "15.2" },
    data: { database: "keyport_bench", sizes: sizesFor(1), built: false, seconds: 1 },
    statements: [
      statements("licenses", 2, 2, ["select … from sessions …", "select … from licenses …"]),
      statements("validate", 2),
    ],
    results,
    memory: { keyportRss: 100 * 1024 ** 2, baselineRss: 60 * 1024 ** 2 },
    signInBurst: {
      quiet: [],
      burst: [],
      quietP99: 20,
      burstP99: 20 * burstRatio,
      ratio: burstRatio,
      signIns: 500,
      bursts: 10,
      failedSignIns: 0,
      burstMs: 900,
      size: 50,
    },
    download: { ok: true, bytes: 1024 ** 3 },
    explain: {
      typical: [{ sql: "select 1", plan: "Result\nExecution Time: 0.05 ms", executionMs: 0.05 }],
      large: [],
    },
    goals: [],
    failures: [],
  };
}

const goal = (goals: ReturnType<typeof evaluateGoals>, start: string) =>
  goals.find((g) => g.goal.startsWith(start));

describe("evaluateGoals", () => {
  it("meets the customer-read goal at ≥ 0.9× throughput and ≤ 1.2× p99, and not just below", () => {
    const goals = evaluateGoals(
      report([
        route("licenses", 10, [900, 12], [1000, 10]),
        route("licenses", 50, [899, 12], [1000, 10]),
        route("dashboard", 10, [950, 12.1], [1000, 10]),
      ]),
    );
    expect(goal(goals, "1. licenses at 10")?.met).toBe(true);
    expect(goal(goals, "1. licenses at 50")?.met).toBe(false);
    expect(goal(goals, "1. dashboard at 10")?.met).toBe(false);
  });

  it("compares the large owner's dashboard with the typical one's, at 1.5×", () => {
    const within = evaluateGoals(
      report([
        route("dashboard", 10, [300, 30], [400, 20]),
        route("dashboard-10k", 10, [200, 40], [300, 30]),
      ]),
    );
    const beyond = evaluateGoals(
      report([
        route("dashboard", 10, [300, 30], [400, 20]),
        route("dashboard-10k", 10, [199, 40], [300, 30]),
      ]),
    );
    expect(goal(within, "2. the dashboard of 10,000")?.met).toBe(true);
    expect(goal(beyond, "2. the dashboard of 10,000")?.met).toBe(false);
  });

  it("judges the sign-in burst at 1.2× and the statement counts from the proxy's figures", () => {
    const goals = evaluateGoals(report([], 1.25));
    expect(goal(goals, "5.")?.met).toBe(false);
    expect(goal(goals, "2. a license page")?.met).toBe(true);
    expect(goal(goals, "2. the session checked")?.met).toBe(true);
    expect(goal(goals, "3. a validation in")?.met).toBe(true);
    expect(goal(goals, "6.")?.met).toBe(true);
    expect(goal(evaluateGoals(report([], 1.2)), "5.")?.met).toBe(true);
  });
});

describe("replaceFiguresBlock", () => {
  const start = "<!-- api-bench:start (written by npm run bench -- api) -->";
  const end = "<!-- api-bench:end -->";

  it("replaces only what is between the markers, again and again", () => {
    const document = `# Performance\n\nBefore.\n\n${start}\nold figures\n${end}\n\nAfter.\n`;
    const once = replaceFiguresBlock(
      document,
      report([route("licenses", 10, [900, 12], [1000, 10])]),
    );
    expect(once).not.toContain("old figures");
    expect(once.startsWith("# Performance\n\nBefore.\n\n")).toBe(true);
    expect(once.endsWith(`${end}\n\nAfter.\n`)).toBe(true);
    const row = /\| `GET \/v1\/licenses` <all> +\| 10 +\| 900 +\| 1000 +\| 0\.90 +\|/;
    expect(once).toMatch(row);
    expect(replaceFiguresBlock(once, report([]))).not.toMatch(row);
  });

  it("refuses a document without the markers", () => {
    expect(() => replaceFiguresBlock("# Performance\n", report([]))).toThrow(/markers/);
  });

  it("pads the tables' columns, as the Markdown formatter does", () => {
    const judged = report([route("licenses", 10, [900, 12], [1000, 10])]);
    judged.goals.push(...evaluateGoals(judged));
    const tables = figuresMarkdown(judged)
      .split("\n")
      .filter((line) => line.startsWith("| ✓") || line.startsWith("| ✗") || line.startsWith("| –"));
    expect(tables.length).toBeGreaterThan(3);
    expect(new Set(tables.map((line) => [...line].length)).size).toBe(1);
  });

  it("lists the failures of a failed run", () => {
    const failed = {
      ...report([]),
      failures: ["licenses: Keyport sends 2 statements, the baseline 3"],
    };
    expect(figuresMarkdown(failed)).toContain(
      "- licenses: Keyport sends 2 statements, the baseline 3",
    );
  });
});

describe("renderChart", () => {
  it("draws a bar per server and row, escaping the text", () => {
    const base = report([
      route("licenses", 10, [900, 12], [1000, 10]),
      route("licenses-pglite", 10, [300, 50], null),
    ]);
    const svg = renderChart({ ...base, machine: { ...base.machine, postgres: "15 <beta>" } });
    expect(svg.startsWith("<svg")).toBe(true);
    // Two panels: licenses has two bars in each, licenses-pglite one; plus the two legend squares.
    expect(svg.match(/<rect x="\d[^"]*" y="[^"]*" width="[^"]*" height="10"/g)?.length).toBe(6 + 2);
    expect(svg).toContain("PostgreSQL 15 &lt;beta&gt;");
  });
});

describe("median and shapeOf", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it("describes a JSON value by its keys and types, whatever the order and the values", () => {
    expect(shapeOf({ b: [1, 2], a: { x: "y", n: null } })).toEqual(
      shapeOf({ a: { n: null, x: "z" }, b: [7] }),
    );
    expect(JSON.stringify(shapeOf({ a: [{ id: "x" }] }))).not.toBe(
      JSON.stringify(shapeOf({ a: [{ id: 1 }] })),
    );
  });
});
