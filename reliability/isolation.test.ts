import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocuments } from "../api/app/openapi-documents.ts";
import { createTestContext, databaseKind, type TestContext } from "../api/test/harness.ts";
import {
  type OpenApiDocument,
  type SweepOperation,
  sweepOperations,
} from "../api/test/openapi-operations.ts";
import type { SignedInUser } from "../api/test/signed-in-user.ts";
import {
  createIsolationAccount,
  type IdKind,
  type IsolationAccount,
  leakedIn,
  snapshotAccount,
} from "./support/isolation-world.ts";

/**
 * The isolation matrix of the Customer API, generated from its OpenAPI document: every
 * operation with an id in its path is called with another account's ids and, as a member
 * without the assignment, with ids of the member's own account; every list with a filter
 * that takes an id is filtered by another account's ids. A new operation is covered without
 * a new case; one whose ids the matrix cannot fill fails the classification test by name.
 *
 * SPEC §1: anything outside a caller's scope answers 404, never 403.
 */

/** Which id a path parameter takes, by the collection segment in front of it. */
const PATH_ID_KINDS: Record<string, IdKind> = {
  licenses: "license",
  activations: "activation",
  sessions: "session",
  assets: "asset",
};

/** Which id a list's filter parameter takes. */
const FILTER_ID_KINDS: Record<string, IdKind> = {
  licenseId: "license",
  productId: "product",
};

/** Operations without a session whose path ids are guarded by their own means (a signature). */
const SIGNED_LINK = "GET /dl/{assetId}/{filename}";

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema?: { example?: unknown; pattern?: string };
  readonly example?: unknown;
}

interface Classified {
  /** Operations with ids in their path: each path parameter's kind. */
  readonly byId: { operation: SweepOperation; name: string; kinds: Record<string, IdKind> }[];
  /** Lists and their id filters. */
  readonly filtered: { operation: SweepOperation; name: string; filters: Record<string, IdKind> }[];
  /** Signed-in reads without ids in their path (lists, dashboard, profile). */
  readonly reads: { operation: SweepOperation; name: string }[];
  /** What the matrix does not know how to fill, by operation and parameter. */
  readonly unclassified: string[];
}

/** An id-like parameter: named `…Id`/`id`, or documented with a prefixed id example. */
function takesId(parameter: Parameter): boolean {
  const example = parameter.example ?? parameter.schema?.example;
  return (
    /(^id$|Id$)/.test(parameter.name) ||
    (typeof example === "string" && /^[a-z]{3}_[0-9A-Z]{10,}$/.test(example))
  );
}

function classify(document: OpenApiDocument): Classified {
  const operations = new Map(
    sweepOperations(document).map((op) => [`${op.method} ${op.template}`, op]),
  );
  const classified: Classified = { byId: [], filtered: [], reads: [], unclassified: [] };
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const name = `${method.toUpperCase()} ${template}`;
      const operation = operations.get(name);
      if (!operation) continue;
      const parameters = ((raw as { parameters?: Parameter[] }).parameters ?? []).filter(
        (p) => p.in === "path" || p.in === "query",
      );
      const pathParameters = parameters.filter((p) => p.in === "path");
      if (!operation.authenticated) {
        if (pathParameters.length > 0 && name !== SIGNED_LINK) {
          classified.unclassified.push(`${name}: path ids without a session`);
        }
        continue;
      }
      if (pathParameters.length > 0) {
        const kinds: Record<string, IdKind> = {};
        for (const parameter of pathParameters) {
          const segments = template.split("/");
          const collection = segments[segments.indexOf(`{${parameter.name}}`) - 1] ?? "";
          const kind = PATH_ID_KINDS[collection];
          if (kind) kinds[parameter.name] = kind;
          else classified.unclassified.push(`${name}: path parameter ${parameter.name}`);
        }
        classified.byId.push({ operation, name, kinds });
        continue;
      }
      const filters: Record<string, IdKind> = {};
      for (const parameter of parameters.filter((p) => p.in === "query" && takesId(p))) {
        const kind = FILTER_ID_KINDS[parameter.name];
        if (kind) filters[parameter.name] = kind;
        else classified.unclassified.push(`${name}: query parameter ${parameter.name}`);
      }
      if (Object.keys(filters).length > 0) classified.filtered.push({ operation, name, filters });
      if (operation.method === "GET") classified.reads.push({ operation, name });
    }
  }
  return classified;
}

// The operations come from the document at collection time, so each one is a test of its own.
const publicDocument = (await buildOpenApiDocuments()).public as unknown as OpenApiDocument;
const matrix = classify(publicDocument);
const reads = matrix.byId.filter((entry) => entry.operation.method === "GET");
const writes = matrix.byId.filter((entry) => entry.operation.method !== "GET");

let t: TestContext;
let a: IsolationAccount;
let b: IsolationAccount;
let snapshotOfA: unknown;

beforeAll(async () => {
  t = await createTestContext();
  a = await createIsolationAccount(t, "Alphaworks");
  b = await createIsolationAccount(t, "Betamill");
  snapshotOfA = await snapshotAccount(t, a.accountId);
}, 60_000);
afterAll(() => t?.close());

/** The operation's request with each path parameter (and the given filters) set to ids of `owner`. */
function requestFor(
  operation: SweepOperation,
  kinds: Record<string, IdKind>,
  owner: IsolationAccount,
  query: Record<string, string> = {},
): { url: string; init: RequestInit } {
  const { url, init } = operation.request();
  const sampled = new URL(url, "http://keyport.test");
  let path = operation.template;
  for (const [parameter, kind] of Object.entries(kinds)) {
    path = path.replace(`{${parameter}}`, encodeURIComponent(owner.idOf(kind)));
  }
  for (const [name, value] of Object.entries(query)) sampled.searchParams.set(name, value);
  const search = sampled.searchParams.size > 0 ? `?${sampled.searchParams}` : "";
  return { url: `${path}${search}`, init };
}

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
  readonly body: unknown;
}

async function send(user: SignedInUser, request: { url: string; init: RequestInit }) {
  const res = await t.publicApp.request(request.url, {
    ...request.init,
    headers: {
      ...(request.init.headers as Record<string, string>),
      authorization: `Bearer ${user.token}`,
    },
  });
  const text = await res.text();
  const headers = [...res.headers].map(([key, value]) => `${key}: ${value}`).join("\n");
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    text: `${headers}\n${text}`,
    body,
  };
}

function expectNotFound(answer: Answer, label: string) {
  expect(answer.status, `${label}: ${answer.text}`).toBe(404);
  expect(answer.type, label).toBe("application/problem+json");
  expect(answer.body, label).toMatchObject({ status: 404, code: "NOT_FOUND" });
}

describe(`the isolation matrix (${databaseKind})`, () => {
  it("classifies every Customer API operation with an id in its path or its filters", () => {
    expect(matrix.unclassified).toEqual([]);
    // The document must really reach the matrix: the operations known today.
    expect(matrix.byId.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        "GET /v1/licenses/{id}",
        "POST /v1/licenses/{id}/key",
        "GET /v1/activations/{id}",
        "POST /v1/activations/{id}/deactivate",
        "DELETE /v1/me/sessions/{id}",
        "POST /v1/assets/{id}/link",
      ]),
    );
    expect(matrix.filtered.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(["GET /v1/licenses", "GET /v1/activations", "GET /v1/downloads"]),
    );
  });

  it("names a new operation whose ids it cannot fill, instead of leaving it out", () => {
    const security = [{ sessionBearer: [] }];
    const grown = structuredClone(publicDocument);
    grown.paths["/v1/widgets/{id}"] = {
      get: {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        security,
      },
    };
    grown.paths["/v1/gadgets"] = {
      get: {
        parameters: [{ name: "widgetId", in: "query", schema: { type: "string" } }],
        security,
      },
    };
    expect(classify(grown).unclassified).toEqual([
      "GET /v1/widgets/{id}: path parameter id",
      "GET /v1/gadgets: query parameter widgetId",
    ]);
  });

  describe.each([...reads, ...writes].map((entry) => [entry.name, entry] as const))(
    "%s",
    (_name, entry) => {
      it("answers 404 to another account's owner and member, leaking nothing", async () => {
        for (const caller of [b.owner, b.member]) {
          const answer = await send(caller, requestFor(entry.operation, entry.kinds, a));
          expectNotFound(answer, `${entry.name} as ${caller.name}`);
          expect(leakedIn(answer.text, a.secrets)).toEqual([]);
        }
      });

      it("answers 404 to a member of the account without the assignment", async () => {
        const answer = await send(a.unassigned, requestFor(entry.operation, entry.kinds, a));
        expectNotFound(answer, entry.name);
        expect(leakedIn(answer.text, a.licenseSecrets)).toEqual([]);
      });
    },
  );

  describe.each(matrix.filtered.map((entry) => [entry.name, entry] as const))(
    "%s filtered by another account's ids",
    (_name, entry) => {
      it.each(Object.entries(entry.filters))("by %s lists nothing of it", async (filter, kind) => {
        const request = () => requestFor(entry.operation, {}, a, { [filter]: a.idOf(kind) });
        for (const [caller, secrets] of [
          [b.owner, a.secrets],
          [b.member, a.secrets],
          [a.unassigned, a.licenseSecrets],
        ] as const) {
          const answer = await send(caller, request());
          const label = `${entry.name}?${filter}= as ${caller.name}: ${answer.text}`;
          if (answer.status === 200) {
            expect((answer.body as { data: unknown[] }).data, label).toEqual([]);
          } else {
            expect([404, 422], label).toContain(answer.status);
            expect(answer.type, label).toBe("application/problem+json");
          }
          expect(leakedIn(answer.text, secrets), label).toEqual([]);
        }
        // The same filter finds the rows for the account's owner: the id was a real one.
        const own = await send(a.owner, request());
        expect(own.status, own.text).toBe(200);
        expect((own.body as { data: unknown[] }).data.length, own.text).toBeGreaterThan(0);
      });
    },
  );

  describe.each(matrix.reads.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
    it("shows another account none of this account's data", async () => {
      for (const caller of [b.owner, b.member]) {
        const answer = await send(caller, entry.operation.request());
        expect(answer.status, `${entry.name}: ${answer.text}`).toBeLessThan(300);
        expect(leakedIn(answer.text, a.secrets), entry.name).toEqual([]);
      }
      const bystander = await send(a.unassigned, entry.operation.request());
      expect(bystander.status, bystander.text).toBeLessThan(300);
      expect(leakedIn(bystander.text, a.licenseSecrets), entry.name).toEqual([]);
    });
  });

  it("a signed download link of one account does not open another account's asset", async () => {
    const link = await send(b.owner, {
      url: `/v1/assets/${b.assetId}/link`,
      init: { method: "POST" },
    });
    expect(link.status, link.text).toBe(200);
    const signed = new URL((link.body as { url: string }).url);
    for (const path of [
      `/dl/${a.assetId}/${a.assetFilename}`,
      `/dl/${a.assetId}/${b.assetFilename}`,
    ]) {
      const res = await t.publicApp.request(`${path}${signed.search}`);
      const text = await res.text();
      expect([403, 404], `${path}: ${text}`).toContain(res.status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(text).not.toContain("installer of");
    }
    // The link itself works: the swap, not the link, was refused.
    const own = await t.publicApp.request(`${signed.pathname}${signed.search}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toBe(`installer of ${b.assetFilename}`);
  });

  it("left every row of the account unchanged after the refused calls", async () => {
    expect(await snapshotAccount(t, a.accountId)).toEqual(snapshotOfA);
  });

  // Last: these change the other account's own data, which the refusals above must not have.
  describe.each(matrix.byId.map((entry) => [entry.name, entry] as const))(
    "%s for the account's own owner",
    (_name, entry) => {
      it("answers (so the ids the matrix fills are real ones)", async () => {
        const answer = await send(b.owner, requestFor(entry.operation, entry.kinds, b));
        expect(answer.status, `${entry.name}: ${answer.text}`).toBeLessThan(300);
      });
    },
  );
});
