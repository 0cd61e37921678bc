import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocuments, type OpenApiDocuments } from "../api/app/openapi-documents.ts";
import { createTestContext, type TestContext } from "../api/test/harness.ts";
import {
  createLicensingClient,
  createPortalClient,
  createVendorClient,
  KeyportError,
  type LicensingClient,
  type PortalClient,
  type VendorClient,
  type VendorLicense,
  type VendorUser,
} from "./index.ts";
import { documentedOperations, templatesOf } from "./test/operations.ts";
import { createTransports, type Transport } from "./test/transports.ts";

// Every method of the three clients against the real apps, once through the
// apps' in-process fetch and once over real HTTP. The steps build on each other.

const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "another horse, another staple";

let t: TestContext;
let documents: OpenApiDocuments;
let transports: Transport[];
let closeTransports: () => Promise<void>;
beforeAll(async () => {
  t = await createTestContext();
  documents = await buildOpenApiDocuments();
  ({ transports, close: closeTransports } = await createTransports(t));
});
afterAll(async () => {
  await closeTransports();
  await t.close();
});

/** The token in the newest mail to `address` with a link to `page`. */
async function mailedToken(address: string, page: string): Promise<string> {
  // Account mails are written after the answer (the same path for known and unknown addresses).
  await t.deps.background.idle();
  const mail = await t.deps.db
    .selectFrom("mail_outbox")
    .select("text_body")
    .where("to_address", "=", address)
    .where("text_body", "like", `%/${page}?token=%`)
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  const match = new RegExp(`/${page}\\?token=(\\S+)`).exec(mail.text_body);
  return decodeURIComponent(match![1]!);
}

/** Collects a `for await` iteration. */
async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

async function rejection(promise: Promise<unknown>): Promise<KeyportError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KeyportError);
  return error as KeyportError;
}

describe.each(["in-process fetch", "real HTTP"])("the clients over %s", (transportName) => {
  const tag = transportName === "real HTTP" ? "http" : "inproc";
  let transport: Transport;
  let vendor: VendorClient;
  let portal: PortalClient;
  let licensing: LicensingClient;
  let productId: string;
  let policyId: string;
  let accountId: string;
  let owner: VendorUser;
  let member: VendorUser;
  let license: VendorLicense;
  let releaseId: string;
  let fetchTokenCalls = 0;

  beforeAll(() => {
    transport = transports.find((candidate) => candidate.name === transportName)!;
    vendor = createVendorClient({
      baseUrl: transport.vendorUrl,
      apiKey: t.vendorKey,
      fetch: transport.fetch,
    });
    licensing = createLicensingClient({ baseUrl: transport.publicUrl, fetch: transport.fetch });
  });

  it("vendor: products, entitlements and policies", async () => {
    const product = await vendor.products.create({ name: "Studio", slug: `studio-${tag}` });
    productId = product.id;
    expect(await vendor.products.get(productId)).toMatchObject({ slug: `studio-${tag}` });
    expect((await vendor.products.update(productId, { name: "Studio Pro" })).name).toBe(
      "Studio Pro",
    );
    expect((await all(vendor.products.list({ limit: 1 }))).map((p) => p.id)).toContain(productId);

    const entitlement = await vendor.entitlements.create({ code: `sso-${tag}`, name: "SSO" });
    expect(await vendor.entitlements.get(entitlement.id)).toMatchObject({ code: `sso-${tag}` });
    await vendor.entitlements.update(entitlement.id, { name: "Single sign-on" });
    const entitlements = await vendor.entitlements.list();
    expect(entitlements.data.map((e) => e.id)).toContain(entitlement.id);

    const policy = await vendor.policies.create({
      productId,
      name: "Annual",
      maxMachines: 1,
      maxDomains: 0,
      durationDays: 365,
      expirationStrategy: "restrict",
      entitlements: [`sso-${tag}`],
    });
    policyId = policy.id;
    expect((await vendor.policies.get(policyId)).maxMachines).toBe(1);
    await vendor.policies.update(policyId, { name: "Annual plan" });
    const policies = await vendor.policies.list({ productId });
    expect(policies.data.map((p) => p.name)).toEqual(["Annual plan"]);
  });

  it("vendor: accounts, users and invitations", async () => {
    const account = await vendor.accounts.create({ name: `Acme ${tag}`, kind: "organization" });
    accountId = account.id;
    expect((await vendor.accounts.get(accountId)).name).toBe(`Acme ${tag}`);
    await vendor.accounts.update(accountId, { expiryWarningDays: 14 });
    expect((await all(vendor.accounts.list())).map((a) => a.id)).toContain(accountId);

    owner = await vendor.users.create({
      accountId,
      email: `owner-${tag}@example.com`,
      name: "Olive Owner",
      role: "owner",
      password: PASSWORD,
    });
    member = await vendor.users.create({
      accountId,
      email: `member-${tag}@example.com`,
      name: "Max Member",
      role: "member",
    });
    expect((await vendor.users.get(member.id)).role).toBe("member");
    await vendor.users.update(member.id, { name: "Max M." });
    const users = await vendor.users.list({ accountId });
    expect(users.data.map((u) => u.name).sort()).toEqual(["Max M.", "Olive Owner"]);
    const invitation = await vendor.users.invite(member.id);
    expect(invitation.email).toBe(`member-${tag}@example.com`);
    // Nothing to reset for a user without two-factor sign-in.
    expect(await vendor.users.resetTotp(member.id)).toMatchObject({
      reset: false,
      sessionsEnded: 0,
    });
  });

  it("vendor: licenses and their actions", async () => {
    license = await vendor.licenses.create({ accountId, policyId, name: "Studio seat" });
    expect(license.key).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect((await vendor.licenses.get(license.id)).name).toBe("Studio seat");
    await vendor.licenses.update(license.id, { name: "Studio (office)" });
    expect((await vendor.licenses.setUsers(license.id, { userIds: [member.id] })).userIds).toEqual([
      member.id,
    ]);
    expect((await vendor.licenses.suspend(license.id)).status).toBe("suspended");
    expect((await vendor.licenses.reinstate(license.id)).status).toBe("active");
    const renewed = await vendor.licenses.renew(license.id, { days: 30 });
    expect(Date.parse(renewed.expiresAt!)).toBeGreaterThan(Date.parse(license.expiresAt!));

    const spare = await vendor.licenses.create({ accountId, policyId, name: "Spare" });
    expect((await vendor.licenses.revoke(spare.id)).status).toBe("revoked");
    const listed = await all(vendor.licenses.list({ accountId, limit: 1 }));
    expect(listed.map((l) => l.id).sort()).toEqual([license.id, spare.id].sort());
  });

  it("vendor: releases and streamed asset uploads", async () => {
    const release = await vendor.releases.create({
      productId,
      version: "1.0.0",
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    releaseId = release.id;
    expect((await vendor.releases.get(releaseId)).version).toBe("1.0.0");
    await vendor.releases.update(releaseId, { notes: "First release." });
    expect((await vendor.releases.list({ productId })).data.map((r) => r.id)).toEqual([releaseId]);

    const bytes = new TextEncoder().encode("installer bytes");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 5));
        controller.enqueue(bytes.subarray(5));
        controller.close();
      },
    });
    const asset = await vendor.assets.upload(
      releaseId,
      { filename: "studio.zip", kind: "installer" },
      stream,
    );
    expect(asset.size).toBe(bytes.length);
    const docs = await vendor.assets.upload(
      releaseId,
      { filename: "manual.txt", kind: "docs" },
      "read me",
      { contentType: "text/plain" },
    );
    expect((await vendor.assets.get(asset.id)).filename).toBe("studio.zip");
    expect((await vendor.assets.update(asset.id, { platform: "windows" })).platform).toBe(
      "windows",
    );
    await vendor.assets.delete(docs.id);
    expect((await all(vendor.assets.list(releaseId))).map((a) => a.id)).toEqual([asset.id]);
    expect((await rejection(vendor.assets.get(docs.id))).status).toBe(404);
  });

  it("portal: a session the vendor made, fetched through fetchToken", async () => {
    portal = createPortalClient({
      baseUrl: transport.publicUrl,
      fetch: transport.fetch,
      fetchToken: () => {
        fetchTokenCalls++;
        return vendor.portalSessions.create({ userId: owner.id });
      },
    });
    const me = await portal.me.get();
    expect(me).toMatchObject({ id: owner.id, role: "owner" });
    expect((await portal.me.update({ timezone: "Europe/Berlin" })).timezone).toBe("Europe/Berlin");
    const preferences = await portal.me.notifications.get();
    const updated = await portal.me.notifications.update({
      ...preferences,
      newRelease: !preferences.newRelease,
    });
    expect(updated.newRelease).toBe(!preferences.newRelease);
    expect(fetchTokenCalls).toBe(1);
  });

  it("licensing: activate, validate, heartbeat and deactivate with typed refusals", async () => {
    const binding = { key: license.key!, fingerprint: `machine-${tag}` };
    const activated = await licensing.activate({ ...binding, name: "OFFICE-PC", version: "1.0.0" });
    expect(activated).toMatchObject({ valid: true, code: "VALID" });
    expect((await licensing.validate({ ...binding, entitlements: [`sso-${tag}`] })).code).toBe(
      "VALID",
    );
    expect((await licensing.sendHeartbeat(binding)).valid).toBe(true);

    // Refusals are answers, not errors: the code says what to do.
    const full = await licensing.activate({ key: license.key!, fingerprint: `other-${tag}` });
    expect(full).toMatchObject({ valid: false, code: "MACHINE_LIMIT_REACHED" });
    const unknown = await licensing.validate({ key: "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA" });
    expect(unknown).toMatchObject({ valid: false, code: "NOT_FOUND" });

    const invalid = await rejection(licensing.validate({ key: "" }));
    expect(invalid.status).toBe(422);
    expect(invalid.fieldErrors.map((e) => e.field)).toContain("body.key");

    // The binding is now over: the answer says so.
    expect(await licensing.deactivate(binding)).toMatchObject({
      valid: false,
      code: "DEACTIVATED",
    });
    await licensing.activate({ ...binding, name: "OFFICE-PC" });
  });

  it("portal: licenses, validations and the key", async () => {
    const page = await portal.licenses.list({ limit: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const everyLicense = await all(portal.licenses.list({ limit: 1 }));
    expect(everyLicense.map((l) => l.name).sort()).toEqual(["Spare", "Studio (office)"]);
    expect((await all(portal.licenses.list({ status: "revoked" }))).map((l) => l.name)).toEqual([
      "Spare",
    ]);

    const detail = await portal.licenses.get(license.id);
    expect(detail.id).toBe(license.id);
    expect((await portal.licenses.revealKey(license.id)).key).toBe(license.key);
    const validations = await all(portal.licenses.listValidations(license.id, { limit: 2 }));
    expect(validations.map((v) => v.code)).toContain("VALID");

    const missing = await rejection(portal.licenses.get("lic_doesnotexist"));
    expect(missing).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it("portal: activations, deactivation and activity", async () => {
    const activations = await all(portal.activations.list({ licenseId: license.id }));
    const active = activations.find((a) => a.deactivatedAt === null)!;
    expect(active.name).toBe("OFFICE-PC");
    expect((await portal.activations.get(active.id)).id).toBe(active.id);
    await portal.activations.deactivate(active.id, { reason: "New computer" });
    expect((await portal.activations.get(active.id)).deactivatedAt).not.toBeNull();
    const activity = await all(portal.activity.list({ limit: 5 }));
    expect(activity.map((entry) => entry.action)).toContain("activation.deactivated");
  });

  it("portal: dashboard, diagnosis, downloads and signed links", async () => {
    const dashboard = await portal.dashboard.get();
    expect(dashboard.recentActivity.length).toBeGreaterThan(0);
    expect(dashboard.health.status).toEqual(expect.any(String));

    const diagnosis = await portal.licenses.diagnose(license.id, { fingerprint: `new-${tag}` });
    expect(diagnosis.licenseId).toBe(license.id);
    expect(diagnosis.findings.length).toBeGreaterThan(0);
    expect((await portal.licenses.diagnose(license.id)).licenseId).toBe(license.id);

    const downloads = await portal.downloads.list({ productId });
    const release = downloads.data[0]!.releases.find((r) => r.id === releaseId)!;
    const asset = release.assets[0]!;
    expect(asset.filename).toBe("studio.zip");

    const link = await portal.assets.createLink(asset.id);
    expect(new URL(link.url).pathname).toBe(`/dl/${asset.id}/studio.zip`);
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
    expect((await rejection(portal.assets.createLink("ast_unknown"))).status).toBe(404);
  });

  it("portal: sign-in with a bearer token, sessions, 2FA, email and password", async () => {
    const script = createPortalClient({ baseUrl: transport.publicUrl, fetch: transport.fetch });
    expect((await rejection(script.me.get())).status).toBe(401);
    const signedIn = await script.auth.login({
      email: owner.email,
      password: PASSWORD,
      tokenType: "bearer",
    });
    expect(signedIn.token).toEqual(expect.any(String));
    // The client keeps the token it signed in with.
    expect((await script.me.get()).id).toBe(owner.id);

    const sessions = await all(script.me.sessions.list());
    const other = sessions.find((s) => s.id !== signedIn.session.id)!;
    await script.me.sessions.revoke(other.id);
    expect((await all(script.me.sessions.list())).map((s) => s.id)).not.toContain(other.id);

    const setup = await script.me.totp.beginSetup({ password: PASSWORD });
    const { recoveryCodes } = await script.me.totp.enable({
      code: generateTOTP(decodeBase32IgnorePadding(setup.secret), 30, 6),
    });
    expect((await script.me.get()).twoFactorEnabled).toBe(true);
    const replaced = await script.me.totp.replaceRecoveryCodes({
      password: PASSWORD,
      code: recoveryCodes[0]!,
    });
    expect(replaced.recoveryCodes).toHaveLength(10);
    await script.me.totp.disable({ password: PASSWORD, code: replaced.recoveryCodes[0]! });
    expect((await script.me.get()).twoFactorEnabled).toBe(false);

    const newEmail = `olive-${tag}@example.org`;
    expect((await script.me.changeEmail({ newEmail, password: PASSWORD })).newEmail).toBe(newEmail);
    const emailToken = await mailedToken(newEmail, "confirm-email");
    expect((await script.me.confirmEmail({ token: emailToken })).email).toBe(newEmail);

    await script.me.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    const accepted = await script.auth.requestPasswordReset({ email: newEmail });
    expect(accepted.detail).toEqual(expect.any(String));
    const resetToken = await mailedToken(newEmail, "reset-password");
    await script.auth.confirmPasswordReset({ token: resetToken, password: PASSWORD });

    // The reset ended every session, the script's too.
    expect((await rejection(script.me.get())).status).toBe(401);
    await script.auth.login({ email: newEmail, password: PASSWORD, tokenType: "bearer" });
    await script.auth.logout();
    expect((await rejection(script.me.get())).status).toBe(401);
  });
  // Runs last in this block: the steps above called every method against the real API.
  it("answered every documented operation with success at least once", () => {
    const expected = [
      ...documentedOperations(documents.public, /^\/v1\//),
      ...documentedOperations(documents.vendor, /^\/vendor\/v1\//),
    ].sort();
    expect(templatesOf(transport.answered, expected)).toEqual(expected);
  });
});
