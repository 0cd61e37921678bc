import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocuments, type OpenApiDocuments } from "./openapi-documents.ts";

// What every generator and linter relies on, checked on both documents: each
// operation named, described, tagged and secured, and each error answer a
// problem+json whose `code` values are listed. `npm run lint:openapi` runs
// Redocly's rules on the same documents; these are the project's own.

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, Response>;
}
interface Response {
  $ref?: string;
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: Schema; example?: { code?: string } }>;
}
interface Schema {
  $ref?: string;
  allOf?: { $ref?: string; properties?: { code?: { enum?: string[] } } }[];
}
interface Document {
  tags?: { name: string; description?: string }[];
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  components: { securitySchemes?: Record<string, unknown>; responses?: Record<string, Response> };
  paths: Record<string, Record<string, Operation>>;
}

let documents: OpenApiDocuments;
beforeAll(async () => {
  documents = await buildOpenApiDocuments();
});

const both = () =>
  [
    ["/openapi.json", documents.public],
    ["/vendor/openapi.json", documents.vendor],
  ] as unknown as [string, Document][];

/** A response, its `$ref` to `components.responses` followed. */
function resolved(document: Document, response: Response): Response {
  const name = response.$ref?.replace("#/components/responses/", "");
  return name === undefined ? response : document.components.responses![name]!;
}

function operationsOf(document: Document): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => /^(get|head|post|put|patch|delete)$/.test(method))
      .map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as const),
  ) as [string, Operation][];
}

/** The `code` values an error answer lists; `null` when it is not a problem+json with them. */
function problemCodes(response: Response): string[] | null {
  const media = response.content?.["application/problem+json"];
  const [base, codes] = media?.schema?.allOf ?? [];
  if (base?.$ref !== "#/components/schemas/Problem") return null;
  return codes?.properties?.code?.enum ?? null;
}

describe("the OpenAPI documents", () => {
  it("name, describe, tag and secure every operation", () => {
    for (const [name, document] of both()) {
      const tags = new Map(document.tags?.map((tag) => [tag.name, tag.description]));
      const schemes = Object.keys(document.components.securitySchemes ?? {});
      const ids = new Set<string>();
      for (const [operation, spec] of operationsOf(document)) {
        const at = `${name} ${operation}`;
        expect(spec.operationId, `${at}: operationId`).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)*$/);
        expect(ids.has(spec.operationId!), `${at}: ${spec.operationId} is unique`).toBe(false);
        ids.add(spec.operationId!);
        expect(spec.summary, `${at}: summary`).toBeTruthy();
        expect(spec.description, `${at}: description`).toBeTruthy();
        expect(spec.tags, `${at}: one tag`).toHaveLength(1);
        expect(tags.get(spec.tags![0]!), `${at}: tag declared with a description`).toBeTruthy();
        // Explicit on every operation, `[]` for an open one, so no generator has to guess.
        expect(Array.isArray(spec.security), `${at}: security`).toBe(true);
        for (const requirement of spec.security!) {
          for (const scheme of Object.keys(requirement)) expect(schemes).toContain(scheme);
        }
      }
    }
  });

  it("answer every error as problem+json with its codes and an example of one", () => {
    for (const [name, document] of both()) {
      for (const [operation, spec] of operationsOf(document)) {
        for (const [status, given] of Object.entries(spec.responses)) {
          if (Number(status) < 400) continue;
          const at = `${name} ${operation} ${status}`;
          const response = resolved(document, given);
          expect(response, `${at}: ${given.$ref} exists`).toBeDefined();
          // The Licensing API answers an unknown key or a refusal with its usual body, not an error.
          if (
            operation.startsWith("POST /v1/licensing/") &&
            (status === "404" || status === "409")
          ) {
            expect(response.content?.["application/json"]?.schema?.$ref, at).toBe(
              "#/components/schemas/LicensingAnswer",
            );
            continue;
          }
          const codes = problemCodes(response);
          expect(codes?.length, `${at}: problem+json listing its codes`).toBeGreaterThan(0);
          for (const code of codes!) expect(response.description, at).toContain(`\`${code}\``);
          const example = response.content?.["application/problem+json"]?.example;
          expect(codes, `${at}: the example's code is one of them`).toContain(example?.code);
        }
      }
    }
  });

  it("give every JSON request and answer an example", () => {
    for (const [name, document] of both()) {
      for (const [operation, spec] of operationsOf(document)) {
        const bodies = [
          ["request", (spec as { requestBody?: Response }).requestBody],
          ...Object.entries(spec.responses).map(([status, given]) => [
            status,
            resolved(document, given),
          ]),
        ] as [string, Response | undefined][];
        for (const [part, body] of bodies) {
          for (const [type, media] of Object.entries(body?.content ?? {})) {
            if (!type.includes("json")) continue;
            expect(media.example, `${name} ${operation} ${part} ${type}: example`).toBeDefined();
          }
        }
      }
    }
  });

  it("document every code the API answers with", async () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const sources = (await readdir(root, { recursive: true })).filter(
      (file) =>
        file.endsWith(".ts") && !file.endsWith(".test.ts") && !/(^|\/)(dist|test)\//.test(file),
    );
    const answered = new Set<string>();
    for (const file of sources) {
      const text = await readFile(join(root, file), "utf8");
      for (const [, status, code] of text.matchAll(
        /new ProblemError\(\s*(\d{3}),\s*"([A-Z_]+)"/g,
      )) {
        answered.add(`${status} ${code}`);
      }
    }
    const documented = new Set<string>();
    for (const [, document] of both()) {
      for (const [, spec] of operationsOf(document)) {
        for (const [status, response] of Object.entries(spec.responses)) {
          for (const code of problemCodes(resolved(document, response)) ?? []) {
            documented.add(`${status} ${code}`);
          }
        }
      }
    }
    // Not answers of a documented operation: the portal's pages (PORTAL_NOT_BUILT), and
    // the net behind the schemas for a value the database refuses (INVALID_VALUE).
    const undocumented = [...answered].filter(
      (answer) => !documented.has(answer) && !/ (PORTAL_NOT_BUILT|INVALID_VALUE)$/.test(answer),
    );
    expect(answered.size).toBeGreaterThan(20);
    expect(undocumented).toEqual([]);
  });

  it("name their servers: PUBLIC_URL, and the Vendor API's listener", () => {
    expect(documents.public.servers).toEqual([
      expect.objectContaining({ url: "http://localhost:8787" }),
    ]);
    expect(documents.vendor.servers).toEqual([
      expect.objectContaining({ url: "http://127.0.0.1:8788" }),
    ]);
  });

  it("describe the session cookie, the bearer session token and the vendor key", () => {
    const publicSchemes = (documents.public as unknown as Document).components.securitySchemes;
    const vendorSchemes = (documents.vendor as unknown as Document).components.securitySchemes;
    expect(publicSchemes).toMatchObject({
      sessionCookie: { type: "apiKey", in: "cookie", name: "__Host-keyport-session" },
      sessionBearer: { type: "http", scheme: "bearer" },
    });
    expect(vendorSchemes).toMatchObject({ vendorKey: { type: "http", scheme: "bearer" } });
  });

  it("document the signed download's GET and HEAD with their headers", () => {
    const document = documents.public as unknown as Document;
    const download = document.paths["/dl/{assetId}/{filename}"]!;
    const get = download.get as Operation & { parameters: { name: string; in: string }[] };
    const headersOf = (status: string) =>
      Object.keys(resolved(document, get.responses[status]!).headers ?? {});
    expect(get.parameters.filter((p) => p.in === "header").map((p) => p.name)).toEqual(
      expect.arrayContaining(["Range", "If-Range", "If-None-Match"]),
    );
    const statuses = ["200", "206", "302", "304", "400", "403", "404", "410", "416", "502", "503"];
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(statuses));
    expect(headersOf("200")).toEqual(expect.arrayContaining(["ETag", "Content-Length"]));
    expect(headersOf("206")).toEqual(expect.arrayContaining(["Content-Range", "ETag"]));
    expect(headersOf("302")).toContain("Location");
    expect(headersOf("416")).toContain("Content-Range");
    expect(headersOf("503")).toContain("Retry-After");
    expect(download.head?.operationId).toBe("inspectAssetDownload");
    expect(Object.keys(download.head!.responses)).not.toContain("206");
  });

  it("document the health checks, /readyz with its 503", () => {
    const document = documents.public as unknown as Document;
    expect(Object.keys(document.paths["/healthz"]!.get!.responses)).toEqual(["200"]);
    expect(Object.keys(document.paths["/readyz"]!.get!.responses)).toEqual(["200", "500", "503"]);
    const vendor = documents.vendor as unknown as Document;
    expect(vendor.paths["/healthz"]!.get!.security).toEqual([]);
  });
});
