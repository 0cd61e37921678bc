import { afterAll, beforeAll, describe, it } from "vitest";
import { createTestContext, databaseKind, type TestContext } from "../api/test/harness.ts";
import {
  activationStorm,
  churnStorm,
  doubleDeactivation,
  passwordRace,
} from "./support/concurrency-scenarios.ts";

/** How many times each scenario runs (a race shows up in some interleavings only). */
const ROUNDS = Number(process.env.CONCURRENCY_ROUNDS ?? 5);

// Real concurrency needs PostgreSQL (DATABASE_URL); on PGlite the requests queue for its one
// connection, which still checks every outcome.
describe(`concurrency (${databaseKind}, ${ROUNDS} rounds)`, () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t?.close());

  it("activation storms: 55 machines at once on 5 seats leave exactly 5", async () => {
    for (let round = 0; round < ROUNDS; round++)
      await activationStorm(t, { seats: 5, machines: 55 });
  });

  it("churn: 5 machines leaving (each twice) while 40 arrive keep seats, rows and activity in step", async () => {
    for (let round = 0; round < ROUNDS; round++) await churnStorm(t, { seats: 5, newcomers: 40 });
  });

  it("a deactivation submitted 10 times through each API ends the activation once", async () => {
    for (let round = 0; round < ROUNDS; round++) await doubleDeactivation(t, { times: 10 });
  });

  it("6 password changes racing 6 sign-ins leave one password and no stale session", async () => {
    for (let round = 0; round < ROUNDS; round++) await passwordRace(t, { changes: 6, signIns: 6 });
  });
});
