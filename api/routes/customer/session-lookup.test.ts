import type { KyselyPlugin, RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicApp } from "../../app/public-app.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

/** Counts the statements that read the sessions table, as the database would see them. */
function sessionReadCounter(): KyselyPlugin & { count: number } {
  return {
    count: 0,
    transformQuery({ node }: { node: RootOperationNode }) {
      if (node.kind === "SelectQueryNode" && JSON.stringify(node.from).includes('"sessions"')) {
        this.count++;
      }
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
}

let t: TestContext;
let owner: SignedInUser;

beforeAll(async () => {
  t = await createTestContext();
  owner = await signedInUser(t, { name: "Olive Owner" });
});
afterAll(() => t.close());

describe("the session check", () => {
  it.each([
    "/v1/licenses",
    "/v1/licenses?limit=5",
    "/v1/dashboard",
    "/v1/activations",
    "/v1/activity",
    "/v1/downloads",
    "/v1/me",
    "/v1/me/notifications",
  ])("reads the session once for GET %s", async (path) => {
    const counter = sessionReadCounter();
    const app = createPublicApp({ ...t.deps, db: t.deps.db.withPlugin(counter) });
    const res = await app.request(path, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(res.status).toBe(200);
    expect(counter.count).toBe(1);
  });

  it("still refuses a request without a session on the bare area path", async () => {
    const res = await t.publicApp.request("/v1/licenses");
    expect(res.status).toBe(401);
  });
});
