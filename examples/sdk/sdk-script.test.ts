import { createPortalClient, KeyportError } from "@keyport/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeyportProcess, startKeyport } from "../testing/keyport-process.ts";
import { houseKeeping } from "./sdk-script.ts";

const DAY = 86_400_000;
let keyport: KeyportProcess;

beforeAll(async () => {
  keyport = await startKeyport();
});
afterAll(async () => {
  await keyport?.close();
});

describe("examples/sdk/sdk-script", () => {
  it("signs in, reports the expiring license and frees the long-unseen machine, over real HTTP", async () => {
    const client = createPortalClient({ baseUrl: keyport.url });
    await client.auth.login({
      email: "olivia.owner@example.com",
      password: keyport.demo.password,
      tokenType: "bearer",
    });
    // What the demo holds, read through the API rather than assumed.
    const { data: licenses } = await client.licenses.list({ limit: 100 });
    const expected = licenses
      .filter((license) => license.status === "expiring")
      .map(
        (license) =>
          `${license.name} (${license.product.name}): expires ${license.expiresAt?.slice(0, 10)}`,
      );
    const { data: machines } = await client.activations.list({ kind: "machine", limit: 100 });
    const stale = machines.filter(
      (machine) =>
        machine.deactivatedAt === null &&
        machine.status !== "dead" &&
        Date.now() - Date.parse(machine.lastSeenAt) > 90 * DAY,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(stale.length).toBeGreaterThan(0);

    const report = await houseKeeping(client, { deactivateAfterDays: 90 });

    expect(report.expiring).toEqual(expected);
    expect(report.deactivated.sort()).toEqual(stale.map((machine) => machine.name).sort());
    for (const machine of stale) {
      const after = await client.activations.get(machine.id);
      expect(after).toMatchObject({ status: "deactivated", deactivatedBy: "customer" });
    }
  });

  it("fails with a KeyportError naming the field for a bad sign-in", async () => {
    const client = createPortalClient({ baseUrl: keyport.url });
    const error = await client.auth
      .login({ email: "not-an-address", password: "whatever it is" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyportError);
    expect(error).toMatchObject({ status: 422, fieldErrors: [{ field: "body.email" }] });
  });
});
