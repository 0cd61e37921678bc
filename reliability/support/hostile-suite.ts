import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { buildOpenApiDocuments } from "../../api/app/openapi-documents.ts";
import { createTestContext, databaseKind, type TestContext } from "../../api/test/harness.ts";
import type { OpenApiDocument } from "../../api/test/openapi-operations.ts";
import {
  createRowCounter,
  type HostileRequest,
  type HostileTarget,
  hostileRequest,
  hostileTargets,
  shorten,
} from "./hostile-requests.ts";
import { createIsolationAccount, type IsolationAccount } from "./isolation-world.ts";

/**
 * Tables a refused request may write by design: the throttles count refused attempts (a
 * wrong password, an unknown license key), which is the point of them.
 */
const WRITTEN_ON_REFUSAL = new Set(["throttle_counters"]);

/** The placeholder the generator puts where the caller's credentials go. */
const CALLER = "Bearer {caller}";

/**
 * The hostile-input property over every operation of the Customer, Licensing and Vendor
 * APIs: whatever is generated, the answer is never a 5xx; a 4xx is
 * `application/problem+json` with its status and a code (or the plain JSON result the
 * document gives for that status, as the Licensing API's 404 and 409); and a refused request
 * leaves every table's row count as it was.
 *
 * `HOSTILE_SEED` replays a reported run (fast-check prints the seed and path of a failure).
 */
export async function describeHostileInput({ numRuns }: { numRuns: number }): Promise<void> {
  const documents = await buildOpenApiDocuments();
  const apis = [
    ["Customer and Licensing APIs", documents.public, "public"],
    ["Vendor API", documents.vendor, "vendor"],
  ] as const;
  const seed = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : undefined;

  let t: TestContext;
  let world: IsolationAccount;
  let countRows: () => Promise<Record<string, number>>;
  let ids: string[];

  beforeAll(async () => {
    t = await createTestContext();
    world = await createIsolationAccount(t, "Hostile");
    countRows = createRowCounter(t);
    ids = [
      world.accountId,
      world.owner.userId,
      world.member.userId,
      world.licenseIds[0]!,
      world.activationIds[1]!,
      world.assetId,
      world.productId,
      world.releaseId,
      world.spareSessionId,
      world.keys[1]!,
    ];
  }, 60_000);
  afterAll(() => t?.close());

  async function check(target: HostileTarget, app: "public" | "vendor", request: HostileRequest) {
    const headers = { ...request.headers };
    if (headers.authorization === CALLER) {
      if (app === "vendor") headers.authorization = `Bearer ${t.vendorKey}`;
      else if (target.name === "POST /v1/auth/logout") {
        // Signing out ends the session: each run signs out a session of its own.
        headers.authorization = `Bearer ${(await world.owner.newSession()).token}`;
      } else headers.authorization = `Bearer ${world.owner.token}`;
    }
    await t.deps.background.idle();
    const before = await countRows();
    const res = await (app === "vendor" ? t.vendorApp : t.publicApp).request(request.url, {
      method: request.method,
      headers,
      body: request.body,
    });
    const text = await res.text();
    const label = `${fc.stringify(request)} → ${res.status} ${shorten(text)}`;
    if (res.status >= 500) throw new Error(`a 5xx answer: ${label}`);
    if (res.status < 400) return;
    const type = res.headers.get("content-type");
    const expected = target.jsonStatuses.has(res.status)
      ? "application/json"
      : "application/problem+json";
    if (type !== expected) throw new Error(`${type} instead of ${expected}: ${label}`);
    const answer = JSON.parse(text) as { status?: number; code?: unknown };
    if (expected === "application/problem+json") {
      if (answer.status !== res.status || typeof answer.code !== "string" || !answer.code) {
        throw new Error(`a problem without its status and code: ${label}`);
      }
    }
    await t.deps.background.idle();
    const after = await countRows();
    const written = Object.keys(after).filter(
      (table) => after[table] !== before[table] && !WRITTEN_ON_REFUSAL.has(table),
    );
    if (written.length > 0) {
      const changes = written.map((table) => `${table} ${before[table]} → ${after[table]}`);
      throw new Error(`a refusal wrote rows (${changes.join(", ")}): ${label}`);
    }
  }

  for (const [title, document, app] of apis) {
    const targets = hostileTargets(document as unknown as OpenApiDocument);
    describe(`hostile input to the ${title} (${databaseKind}, ${numRuns} runs per operation)`, () => {
      it.each(targets.map((target) => [target.name, target] as const))(
        "%s",
        async (_name, target) => {
          const arbitrary = hostileRequest(target, {
            ids,
            authorization: target.authenticated ? CALLER : undefined,
          });
          await fc.assert(
            fc.asyncProperty(arbitrary, (request) => check(target, app, request)),
            { numRuns, ...(seed === undefined ? {} : { seed }) },
          );
        },
        Math.max(60_000, numRuns * 2_000),
      );
    });
  }
}
