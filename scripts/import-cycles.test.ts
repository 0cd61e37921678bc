import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/*
 * The layout's rules, checked on every `npm test`: no import cycles in api/, sdk/ and
 * elements/, dependencies that point one way in api/, and folders small enough to read.
 * Type-only imports count like any other: a type cycle is the same tangle for a reader,
 * and one `import type` turned into a value import would make it a load-order bug.
 * Dynamic `import()` counts too (the CLI loads its commands that way). The direction
 * rules are about the product's code: a test may start the whole app to watch its
 * subject at work, as the test harness does for every API test.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["api", "sdk", "elements"];
/** Source files per folder; the layout issue asked for "no folder over ~12". */
const FOLDER_CEILING = 12;
/** api/'s domain folders: the rules of the product, no HTTP and no app composition. */
const DOMAIN_FOLDERS = [
  "accounts",
  "activations",
  "activity",
  "auth",
  "catalogue",
  "config",
  "core",
  "credentials",
  "db",
  "demo",
  "diagnosis",
  "downloads",
  "jobs",
  "licenses",
  "licensing",
  "mail",
];

/** Repository-relative paths of the TypeScript files of a package, without builds and declarations. */
function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!["node_modules", "dist", "generated"].includes(entry.name)) walk(path);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        found.push(path);
      }
    }
  };
  walk(folder);
  return found.sort();
}

/** The relative module specifiers a file imports or re-exports, statically or with `import()`. */
function relativeImports(text: string, fileName = "module.ts"): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.filter((specifier) => specifier.startsWith("."));
}

/** The names a file imports from each repository file (`import { a, type B } from "./x.ts"`). */
function namedImports(file: string): { target: string; names: string[] }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: { target: string; names: string[] }[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const specifier = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    if (!specifier.startsWith(".") || !bindings || !ts.isNamedImports(bindings)) continue;
    found.push({
      target: relative(ROOT, resolve(ROOT, dirname(file), specifier)),
      names: bindings.elements.map((element) => (element.propertyName ?? element.name).text),
    });
  }
  return found;
}

/** file → the repository files it imports (only those that exist: a typo is the compiler's to report). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = relativeImports(readFileSync(join(ROOT, file), "utf8"), file)
      .map((specifier) => relative(ROOT, resolve(ROOT, dirname(file), specifier)))
      .filter((target) => existsSync(join(ROOT, target)));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * Every cycle's files, one cycle per strongly connected component (Tarjan), each
 * written as a path that returns to its start: `a.ts → b.ts → a.ts`.
 */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfImport = graph.get(node)?.includes(node);
      if (component.length > 1 || selfImport) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return components.map((component) => cyclePath(graph, new Set(component)));
}

/** One concrete loop through a component, found breadth-first from its first file. */
function cyclePath(graph: ReadonlyMap<string, readonly string[]>, members: Set<string>): string[] {
  const start = [...members].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** `api/routes/me/auth.ts` → `routes`; `api/index.ts` → `` (the package entry). */
function apiFolder(file: string): string {
  const parts = file.split("/");
  return parts.length > 2 ? parts[1]! : "";
}

const files = PACKAGES.flatMap(sourceFiles);
const graph = importGraph(files);

describe("imports", () => {
  it("form no cycle in api/, sdk/ or elements/", () => {
    const cycles = findCycles(graph).map((cycle) => cycle.join(" → "));
    expect(cycles, "break each cycle, e.g. by moving what both sides share").toEqual([]);
  });

  it("point one way in api/: only routes/ and app/ use routes/; domain folders never use http/, routes/ or app/", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      if (!file.startsWith("api/") || file.endsWith(".test.ts")) continue;
      const from = apiFolder(file);
      for (const target of targets.filter((path) => path.startsWith("api/"))) {
        const to = apiFolder(target);
        if (to === "routes" && from !== "routes" && from !== "app") {
          wrong.push(`${file} → ${target}`);
        }
        if (DOMAIN_FOLDERS.includes(from) && ["http", "routes", "app"].includes(to)) {
          wrong.push(`${file} → ${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it(`keep each folder of api/ to ${FOLDER_CEILING} source files (tests not counted)`, () => {
    const perFolder = new Map<string, number>();
    for (const file of files.filter((path) => path.startsWith("api/"))) {
      if (file.endsWith(".test.ts")) continue;
      const folder = dirname(file);
      perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
    }
    const crowded = [...perFolder]
      .filter(([, count]) => count > FOLDER_CEILING)
      .map(([folder, count]) => `${folder}: ${count}`);
    expect(crowded).toEqual([]);
  });
});

describe("routes/", () => {
  const routeSources = files.filter(
    (path) => path.startsWith("api/routes/") && !path.endsWith(".test.ts"),
  );
  const isRouteFile = (path: string) =>
    /^export function \w+Routes\(/m.test(readFileSync(join(ROOT, path), "utf8"));

  it("takes a route's schemas and serialisers from *-schemas.ts files, never from another route file", () => {
    const wrong: string[] = [];
    for (const file of routeSources) {
      for (const { target, names } of namedImports(file)) {
        if (!target.startsWith("api/routes/") || !isRouteFile(target)) continue;
        const borrowed = names.filter((name) => !name.endsWith("Routes"));
        if (borrowed.length) wrong.push(`${file} takes ${borrowed.join(", ")} from ${target}`);
      }
    }
    expect(wrong, "move what several route files share into a *-schemas.ts file").toEqual([]);
  });

  it("keeps a *-schemas.ts file only for what at least two route files share", () => {
    const lonely: string[] = [];
    for (const schemas of routeSources.filter((path) => path.endsWith("-schemas.ts"))) {
      const users = routeSources.filter(
        (file) => isRouteFile(file) && graph.get(file)?.includes(schemas),
      );
      if (users.length < 2) lonely.push(`${schemas}: ${users.join(", ") || "no route file"}`);
    }
    expect(lonely, "schemas one route file uses belong in that route file").toEqual([]);
  });
});

describe("the import checker", () => {
  it("reads static, type-only, re-exported and dynamic imports, and skips packages", () => {
    const text = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      'export { c } from "./c.ts";',
      'export * from "./d.ts";',
      'import "./side-effect.ts";',
      'const e = await import("./e.ts");',
      'type F = import("./f.ts").F;',
      'import { z } from "zod";',
    ].join("\n");
    expect(relativeImports(text)).toEqual([
      "./a.ts",
      "../b.ts",
      "./c.ts",
      "./d.ts",
      "./side-effect.ts",
      "./e.ts",
      "./f.ts",
    ]);
  });

  it("names each cycle as a loop, and finds none in a tree", () => {
    const cyclic = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts", "d.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", []],
      ["e.ts", ["e.ts"]],
    ]);
    expect(findCycles(cyclic)).toEqual([
      ["a.ts", "b.ts", "c.ts", "a.ts"],
      ["e.ts", "e.ts"],
    ]);
    expect(
      findCycles(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", []],
        ]),
      ),
    ).toEqual([]);
  });
});
