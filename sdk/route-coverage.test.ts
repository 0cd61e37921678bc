import { beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocuments, type OpenApiDocuments } from "../api/app/openapi-documents.ts";
import { createLicensingClient, createPortalClient, createVendorClient } from "./index.ts";
import { documentedOperations, templatesOf } from "./test/operations.ts";

// Every operation of the OpenAPI documents has a client method, and every
// method calls a documented operation. A route added without a method fails
// here with its name. Only the health checks and the signed `/dl` links (a
// plain URL, no session) are left out on purpose.

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

/** Calls every function in a client object tree, with placeholder arguments. */
async function callEveryMethod(client: object): Promise<number> {
  let count = 0;
  for (const value of Object.values(client)) {
    if (typeof value === "function") {
      count++;
      // (id, body|query, options) or (body|query, options): ids and bodies alike are placeholders.
      await value("id_1", {}, {});
    } else if (value && typeof value === "object") {
      count += await callEveryMethod(value);
    }
  }
  return count;
}

describe("every route has a method", () => {
  it("portal client: the Customer API", async () => {
    const { calls, fetch } = recordingFetch();
    await callEveryMethod(createPortalClient({ baseUrl: "http://k.test", token: "t", fetch }));
    const expected = documentedOperations(documents.public, /^\/v1\/(?!licensing\/)/);
    expect(templatesOf(calls, expected)).toEqual(expected);
  });

  it("licensing client: the Licensing API", async () => {
    const { calls, fetch } = recordingFetch();
    await callEveryMethod(createLicensingClient({ baseUrl: "http://k.test", fetch }));
    const expected = documentedOperations(documents.public, /^\/v1\/licensing\//);
    expect(templatesOf(calls, expected)).toEqual(expected);
  });

  it("vendor client: the Vendor API", async () => {
    const { calls, fetch } = recordingFetch();
    await callEveryMethod(createVendorClient({ baseUrl: "http://k.test", apiKey: "k", fetch }));
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
