import { cpus, release, totalmem } from "node:os";
import type { ExplainedStatement } from "./explain.ts";
import type { LoadFigures } from "./load.ts";
import type { ScaleSizes } from "./scale-data.ts";
import type { SignInBurst } from "./sign-in-burst.ts";

/** One route at one concurrency: Keyport's medians and the baseline's (none for embedded). */
export interface RouteResult {
  readonly target: string;
  readonly label: string;
  readonly connections: number;
  readonly keyport: LoadFigures;
  readonly baseline: LoadFigures | null;
}

export interface StatementSummary {
  readonly target: string;
  readonly same: boolean;
  readonly sameShape: boolean;
  readonly keyport: ServerStatements;
  readonly baseline: ServerStatements;
}

interface ServerStatements {
  readonly perRequest: number;
  readonly amortized: number;
  readonly status: number;
  readonly sql: readonly string[];
}

export interface Goal {
  readonly goal: string;
  /** `null`: reported, not judged by this run. */
  readonly met: boolean | null;
  readonly detail: string;
}

/** Everything one run found: what bench/results/api.json holds. */
export interface ApiBenchReport {
  readonly version: 1;
  readonly startedAt: string;
  readonly seconds: number;
  readonly mode: "quick" | "full";
  readonly options: {
    readonly scale: number;
    readonly rounds: number;
    readonly seconds: number;
    readonly connections: number[];
    readonly poolSize: number;
  };
  readonly machine: ReturnType<typeof machineFacts> & { readonly postgres: string };
  readonly data: {
    readonly database: string;
    readonly sizes: ScaleSizes;
    readonly built: boolean;
    readonly seconds: number;
  };
  readonly statements: readonly StatementSummary[];
  readonly results: readonly RouteResult[];
  readonly memory: { readonly keyportRss: number; readonly baselineRss: number };
  readonly signInBurst: SignInBurst;
  readonly download: { readonly ok: boolean; readonly bytes: number } | null;
  readonly explain: {
    readonly typical: readonly ExplainedStatement[];
    readonly large: readonly ExplainedStatement[];
  };
  readonly goals: Goal[];
  readonly failures: readonly string[];
}

export function machineFacts() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    ramGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    kernel: release(),
  };
}

const ratio = (a: number, b: number) => a / b;
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 1 : 0)} ms` : "—");
const rps = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "—");
const mark = (met: boolean | null) => (met === null ? "–" : met ? "✓" : "✗");

function resultOf(report: ApiBenchReport, target: string, connections: number) {
  return report.results.find((r) => r.target === target && r.connections === connections);
}

/** The goals of the issue, each met (✓), not met (✗) or only reported (–). */
export function evaluateGoals(report: ApiBenchReport): Goal[] {
  const goals: Goal[] = [];
  const counts = (target: string) => report.statements.find((s) => s.target === target);
  for (const target of ["licenses", "activations", "dashboard", "downloads"]) {
    for (const connections of report.options.connections) {
      const result = resultOf(report, target, connections);
      if (!result?.baseline) continue;
      const throughput = ratio(result.keyport.rps, result.baseline.rps);
      const p99 = ratio(result.keyport.p99, result.baseline.p99);
      goals.push({
        goal: `1. ${target} at ${connections}: ≥ 0.9× the baseline's req/s, p99 ≤ 1.2×`,
        met: throughput >= 0.9 && p99 <= 1.2,
        detail: `${fixed(throughput)}× req/s, p99 ${fixed(p99)}×`,
      });
    }
  }
  const licenses = counts("licenses");
  if (licenses) {
    goals.push({
      goal: "2. a license page in ≤ 2 statements",
      met: licenses.keyport.perRequest <= 2,
      detail: `${licenses.keyport.perRequest} statements`,
    });
    const sessionStatements = licenses.keyport.sql.filter((sql) => /\bsessions\b/.test(sql)).length;
    goals.push({
      goal: "2. the session checked in one statement, no write on every read",
      met: sessionStatements === 1,
      detail: `${sessionStatements} statement(s) on sessions per request`,
    });
  }
  const typical = resultOf(report, "dashboard", report.options.connections[0]!);
  const large = resultOf(report, "dashboard-10k", report.options.connections[0]!);
  if (typical && large) {
    const slower = ratio(typical.keyport.rps, large.keyport.rps);
    goals.push({
      goal: "2. the dashboard of 10,000 licenses within 1.5× of a typical one's",
      met: slower <= 1.5,
      detail: `${fixed(slower)}× (${rps(large.keyport.rps)} vs ${rps(typical.keyport.rps)} req/s, p50 ${ms(large.keyport.p50)} vs ${ms(typical.keyport.p50)})`,
    });
  }
  const validate = counts("validate");
  if (validate) {
    goals.push({
      goal: "3. a validation in ≤ 3 statements on the hot path, events written in batches",
      met:
        validate.keyport.perRequest <= 3 &&
        validate.keyport.amortized < validate.keyport.perRequest + 0.5,
      detail: `${validate.keyport.perRequest} on the request's path, ${fixed(validate.keyport.amortized)} per request with the batched writes`,
    });
  }
  const validateLoad = resultOf(report, "validate", report.options.connections[0]!);
  if (validateLoad?.baseline) {
    goals.push({
      goal: "3. validation ≥ 1.5× the throughput before the change",
      met: null,
      detail: `not judged here (needs the earlier build on the same machine); ${rps(validateLoad.keyport.rps)} req/s, ${fixed(ratio(validateLoad.keyport.rps, validateLoad.baseline.rps))}× the baseline`,
    });
  }
  const connections = report.options.connections;
  const embedded = connections
    .map((c) => [resultOf(report, "licenses-pglite", c), resultOf(report, "licenses", c)] as const)
    .filter(([e, p]) => e && p)
    .map(
      ([e, p]) =>
        `${fixed(ratio(e!.keyport.rps, p!.keyport.rps))}× at ${e!.connections} (${rps(e!.keyport.rps)} req/s, p99 ${ms(e!.keyport.p99)})`,
    );
  goals.push({
    goal: "4. embedded PGlite beside PostgreSQL (license page)",
    met: null,
    detail: embedded.join("; ") || "not measured",
  });
  const burst = report.signInBurst;
  goals.push({
    goal: `5. a burst of ${burst.size} sign-ins raises another route's p99 by ≤ 1.2×`,
    met: burst.ratio <= 1.2,
    detail: `${fixed(burst.ratio)}× (p99 ${ms(burst.quietP99)} → ${ms(burst.burstP99)}; ${burst.bursts} bursts, ${ms(burst.burstMs)} each)`,
  });
  goals.push({
    goal: "6. a 1 GB asset delivered with flat memory",
    met: report.download ? report.download.ok : null,
    detail: report.download
      ? `download-memory at ${report.download.bytes / 1024 ** 3} GB: ${report.download.ok ? "within" : "outside"} its 64 MB bound`
      : "not run (--quick or --no-download)",
  });
  return goals;
}

interface Column {
  readonly title: string;
  readonly cell: (r: RouteResult, s: StatementSummary | undefined) => string;
}

const COLUMNS: readonly Column[] = [
  { title: "route", cell: (r) => r.target },
  { title: "conns", cell: (r) => String(r.connections) },
  { title: "Keyport req/s", cell: (r) => rps(r.keyport.rps) },
  { title: "baseline req/s", cell: (r) => (r.baseline ? rps(r.baseline.rps) : "—") },
  { title: "ratio", cell: (r) => (r.baseline ? fixed(ratio(r.keyport.rps, r.baseline.rps)) : "—") },
  { title: "K p50", cell: (r) => ms(r.keyport.p50) },
  { title: "B p50", cell: (r) => (r.baseline ? ms(r.baseline.p50) : "—") },
  { title: "K p99", cell: (r) => ms(r.keyport.p99) },
  { title: "B p99", cell: (r) => (r.baseline ? ms(r.baseline.p99) : "—") },
  {
    title: "p99 ratio",
    cell: (r) => (r.baseline ? fixed(ratio(r.keyport.p99, r.baseline.p99)) : "—"),
  },
  { title: "K stmts", cell: (_, s) => (s ? String(s.keyport.perRequest) : "—") },
  { title: "B stmts", cell: (_, s) => (s ? String(s.baseline.perRequest) : "—") },
];

function rowsOf(report: ApiBenchReport): string[][] {
  return report.results.map((r) =>
    COLUMNS.map((column) =>
      column.cell(
        r,
        report.statements.find((s) => s.target === r.target),
      ),
    ),
  );
}

/** The table and the goals, as text. */
export function printReport(report: ApiBenchReport, write: (line: string) => void): void {
  const rows = [COLUMNS.map((c) => c.title), ...rowsOf(report)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  write("");
  for (const [n, row] of rows.entries()) {
    write(
      row
        .map((cell, i) => (i < 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("  "),
    );
    if (n === 0) write(widths.map((w) => "-".repeat(w)).join("  "));
  }
  write("\nstatements per request (median on the request's path / all, buffered writes included):");
  for (const s of report.statements) {
    write(
      `  ${s.target.padEnd(14)} Keyport ${s.keyport.perRequest} / ${fixed(s.keyport.amortized)}   baseline ${s.baseline.perRequest} / ${fixed(s.baseline.amortized)}   ${s.same ? "same" : "DIFFERENT"}${s.sameShape ? "" : "  (answer shapes differ)"}`,
    );
  }
  const burst = report.signInBurst;
  write(
    `\nsign-in burst: licenses p99 ${ms(burst.quietP99)} alone, ${ms(burst.burstP99)} during ${burst.bursts} bursts of ${burst.size} sign-ins (${ms(burst.burstMs)} per burst): ${fixed(burst.ratio)}×`,
  );
  for (const [name, plans] of Object.entries(report.explain)) {
    write(`dashboard statements, ${name} owner: ${plans.map((p) => ms(p.executionMs)).join(", ")}`);
  }
  write("\ngoals (reported, not asserted):");
  for (const goal of report.goals) write(`  ${mark(goal.met)} ${goal.goal}: ${goal.detail}`);
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The chart: one row per route and concurrency, Keyport's bar above the
 * baseline's; throughput on the left, p99 on the right. Plain SVG, no library.
 */
export function renderChart(report: ApiBenchReport): string {
  const rows = report.results;
  const rowHeight = 30;
  const top = 64;
  const labelWidth = 200;
  const panelWidth = 340;
  const gap = 50;
  const width = labelWidth + 2 * panelWidth + gap + 30;
  const height = top + rows.length * rowHeight + 40;
  const colours = { keyport: "#2563eb", baseline: "#9ca3af" };
  const maxRps = Math.max(...rows.flatMap((r) => [r.keyport.rps, r.baseline?.rps ?? 0]));
  const maxP99 = Math.max(...rows.flatMap((r) => [r.keyport.p99, r.baseline?.p99 ?? 0]));
  const parts: string[] = [];
  const text = (x: number, y: number, content: string, extra = "") =>
    parts.push(`<text x="${x}" y="${y}" ${extra}>${escapeXml(content)}</text>`);
  const bar = (x: number, y: number, w: number, colour: string, label: string) => {
    parts.push(
      `<rect x="${x}" y="${y}" width="${Math.max(1, w).toFixed(1)}" height="10" fill="${colour}"/>`,
    );
    text(x + Math.max(1, w) + 4, y + 9, label, 'font-size="10" fill="#374151"');
  };
  text(
    12,
    22,
    `Keyport vs baseline, ${report.startedAt.slice(0, 10)} (${report.machine.cores} cores, PostgreSQL ${report.machine.postgres}, Node ${report.machine.node}, scale ${report.options.scale})`,
    'font-size="13" font-weight="600"',
  );
  parts.push(`<rect x="12" y="34" width="10" height="10" fill="${colours.keyport}"/>`);
  text(26, 43, "Keyport", 'font-size="11"');
  parts.push(`<rect x="90" y="34" width="10" height="10" fill="${colours.baseline}"/>`);
  text(104, 43, "baseline (node:http + pg, the same SQL)", 'font-size="11"');
  const panels = [
    {
      x: labelWidth,
      title: "throughput (req/s, median)",
      max: maxRps,
      value: (f: LoadFigures) => f.rps,
      format: rps,
    },
    {
      x: labelWidth + panelWidth + gap,
      title: "p99 latency (ms, median)",
      max: maxP99,
      value: (f: LoadFigures) => f.p99,
      format: (n: number) => n.toFixed(0),
    },
  ];
  for (const panel of panels)
    text(panel.x, top - 6, panel.title, 'font-size="11" font-weight="600"');
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    if (i % 2 === 0)
      parts.push(
        `<rect x="0" y="${y - 2}" width="${width}" height="${rowHeight}" fill="#f9fafb"/>`,
      );
    text(12, y + 15, `${row.target} · ${row.connections}`, 'font-size="11"');
    for (const panel of panels) {
      const scale = (panelWidth - 60) / (panel.max || 1);
      bar(
        panel.x,
        y + 2,
        panel.value(row.keyport) * scale,
        colours.keyport,
        panel.format(panel.value(row.keyport)),
      );
      if (row.baseline) {
        bar(
          panel.x,
          y + 14,
          panel.value(row.baseline) * scale,
          colours.baseline,
          panel.format(panel.value(row.baseline)),
        );
      }
    }
  });
  text(
    12,
    height - 14,
    "Rows: route · connections. licenses-pglite is Keyport on embedded PGlite with the demo data (no baseline).",
    'font-size="10" fill="#6b7280"',
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">\n<title>Keyport and the raw baseline: requests per second and p99 latency by route</title>\n<rect width="100%" height="100%" fill="#ffffff"/>\n${parts.join("\n")}\n</svg>\n`;
}

const START = "<!-- api-bench:start (written by npm run bench -- api) -->";
const END = "<!-- api-bench:end -->";

/** A Markdown table with its columns padded, as the formatter (Biome) writes them. */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (text: string) => [...text].length;
  const widths = header.map((title, i) =>
    Math.max(3, width(title), ...rows.map((row) => width(row[i] ?? ""))),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell + " ".repeat(widths[i]! - width(cell))).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The figures as Markdown: tables, goals, plans. */
export function figuresMarkdown(report: ApiBenchReport): string {
  const m = report.machine;
  const gb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  const labelled = rowsOf(report).map((row, i) => [report.results[i]!.label, ...row.slice(1)]);
  const burst = report.signInBurst;
  const plans = (name: string, list: readonly ExplainedStatement[]) =>
    list
      .map(
        (p, i) =>
          `**${name}, statement ${i + 1}** (${ms(p.executionMs)}):\n\n\`\`\`sql\n${p.sql}\n\`\`\`\n\n\`\`\`\n${p.plan}\n\`\`\``,
      )
      .join("\n\n");
  return [
    `Measured ${report.startedAt.slice(0, 16).replace("T", " ")} UTC in ${Math.round(report.seconds / 60)} minutes: ${m.cores} cores (${m.cpu}), ${m.ramGb} GB RAM, PostgreSQL ${m.postgres} on the same machine, Node ${m.node}; ${report.options.rounds} rounds of ${report.options.seconds} s per figure (medians), autocannon without pipelining from the same machine, pool size ${report.options.poolSize} on both servers. Scale ${report.options.scale}: ${report.data.sizes.accounts.toLocaleString("en")} accounts, ${report.data.sizes.licenses.toLocaleString("en")} licenses, ${report.data.sizes.activations.toLocaleString("en")} activations, ${report.data.sizes.validationEvents.toLocaleString("en")} validation events.`,
    "",
    markdownTable(
      [
        "route",
        "connections",
        "Keyport req/s",
        "baseline req/s",
        "ratio",
        "Keyport p50",
        "baseline p50",
        "Keyport p99",
        "baseline p99",
        "p99 ratio",
        "statements (Keyport)",
        "statements (baseline)",
      ],
      labelled,
    ),
    "",
    "![Throughput and p99 by route, Keyport and baseline](performance-api.svg)",
    "",
    "Statements per request, as the counting proxy saw them (median on the request's path; after the slash, everything sent while the requests ran, the batched writes included):",
    "",
    markdownTable(
      ["route", "Keyport", "baseline", ""],
      report.statements.map((s) => [
        s.target,
        `${s.keyport.perRequest} / ${fixed(s.keyport.amortized)}`,
        `${s.baseline.perRequest} / ${fixed(s.baseline.amortized)}`,
        s.same ? "same" : "**different**",
      ]),
    ),
    "",
    `Sign-in burst: the license page's p99 at ${report.options.connections[0]} connections was ${ms(burst.quietP99)} alone and ${ms(burst.burstP99)} while bursts of ${burst.size} concurrent sign-ins ran back to back (${burst.bursts} bursts, ${ms(burst.burstMs)} each, ${burst.signIns} sign-ins): ${fixed(burst.ratio)}×.`,
    "",
    `Memory after the load runs: Keyport ${gb(report.memory.keyportRss)} RSS, baseline ${gb(report.memory.baselineRss)}.`,
    "",
    "### Goals",
    "",
    markdownTable(
      ["", "goal", "measured"],
      report.goals.map((g) => [mark(g.met), g.goal, g.detail]),
    ),
    "",
    "### Plans of the dashboard's statements",
    "",
    `\`EXPLAIN (ANALYZE, BUFFERS)\` of the statements Keyport sent for \`GET /v1/dashboard\` (the session lookup left out), with the parameters it bound, for a typical owner (about 10 licenses) and for the owner of ${report.data.sizes.bigOwnerLicenses.toLocaleString("en")} licenses.`,
    "",
    "<details><summary>Typical owner</summary>",
    "",
    plans("typical", report.explain.typical),
    "",
    "</details>",
    "",
    `<details><summary>Owner of ${report.data.sizes.bigOwnerLicenses.toLocaleString("en")} licenses</summary>`,
    "",
    plans("large", report.explain.large),
    "",
    "</details>",
    report.failures.length > 0
      ? `\n**The run failed:**\n\n${report.failures.map((f) => `- ${f}`).join("\n")}`
      : "",
  ]
    .join("\n")
    .trimEnd();
}

/** docs/performance.md with the block between the markers replaced by this run's figures. */
export function replaceFiguresBlock(document: string, report: ApiBenchReport): string {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`docs/performance.md: the markers ${START} … ${END} are missing`);
  }
  return `${document.slice(0, start + START.length)}\n\n${figuresMarkdown(report)}\n\n${document.slice(end)}`;
}
