import type { Kysely, KyselyPlugin, RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicApp } from "../../app/public-app.ts";
import { createSession } from "../../auth/session-service.ts";
import type { Database } from "../../db/schema.ts";
import { seedDemo } from "../../demo/demo-seed.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";

/**
 * Every statement a request sends to the database: each query Kysely runs
 * (built or raw `sql`), and the BEGIN and COMMIT of every transaction.
 */
function countingDatabase(db: Kysely<Database>) {
  const seen: string[] = [];
  // transformResult runs once per executed query; transformQuery would also see
  // every subquery built from the database object, which is no statement of its own.
  const plugin: KyselyPlugin = {
    transformQuery({ node }: { node: RootOperationNode }) {
      return node;
    },
    async transformResult({ result }) {
      seen.push(`${result.rows.length} rows`);
      return result;
    },
  };
  const counted = db.withPlugin(plugin);
  const withTransactions = new Proxy(counted, {
    get(target, property) {
      if (property === "transaction") {
        return () => {
          seen.push("BEGIN", "COMMIT");
          return target.transaction();
        };
      }
      // Kysely keeps its state in private fields: call its methods on the real instance.
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: withTransactions, seen };
}

let t: TestContext;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext();
  await seedDemo(t.deps);
  for (const email of ["olivia.owner@example.com", "max.member@example.com"]) {
    const user = await t.deps.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const session = await createSession(t.deps.db, {
      userId: user.id,
      kind: "bearer",
      lifetimeMs: t.deps.config.sessionMaxMs,
    });
    tokens[email] = session.token;
  }
});
afterAll(() => t.close());

/**
 * The most statements each read may take, the session check included (before
 * issue 16, on the demo data: licenses 3, activations 2, dashboard 16, downloads 8).
 */
const BUDGETS: [path: string, owner: number, member: number][] = [
  ["/v1/licenses", 2, 2],
  ["/v1/licenses?limit=2", 2, 2],
  ["/v1/activations", 2, 2],
  ["/v1/dashboard", 3, 3],
  ["/v1/downloads", 4, 4],
];

describe("statements per customer read (demo data)", () => {
  it.each(BUDGETS)("GET %s", async (path, ownerBudget, memberBudget) => {
    for (const [email, budget] of [
      ["olivia.owner@example.com", ownerBudget],
      ["max.member@example.com", memberBudget],
    ] as const) {
      const { db, seen } = countingDatabase(t.deps.db);
      const app = createPublicApp({ ...t.deps, db });
      const res = await app.request(path, {
        headers: { authorization: `Bearer ${tokens[email]}` },
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      // Not vacuous: the page has content for both callers.
      expect(JSON.stringify(body).length).toBeGreaterThan(100);
      // The counter sees the session check and the page's read, and no more than the budget.
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.length, `${email}: ${seen.join(", ")}`).toBeLessThanOrEqual(budget);
    }
  });
});
