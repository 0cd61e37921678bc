import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  createLicensingClient,
  createPortalClient,
  createVendorClient,
  type ValidationCode,
} from "@keyport/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type KeyportProcess, startKeyport } from "../testing/keyport-process.ts";
import { type LicenseEvent, watchLicense } from "./license-watch.ts";
import { formatEvent } from "./licensed-app.ts";
import { machineFingerprint } from "./machine-fingerprint.ts";
import { fileGraceStore, type GraceStore } from "./offline-grace.ts";
import { expiredButValid, type UserMessage, validationMessages } from "./validation-messages.ts";

const PASSWORD = "correct horse battery staple";
const HEARTBEAT_SECONDS = 0.5;
let keyport: KeyportProcess;
let key: string;
const stateDir = mkdtempSync(join(tmpdir(), "acme-studio-"));

beforeAll(async () => {
  keyport = await startKeyport();
  // A customer of our own: one license for one machine.
  const vendor = createVendorClient({ baseUrl: keyport.vendorUrl, apiKey: keyport.demo.vendorKey });
  const product = await vendor.products.create({ name: "Acme Sketch", slug: "acme-sketch" });
  const policy = await vendor.policies.create({
    productId: product.id,
    name: "Sketch single seat",
    maxMachines: 1,
    maxDomains: 0,
    expirationStrategy: "revoke",
  });
  const account = await vendor.accounts.create({ name: "Hooli", kind: "organization" });
  await vendor.users.create({
    accountId: account.id,
    email: "gavin@hooli.example",
    name: "Gavin",
    role: "owner",
    password: PASSWORD,
  });
  const license = await vendor.licenses.create({ accountId: account.id, policyId: policy.id });
  key = license.key!;
});
afterAll(async () => {
  await keyport?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

function graceIn(name: string, graceDays = 7): GraceStore {
  return fileGraceStore(join(stateDir, name, "license.json"), { graceDays });
}

describe("examples/licensed-app", () => {
  it("activates a new machine, heartbeats, and stops within one heartbeat of a deactivation in the portal", async () => {
    const events: LicenseEvent[] = [];
    const licensing = createLicensingClient({ baseUrl: keyport.url });
    const fingerprint = machineFingerprint({ machineId: "test-machine-1" });
    const watching = watchLicense({
      licensing,
      key,
      fingerprint,
      version: "1.0.0",
      machine: { name: "TEST-PC" },
      heartbeatSeconds: HEARTBEAT_SECONDS,
      grace: graceIn("first"),
      onEvent: (event) => events.push(event),
    });
    await until(() => events.some((event) => event.call === "heartbeat"));
    expect(events.slice(0, 3).map((event) => [event.call, event.answer?.code])).toEqual([
      ["validate", "NOT_ACTIVATED"],
      ["activate", "VALID"],
      ["heartbeat", "VALID"],
    ]);

    // The customer frees the machine in the portal.
    const customer = createPortalClient({ baseUrl: keyport.url });
    await customer.auth.login({
      email: "gavin@hooli.example",
      password: PASSWORD,
      tokenType: "bearer",
    });
    const { data } = await customer.activations.list({ status: "active" });
    const machine = data.find((activation) => activation.name === "TEST-PC")!;
    await customer.activations.deactivate(machine.id, { reason: "New laptop" });
    const deactivatedAt = Date.now();

    const last = await watching;
    expect(Date.now() - deactivatedAt).toBeLessThan(HEARTBEAT_SECONDS * 1000 + 1500);
    expect(last).toMatchObject({ call: "validate", answer: { valid: false, code: "DEACTIVATED" } });
    expect(last.message).toEqual(validationMessages.DEACTIVATED);
    expect(events.at(-2)).toMatchObject({ call: "heartbeat", answer: { code: "DEACTIVATED" } });
    expect(formatEvent(last)).toContain(validationMessages.DEACTIVATED.sentence);
    // The validation is in the license's history, where the portal shows it.
    const history = await customer.licenses.listValidations(machine.licenseId);
    expect(history.data[0]).toMatchObject({ code: "DEACTIVATED", valid: false });
  });

  it("says the seats are taken when another machine wants the license", async () => {
    const licensing = createLicensingClient({ baseUrl: keyport.url });
    const onEvent = () => {};
    await licensing.activate({ key, fingerprint: machineFingerprint({ machineId: "holder" }) });
    const last = await watchLicense({
      licensing,
      key,
      fingerprint: machineFingerprint({ machineId: "newcomer" }),
      version: "1.0.0",
      grace: graceIn("second"),
      onEvent,
    });
    expect(last).toMatchObject({ call: "activate", answer: { code: "MACHINE_LIMIT_REACHED" } });
    expect(last.message.next).toBe("stop");
  });

  it("answers an unknown key with NOT_FOUND and its sentence", async () => {
    const last = await watchLicense({
      licensing: createLicensingClient({ baseUrl: keyport.url }),
      key: "00000-00000-00000-00000-00000",
      fingerprint: machineFingerprint({ machineId: "any" }),
      version: "1.0.0",
      grace: graceIn("third"),
      onEvent: () => {},
    });
    expect(last.answer?.code).toBe("NOT_FOUND");
    expect(last.message).toEqual(validationMessages.NOT_FOUND);
  });

  it("runs offline within the grace period and stops after it", async () => {
    const unreachable = createLicensingClient({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      maxRetries: 0,
    });
    const options = {
      licensing: unreachable,
      key,
      fingerprint: machineFingerprint({ machineId: "laptop-on-a-plane" }),
      version: "1.0.0",
      onEvent: () => {},
    };
    const recent = graceIn("offline-recent");
    recent.save({ validatedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    const controller = new AbortController();
    const within = await watchLicense({
      ...options,
      grace: recent,
      heartbeatSeconds: 0.1,
      signal: controller.signal,
      onEvent: () => controller.abort(),
    });
    expect(within.answer).toBeUndefined();
    expect(within.message.next).toBe("run");
    expect(within.message.action).toContain("offline until");

    const old = graceIn("offline-old");
    old.save({ validatedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() });
    const after = await watchLicense({ ...options, grace: old });
    expect(after.message.next).toBe("stop");
    const never = await watchLicense({ ...options, grace: graceIn("offline-never") });
    expect(never.message.action).toContain("first check");
  });

  it("prints every code's sentence as a program (--codes)", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--conditions=keyport:source",
      "--import",
      "tsx",
      "examples/licensed-app/licensed-app.ts",
      "--codes",
    ]);
    for (const [code, message] of Object.entries(validationMessages)) {
      expect(stdout).toContain(`${code}\n  ${message.sentence}\n  → ${message.action}`);
    }
  });

  it("docs/licensing.md shows the same sentence and action for every code", () => {
    const docs = readFileSync("docs/licensing.md", "utf8");
    const section = docs.slice(docs.indexOf("## What to show the user"));
    const rows = new Map(
      [
        ...section.matchAll(
          /^\| `([A-Z_]+)`( \(valid\))? +\| (.+?) +\| (.+?) +\| `([a-z-]+)` +\|$/gm,
        ),
      ].map((match) => [
        `${match[1]}${match[2] ?? ""}`,
        { sentence: match[3], action: match[4], next: match[5] },
      ]),
    );
    const expected: [string, UserMessage][] = [
      ...(Object.entries(validationMessages) as [ValidationCode, UserMessage][]),
      ["EXPIRED (valid)", expiredButValid],
    ];
    expect(rows.size).toBe(expected.length);
    for (const [code, { sentence, action, next }] of expected) {
      expect(rows.get(code), code).toEqual({ sentence, action, next });
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
