import { beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocuments, type OpenApiDocuments } from "../api/app/openapi-documents.ts";
import { createLicensingClient, createPortalClient, createVendorClient } from "./index.ts";
import { documentedOperations, operationIdsOf, templatesOf, wordsOf } from "./test/operations.ts";

// Every operation of the OpenAPI documents has a client method, and every
// method calls a documented operation. A route added without a method fails
// here with its name. Only the health checks and the signed `/dl` links (a
// plain URL, no session) are left out on purpose.
//
// And each method is named after its operation's `operationId`, the name every
// generated client (any language) gives it: `licenses.list` calls `listLicenses`,
// `licenses.listValidations` calls `listLicenseValidations`. The rule: the
// operationId starts with the method's verb, and holds the method's other words in
// its order; the group (`licenses`) names the rest.

let documents: OpenApiDocuments;
beforeAll(async () => {
  documents = await buildOpenApiDocuments();
});

/** A fetch that answers every call with an empty page and records `METHOD /path`. */
function recordingFetch() {
  const calls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
    return Response.json({ data: [], nextCursor: null });
  };
  return { calls, fetch };
}

/**
 * Calls every function in a client object tree, with placeholder arguments, and
 * answers the calls each one made by its path in the tree (`licenses.list`).
 */
async function callEveryMethod(
  client: object,
  calls: string[],
  prefix = "",
): Promise<Map<string, string[]>> {
  const made = new Map<string, string[]>();
  for (const [name, value] of Object.entries(client)) {
    const path = `${prefix}${name}`;
    if (typeof value === "function") {
      const before = calls.length;
      // (id, body|query, options) or (body|query, options): ids and bodies alike are placeholders.
      await value("id_1", {}, {});
      made.set(path, calls.slice(before));
    } else if (value && typeof value === "object") {
      for (const [inner, innerCalls] of await callEveryMethod(value, calls, `${path}.`)) {
        made.set(inner, innerCalls);
      }
    }
  }
  return made;
}

/** Verbs an operationId (and so a method) may start with. */
const VERBS = new Set([
  "activate",
  "begin",
  "change",
  "check",
  "confirm",
  "create",
  "deactivate",
  "delete",
  "diagnose",
  "disable",
  "download",
  "enable",
  "get",
  "inspect",
  "invite",
  "list",
  "login",
  "logout",
  "reinstate",
  "renew",
  "replace",
  "request",
  "reset",
  "reveal",
  "revoke",
  "send",
  "set",
  "suspend",
  "update",
  "upload",
  "validate",
]);

/**
 * Checks that each method calls exactly one operation and is named after its
 * operationId; answers `method → operationId`.
 */
function methodNames(
  made: ReadonlyMap<string, readonly string[]>,
  document: Record<string, unknown>,
): Record<string, string> {
  const ids = operationIdsOf(document);
  const templates = [...ids.keys()];
  const named: Record<string, string> = {};
  for (const [path, calls] of made) {
    const [operation, ...others] = templatesOf(calls, templates);
    expect(others, `${path} calls one operation`).toEqual([]);
    const operationId = ids.get(operation ?? "");
    expect(operationId, `${path} calls ${operation}, which has an operationId`).toBeTypeOf(
      "string",
    );
    named[path] = operationId!;
    const [verb, ...rest] = wordsOf(path.split(".").at(-1)!);
    const words = wordsOf(operationId!);
    expect(VERBS.has(verb!), `${path}: "${verb}" is a verb`).toBe(true);
    expect(words[0], `${path} starts like ${operationId}`).toBe(verb);
    // The method's other words appear in the operationId, in the same order.
    let at = 1;
    for (const word of rest) {
      at = words.indexOf(word, at) + 1;
      expect(at, `${path}: "${word}" is a word of ${operationId}`).toBeGreaterThan(0);
    }
  }
  return named;
}

describe("every route has a method", () => {
  it("portal client: the Customer API", async () => {
    const { calls, fetch } = recordingFetch();
    await callEveryMethod(
      createPortalClient({ baseUrl: "http://k.test", token: "t", fetch }),
      calls,
    );
    const expected = documentedOperations(documents.public, /^\/v1\/(?!licensing\/)/);
    expect(templatesOf(calls, expected)).toEqual(expected);
  });

  it("licensing client: the Licensing API", async () => {
    const { calls, fetch } = recordingFetch();
    await callEveryMethod(createLicensingClient({ baseUrl: "http://k.test", fetch }), calls);
    const expected = documentedOperations(documents.public, /^\/v1\/licensing\//);
    expect(templatesOf(calls, expected)).toEqual(expected);
  });

  it("vendor client: the Vendor API", async () => {
    const { calls, fetch } = recordingFetch();
    await callEveryMethod(
      createVendorClient({ baseUrl: "http://k.test", apiKey: "k", fetch }),
      calls,
    );
    const expected = documentedOperations(documents.vendor, /^\/vendor\/v1\//);
    expect(templatesOf(calls, expected)).toEqual(expected);
  });

  it("leaves out only the health checks and the signed links", () => {
    const all = documentedOperations(documents.public, /.*/);
    const everything = Object.keys(documents.public.paths as object);
    expect(everything.filter((path) => !all.some((op) => op.endsWith(` ${path}`)))).toEqual(
      everything.filter((path) => /^\/(dl\/|healthz$|readyz$)/.test(path)),
    );
  });
});

describe("every method is named after its operationId", () => {
  const clients = {
    portal: () => ({
      document: documents.public,
      client: (fetch: typeof globalThis.fetch) =>
        createPortalClient({ baseUrl: "http://k.test", token: "t", fetch }),
      prefix: /^\/v1\/(?!licensing\/)/,
    }),
    licensing: () => ({
      document: documents.public,
      client: (fetch: typeof globalThis.fetch) =>
        createLicensingClient({ baseUrl: "http://k.test", fetch }),
      prefix: /^\/v1\/licensing\//,
    }),
    vendor: () => ({
      document: documents.vendor,
      client: (fetch: typeof globalThis.fetch) =>
        createVendorClient({ baseUrl: "http://k.test", apiKey: "k", fetch }),
      prefix: /^\/vendor\/v1\//,
    }),
  };

  for (const [name, setup] of Object.entries(clients)) {
    it(`${name} client: one method per operationId, named after it`, async () => {
      const { document, client, prefix } = setup();
      const { calls, fetch } = recordingFetch();
      const named = methodNames(await callEveryMethod(client(fetch), calls), document);
      const ids = operationIdsOf(document);
      const expected = documentedOperations(document, prefix).map((operation) =>
        ids.get(operation),
      );
      expect(Object.values(named).sort()).toEqual(expected.sort());
    });
  }

  it("names the methods as the SDK documents them", async () => {
    // A few spelled out, so a change to the rule above shows here too.
    const { calls, fetch } = recordingFetch();
    const portal = createPortalClient({ baseUrl: "http://k.test", token: "t", fetch });
    const named = methodNames(await callEveryMethod(portal, calls), documents.public);
    expect(named).toMatchObject({
      "licenses.list": "listLicenses",
      "licenses.listValidations": "listLicenseValidations",
      "activations.deactivate": "deactivateActivation",
      "me.totp.beginSetup": "beginTotpSetup",
      "auth.login": "login",
    });
  });
});
