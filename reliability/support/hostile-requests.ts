import fc from "fast-check";
import { sql } from "kysely";
import type { TestContext } from "../../api/test/harness.ts";
import { type OpenApiDocument, sweepOperations } from "../../api/test/openapi-operations.ts";

/**
 * Hostile requests generated from an OpenAPI document with fast-check: every operation's
 * body, path and query parameters and headers, filled with wrong types, huge strings, control
 * characters, unicode oddities, deep nesting, malformed JSON, odd content types and duplicated
 * parameters, around a plausible request so that most of them reach the route's own checks.
 */

/** One generated request, printed short when fast-check reports a counterexample. */
export interface HostileRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** What was made hostile, for the report. */
  readonly what: string;
}

interface RawParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
}

interface RawOperation {
  readonly parameters?: RawParameter[];
  readonly requestBody?: { content?: Record<string, unknown> };
  readonly responses?: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}

/** An operation of a document with what a generator needs to know about it. */
export interface HostileTarget {
  readonly name: string;
  readonly method: string;
  readonly template: string;
  readonly authenticated: boolean;
  readonly parameters: readonly RawParameter[];
  /** Whether it takes a JSON body, a raw upload, or nothing. */
  readonly body: "json" | "raw" | "none";
  /** The plausible request the generator starts from. */
  readonly sample: { url: string; body: string | undefined };
  /** Statuses the document answers with plain JSON (a result) rather than a problem. */
  readonly jsonStatuses: ReadonlySet<number>;
}

const METHODS = new Set(["get", "post", "put", "patch", "delete"]);

/** Every operation of the document, in document order. */
export function hostileTargets(document: OpenApiDocument): HostileTarget[] {
  const sweeps = new Map(
    sweepOperations(document).map((op) => [`${op.method} ${op.template}`, op]),
  );
  const responses = (document as { components?: { responses?: Record<string, unknown> } })
    .components?.responses;
  const targets: HostileTarget[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item as Record<string, RawOperation>)) {
      if (!METHODS.has(method)) continue;
      const name = `${method.toUpperCase()} ${template}`;
      const sweep = sweeps.get(name);
      if (!sweep) continue;
      const { url, init } = sweep.request();
      const content = raw.requestBody?.content ?? {};
      const jsonStatuses = new Set<number>();
      for (const [status, answer] of Object.entries(raw.responses ?? {})) {
        const resolved = (answer.$ref ? responses?.[answer.$ref.split("/").pop()!] : answer) as
          | { content?: Record<string, unknown> }
          | undefined;
        const types = Object.keys(resolved?.content ?? {});
        if (types.includes("application/json") && !types.includes("application/problem+json")) {
          jsonStatuses.add(Number(status));
        }
      }
      targets.push({
        name,
        method: method.toUpperCase(),
        template,
        authenticated: sweep.authenticated,
        parameters: (raw.parameters ?? []).filter((p) => p.in === "path" || p.in === "query"),
        body: content["application/json"] ? "json" : Object.keys(content).length ? "raw" : "none",
        sample: { url, body: typeof init.body === "string" ? init.body : undefined },
        jsonStatuses,
      });
    }
  }
  return targets;
}

const MiB = 1024 * 1024;

/** Strings nobody means to send: control characters, broken unicode, injections, sizes. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 48 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 24 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "\u0000",
      "Ada\u0000Lovelace",
      "\u001b[2J\u001b[31mred",
      "line\r\nX-Injected: 1",
      "\u202Eexe.txt",
      "\u200B\u200C\u200D",
      "\uFEFFbom",
      "\uD800",
      "\uDFFFtail",
      "e\u0301\u0301\u0301",
      "𝕂𝕖𝕪𝕡𝕠𝕣𝕥",
      "🧨".repeat(40),
      "' OR 1=1 --",
      '"; drop table users; --',
      "../../../etc/passwd",
      "%00%ff",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, sent as it is
      "${jndi:ldap://example.invalid/a}",
      "<script>alert(1)</script>",
      "NaN",
      "-0",
      "1e309",
      "9".repeat(400),
      "-99999999999999999999",
      "lic_",
      `lic_${"0".repeat(26)}`,
      "null",
      "true",
      "[]",
      "{}",
      "__proto__",
      "constructor",
      "2026-02-30T25:61:00Z",
      "0000-00-00",
      "not-an-email@",
      "a@b",
    ),
  },
  {
    weight: 1,
    // Large, up to a little over the 1 MiB body limit once in JSON.
    arbitrary: fc
      .tuple(fc.integer({ min: 1000, max: MiB + 4096 }), fc.constantFrom("x", "é", "\u0000", "🧨"))
      .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length))),
  },
);

/** A JSON value nested `depth` levels of arrays or objects. */
function nested(depth: number, kind: "array" | "object"): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** Values of the wrong kind for any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { "": "" }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 50, max: 800 }),
        fc.constantFrom("array" as const, "object" as const),
      )
      .map(([depth, kind]) => nested(depth, kind)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(JSON.parse('{"__proto__":{"role":"owner","admin":true}}'), {
      constructor: { prototype: { admin: true } },
    }),
  },
);

/** Raw bodies that are not the JSON a route expects. */
const hostileRawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    '{"a":',
    "nul",
    "\uFEFF{}",
    '{"a":1,}',
    "{'a':1}",
    "[1,2",
    "1",
    '"text"',
    "null",
    "[]",
    '{"a":1}{"b":2}',
    '{"name":"a","name":{"nested":true},"email":1,"email":null}',
    '{"key":"x","key":["y"],"fingerprint":{}}',
    "\u0000",
    "a=1&b=2",
    "--xyz\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--xyz--",
  ),
  fc.integer({ min: 100, max: 200_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc
    .integer({ min: 100, max: 100_000 })
    .map((depth) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`),
  fc.string({ unit: "binary", maxLength: 200 }),
);

const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined,
      "",
      "Application/JSON; charset=utf-8",
      "application/json; charset=utf-16",
      "application/json;;;",
      "application/json, text/html",
      "application/merge-patch+json",
      "application/vnd.api+json",
      "text/plain",
      "text/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=xyz",
      "application/xml",
      "application/octet-stream",
      "*/*",
      "json",
      "application/\u00e9",
    ),
  },
);

/** Header values a client may send (bytes 0x20–0xFF: what `Headers` lets through). */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
  maxLength: 300,
});

/** Percent-encodes text for a URL, lone surrogates included (as U+FFFD, which is what a URL can carry). */
function encodePart(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(wellFormed(text));
  }
}

/** The text with each lone surrogate replaced by U+FFFD (`String.prototype.toWellFormed`). */
function wellFormed(text: string): string {
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    "\uFFFD",
  );
}

/** Pieces put into a URL unencoded: broken escapes, dot segments, separators. */
const rawUrlPart = fc.constantFrom(
  "%ff",
  "%",
  "%zz",
  "%00",
  "..",
  "%2e%2e%2f",
  "a%2Fb",
  ";",
  "%F0%9F",
);

export interface HostileContext {
  /** Real ids of the world (so some requests reach rows), used for path and id parameters. */
  readonly ids: readonly string[];
  /** The Authorization value of a caller who may use the operation. */
  readonly authorization: string | undefined;
}

/**
 * Requests for `target`: the sample request with some of its parts made hostile. Each part
 * (body, every path and query parameter, headers) is independently left alone or replaced.
 */
export function hostileRequest(
  target: HostileTarget,
  context: HostileContext,
): fc.Arbitrary<HostileRequest> {
  const sampleUrl = new URL(target.sample.url, "http://keyport.test");
  const pathValue = fc.oneof(
    { weight: 2, arbitrary: fc.constant<string | null>(null) },
    { weight: 2, arbitrary: fc.constantFrom(...context.ids).map(encodePart) },
    { weight: 3, arbitrary: hostileString.map(encodePart) },
    { weight: 1, arbitrary: rawUrlPart },
  );
  const queryValue = fc.oneof(
    { weight: 3, arbitrary: fc.constant<string[] | null>(null) },
    { weight: 1, arbitrary: fc.constant<string[]>([]) },
    { weight: 3, arbitrary: hostileString.map((value) => [value]) },
    { weight: 1, arbitrary: fc.constantFrom(...context.ids).map((value) => [value]) },
    // The same parameter twice, one plausible and one not.
    { weight: 2, arbitrary: fc.tuple(hostileString, fc.string()).map(([x, y]) => [x, y]) },
  );
  const pathParameters = target.parameters.filter((p) => p.in === "path");
  const queryParameters = target.parameters.filter((p) => p.in === "query");

  const body: fc.Arbitrary<{ body: string | undefined; what: string }> =
    target.method === "GET"
      ? fc.constant({ body: undefined, what: "" })
      : fc.oneof(
          { weight: 2, arbitrary: fc.constant({ body: target.sample.body, what: "" }) },
          {
            weight: 5,
            arbitrary: fc
              .tuple(
                fc.option(fc.constantFrom(...sampleKeys(target.sample.body))),
                fc.string({ maxLength: 12 }),
                hostileValue,
              )
              .map(([key, fresh, value]) => {
                const base = safeParse(target.sample.body);
                const field = key ?? fresh;
                const object =
                  base && typeof base === "object" && !Array.isArray(base)
                    ? { ...(base as Record<string, unknown>) }
                    : {};
                object[field] = value;
                return { body: JSON.stringify(object), what: `body.${field}` };
              }),
          },
          {
            weight: 2,
            arbitrary: fc
              .jsonValue({ maxDepth: 4 })
              .map((v) => ({ body: JSON.stringify(v), what: "body (any JSON)" })),
          },
          {
            weight: 2,
            arbitrary: hostileRawBody.map((raw) => ({ body: raw, what: "body (raw)" })),
          },
        );

  const headers = fc.record(
    {
      authorization: fc.oneof(
        { weight: 8, arbitrary: fc.constant(context.authorization) },
        {
          weight: 2,
          arbitrary: fc.oneof(
            fc.constantFrom(
              "Bearer",
              "Bearer ",
              "Basic Zm9vOmJhcg==",
              "bearer  x",
              "Bearer \u00ff\u00fe",
            ),
            headerText.map((text) => `Bearer ${text}`),
            fc.integer({ min: 1000, max: 16_000 }).map((n) => `Bearer ${"A".repeat(n)}`),
          ),
        },
      ),
      "content-type": contentType,
      cookie: fc.oneof(
        headerText,
        headerText.map((text) => `__Host-keyport-session=${text}`),
      ),
      origin: fc.oneof(fc.constantFrom("null", "http://evil.example", "https://"), headerText),
      "accept-language": headerText,
      accept: fc.constantFrom("*/*", "application/xml", "text/html;q=0", "\u00ff"),
      "x-forwarded-for": fc.oneof(headerText, fc.constantFrom("1.2.3.4, , ,", "::ffff:999.1.1.1")),
      "x-request-id": headerText,
      range: fc.constantFrom(
        "bytes=0-",
        "bytes=999999999999-",
        "bytes=-0",
        "bytes=5-1",
        "lines=1-2",
      ),
      "if-none-match": headerText,
      "x-http-method-override": fc.constantFrom("DELETE", "PUT", "PATCH", "TRACE"),
    },
    { requiredKeys: ["authorization", "content-type"] },
  );

  return fc
    .record({
      path: fc.tuple(...pathParameters.map(() => pathValue)),
      query: fc.tuple(...queryParameters.map(() => queryValue)),
      extraQuery: fc.option(fc.tuple(fc.string({ maxLength: 8 }), hostileString)),
      body,
      headers,
    })
    .map(({ path, query, extraQuery, body: chosen, headers: chosenHeaders }) => {
      const what: string[] = chosen.what ? [chosen.what] : [];
      let pathname = target.template;
      const samplePath = sampleUrl.pathname.split("/");
      const templateParts = target.template.split("/");
      pathParameters.forEach((parameter, index) => {
        const position = templateParts.indexOf(`{${parameter.name}}`);
        const value = path[index] ?? samplePath[position] ?? "x";
        if (path[index] !== null) what.push(`path.${parameter.name}`);
        pathname = pathname.replace(`{${parameter.name}}`, value);
      });
      const search = new URLSearchParams(sampleUrl.search);
      queryParameters.forEach((parameter, index) => {
        const values = query[index];
        if (values === null || values === undefined) return;
        what.push(`query.${parameter.name}`);
        search.delete(parameter.name);
        for (const value of values) search.append(parameter.name, wellFormed(value));
      });
      if (extraQuery) search.append(wellFormed(extraQuery[0]), wellFormed(extraQuery[1]));
      const headerValues: Record<string, string> = {};
      for (const [key, value] of Object.entries(chosenHeaders)) {
        if (value !== undefined) headerValues[key] = value;
      }
      if (chosenHeaders["content-type"] !== "application/json") what.push("content-type");
      if (chosenHeaders.authorization !== context.authorization) what.push("authorization");
      const requestBody = target.method === "GET" ? undefined : chosen.body;
      return {
        method: target.method,
        url: `${pathname}${search.size > 0 ? `?${search}` : ""}`,
        headers: headerValues,
        body: requestBody,
        what: what.join(", ") || "nothing (the sample request)",
        [fc.toStringMethod]() {
          return `${target.method} ${shorten(this.url)} [${this.what}] headers=${shorten(JSON.stringify(headerValues))} body=${shorten(requestBody ?? "")}`;
        },
      } satisfies HostileRequest & { [fc.toStringMethod](): string };
    });
}

function sampleKeys(body: string | undefined): string[] {
  const parsed = safeParse(body);
  const keys = parsed && typeof parsed === "object" ? Object.keys(parsed) : [];
  return keys.length > 0 ? keys : ["field"];
}

function safeParse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Text cut to a length a failure report can show. */
export function shorten(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/**
 * The number of rows of every table, in one statement (the table list is read once per
 * database and kept).
 */
export function createRowCounter(t: TestContext): () => Promise<Record<string, number>> {
  let statement: ReturnType<typeof sql<{ counts: Record<string, number | string> }>> | undefined;
  return async () => {
    if (!statement) {
      const tables = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
        t.deps.db,
      );
      const parts = tables.rows.map(
        ({ name }) => sql`${sql.lit(name)}, (select count(*) from ${sql.table(name)})`,
      );
      statement = sql<{ counts: Record<string, number | string> }>`
        select json_build_object(${sql.join(parts)}) as counts`;
    }
    const { rows } = await statement.execute(t.deps.db);
    return Object.fromEntries(
      Object.entries(rows[0]!.counts).map(([name, count]) => [name, Number(count)]),
    );
  };
}
