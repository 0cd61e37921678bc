import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../test/harness.ts";
import {
  type InputField,
  type OpenApiDocument,
  type SweepOperation,
  sweepOperations,
} from "../test/openapi-operations.ts";
import { type SignedInUser, signedInUser } from "../test/signed-in-user.ts";

let t: TestContext;
let ada: SignedInUser;
let publicOperations: SweepOperation[];
let vendorOperations: SweepOperation[];

beforeAll(async () => {
  t = await createTestContext();
  ada = await signedInUser(t, { name: "Ada Sweep" });
  const document = async (app: TestContext["publicApp"], path: string) =>
    (await (await app.request(path)).json()) as OpenApiDocument;
  publicOperations = sweepOperations(await document(t.publicApp, "/openapi.json"));
  vendorOperations = sweepOperations(await document(t.vendorApp, "/vendor/openapi.json"));
}, 60_000);
afterAll(() => t?.close());

/** Signing out would end the session every later request of the sweep uses. */
const SKIPPED = new Set(["POST /v1/auth/logout"]);

interface Outcome {
  readonly operation: string;
  readonly field: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly named: boolean;
}

async function sweep(
  operations: SweepOperation[],
  send: (url: string, init: RequestInit) => Response | Promise<Response>,
  value: string,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const operation of operations) {
    const name = `${operation.method} ${operation.template}`;
    if (SKIPPED.has(name)) continue;
    for (const field of operation.stringInputs) {
      const { url, init } = operation.request({ field, value });
      const res = await send(url, init);
      const text = await res.text();
      const problem = safeJson(text) as { code?: string; errors?: { field: string }[] } | null;
      outcomes.push({
        operation: name,
        field: fieldName(field),
        status: res.status,
        code: problem?.code,
        named: problem?.errors?.some((error) => error.field === fieldName(field)) ?? false,
      });
    }
  }
  return outcomes;
}

function fieldName(field: InputField): string {
  return `${field.place}.${field.path}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const customer = (url: string, init: RequestInit) =>
  t.publicApp.request(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${ada.token}` },
  });
const vendor = (url: string, init: RequestInit) =>
  t.vendorApp.request(url, {
    ...init,
    headers: {
      ...(init.headers as Record<string, string>),
      authorization: `Bearer ${t.vendorKey}`,
    },
  });

/**
 * The signed download route reads its own link parameters (400 `MALFORMED_LINK`,
 * 403 `LINK_INVALID`, or 404 for a file name no asset can have, all before any
 * lookup); every other input is validated by its route's schema and so by the
 * text rule.
 */
const OWN_CHECKS = /^GET \/dl\//;

describe.each([
  ["a NUL character", "\u0000"],
  ["a NUL inside text", "Ada\u0000Lovelace"],
  ["an escape sequence", "\u001b[31mred"],
])("%s in every string field and parameter of every operation", (_label, value) => {
  it("never answers 5xx; a validated field answers 422 naming it", async () => {
    const outcomes = [
      ...(await sweep(publicOperations, customer, value)),
      ...(await sweep(vendorOperations, vendor, value)),
    ];
    // The sweep must reach a good part of the API to mean anything.
    expect(outcomes.length).toBeGreaterThan(100);
    expect(outcomes.filter((outcome) => outcome.status >= 500)).toEqual([]);
    const unnamed = outcomes.filter(
      (outcome) =>
        !OWN_CHECKS.test(outcome.operation) && !(outcome.status === 422 && outcome.named),
    );
    expect(unnamed).toEqual([]);
    for (const outcome of outcomes.filter((o) => OWN_CHECKS.test(o.operation))) {
      expect([400, 403, 404], JSON.stringify(outcome)).toContain(outcome.status);
    }
  }, 120_000);
});
