import { afterAll, beforeAll, describe, it } from "vitest";
import { createTestContext, databaseKind, type TestContext } from "../api/test/harness.ts";
import {
  activationStorm,
  churnStorm,
  doubleDeactivation,
  passwordRace,
} from "./support/concurrency-scenarios.ts";

// The quick run of the concurrency scenarios, inside `npm test`; concurrency.reliability.ts
// runs them bigger and repeatedly.
describe(`concurrency, quick (${databaseKind})`, () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t?.close());

  it("an activation storm on one license never passes its seats", async () => {
    await activationStorm(t, { seats: 3, machines: 12 });
  }, 60_000);

  it("machines leaving and arriving at once keep the seats, the rows and the activity in step", async () => {
    await churnStorm(t, { seats: 2, newcomers: 6 });
  }, 60_000);

  it("a deactivation double-submitted through both APIs ends the activation once", async () => {
    await doubleDeactivation(t, { times: 2 });
  }, 60_000);

  it("simultaneous password changes and sign-ins leave one password and no stale session", async () => {
    await passwordRace(t, { changes: 2, signIns: 2 });
  }, 60_000);
});
