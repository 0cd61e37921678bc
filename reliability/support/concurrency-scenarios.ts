import { sql } from "kysely";
import { expect } from "vitest";
import { createPolicy } from "../../api/catalogue/policy-service.ts";
import { verifyPassword } from "../../api/credentials/password.ts";
import { decryptLicenseKey } from "../../api/licenses/license-key.ts";
import { createLicense } from "../../api/licenses/license-service.ts";
import { insertProduct } from "../../api/test/fixtures.ts";
import type { TestContext } from "../../api/test/harness.ts";
import { type SignedInUser, signedInUser } from "../../api/test/signed-in-user.ts";

/**
 * Concurrency scenarios shared by the quick run in `npm test` and the thorough one in
 * `npm run test:reliability`: the same assertions, different sizes. On PostgreSQL the
 * requests race over real connections; on PGlite they queue for its one connection.
 */

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** `app.request` may answer synchronously; this always gives a promise. */
async function requestPublic(t: TestContext, path: string, init: RequestInit): Promise<Response> {
  return t.publicApp.request(path, init);
}

async function answer(res: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A license with `seats` machines under a fresh policy, its owner signed in. */
export async function licenseWithSeats(
  t: TestContext,
  seats: number,
): Promise<{ licenseId: string; key: string; owner: SignedInUser }> {
  const owner = await signedInUser(t, { name: "Storm Owner" });
  const productId = await insertProduct(t.deps.db);
  const { id: policyId } = await createPolicy(t.deps.db, {
    productId,
    name: `${seats} seats`,
    maxMachines: seats,
    maxDomains: 0,
    expirationStrategy: "restrict",
  });
  const license = await createLicense(t.deps.db, t.deps.keys, {
    accountId: owner.accountId,
    policyId,
  });
  return {
    licenseId: license.id,
    key: decryptLicenseKey(t.deps.keys, license.key_encrypted),
    owner,
  };
}

/** Active rows, all rows and activity entries of a license, counted in the database. */
export async function licenseCounts(t: TestContext, licenseId: string) {
  const { rows } = await sql<{
    active: string;
    total: string;
    created: string;
    deactivated: string;
  }>`
    select
      (select count(*) from activations where license_id = ${licenseId} and deactivated_at is null) as active,
      (select count(*) from activations where license_id = ${licenseId}) as total,
      (select count(*) from activity where license_id = ${licenseId} and action = 'activation.created') as created,
      (select count(*) from activity where license_id = ${licenseId} and action = 'activation.deactivated') as deactivated
  `.execute(t.deps.db);
  const row = rows[0]!;
  return {
    active: Number(row.active),
    total: Number(row.total),
    created: Number(row.created),
    deactivated: Number(row.deactivated),
  };
}

/**
 * `machines` parallel activations of distinct machines on `seats` seats: exactly `seats` are
 * made (201), the rest refused with `MACHINE_LIMIT_REACHED`, and the rows and the activity
 * say the same.
 */
export async function activationStorm(
  t: TestContext,
  { seats, machines }: { seats: number; machines: number },
) {
  const { licenseId, key } = await licenseWithSeats(t, seats);
  const answers = await Promise.all(
    Array.from({ length: machines }, (_, i) =>
      requestPublic(t, "/v1/licensing/activate", json({ key, fingerprint: `storm-${i}` })).then(
        answer,
      ),
    ),
  );
  const statuses = answers.map((a) => a.status);
  expect(
    statuses.filter((s) => s === 201),
    JSON.stringify(statuses),
  ).toHaveLength(seats);
  expect(statuses.filter((s) => s === 409)).toHaveLength(machines - seats);
  expect(new Set(answers.filter((a) => a.status === 409).map((a) => a.body.code))).toEqual(
    new Set(machines > seats ? ["MACHINE_LIMIT_REACHED"] : []),
  );
  const made = new Set(
    answers.filter((a) => a.status === 201).map((a) => (a.body.activation as { id: string }).id),
  );
  expect(made.size).toBe(seats);
  expect(await licenseCounts(t, licenseId)).toEqual({
    active: seats,
    total: seats,
    created: seats,
    deactivated: 0,
  });
}

/**
 * A license full at `seats`; then, all at once, each active machine is deactivated (through
 * the Licensing API, twice each), and `newcomers` new machines try to activate. Whatever the
 * interleaving: never more active than the seats, every 201 a row, every ended machine ended
 * once, and the activity counts exactly the rows made and ended.
 */
export async function churnStorm(
  t: TestContext,
  { seats, newcomers }: { seats: number; newcomers: number },
) {
  const { licenseId, key } = await licenseWithSeats(t, seats);
  for (let i = 0; i < seats; i++) {
    const first = await requestPublic(
      t,
      "/v1/licensing/activate",
      json({ key, fingerprint: `old-${i}` }),
    );
    expect(first.status).toBe(201);
  }
  const calls = [
    ...Array.from({ length: seats * 2 }, (_, i) =>
      requestPublic(t, "/v1/licensing/deactivate", json({ key, fingerprint: `old-${i % seats}` })),
    ),
    ...Array.from({ length: newcomers }, (_, i) =>
      requestPublic(t, "/v1/licensing/activate", json({ key, fingerprint: `new-${i}` })),
    ),
  ];
  const answers = await Promise.all(calls.map((call) => call.then(answer)));
  const deactivations = answers.slice(0, seats * 2);
  const activations = answers.slice(seats * 2);
  expect(deactivations.map((a) => a.status)).toEqual(deactivations.map(() => 200));
  for (const a of activations) expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
  const made = activations.filter((a) => a.status === 201).length;
  const counts = await licenseCounts(t, licenseId);
  expect(counts.active).toBeLessThanOrEqual(seats);
  expect(counts).toEqual({
    active: made,
    total: seats + made,
    created: seats + made,
    deactivated: seats,
  });
  // Each machine was ended once: both calls for it answer the same moment.
  for (let i = 0; i < seats; i++) {
    const ends = deactivations
      .filter((_, index) => index % seats === i)
      .map((a) => (a.body.activation as { deactivatedAt: string | null }).deactivatedAt);
    expect(ends[0]).not.toBeNull();
    expect(new Set(ends).size).toBe(1);
  }
}

/**
 * One activation deactivated `times` times at once through the Customer API and `times`
 * times through the Licensing API: every answer is the same ended activation (one moment),
 * the row is ended once and the activity has one entry.
 */
export async function doubleDeactivation(t: TestContext, { times }: { times: number }) {
  const { licenseId, key, owner } = await licenseWithSeats(t, 2);
  const made = await answer(
    await requestPublic(t, "/v1/licensing/activate", json({ key, fingerprint: "twice" })),
  );
  expect(made.status).toBe(201);
  const id = (made.body.activation as { id: string }).id;
  const answers = await Promise.all([
    ...Array.from({ length: times }, () =>
      owner
        .call("POST", `/v1/activations/${id}/deactivate`, { reason: "double submit" })
        .then(answer),
    ),
    ...Array.from({ length: times }, () =>
      requestPublic(t, "/v1/licensing/deactivate", json({ key, fingerprint: "twice" })).then(
        answer,
      ),
    ),
  ]);
  expect(
    answers.map((a) => a.status),
    JSON.stringify(answers),
  ).toEqual(answers.map(() => 200));
  const customerEnds = answers.slice(0, times).map((a) => a.body.deactivatedAt);
  const softwareEnds = answers
    .slice(times)
    .map((a) => (a.body.activation as { deactivatedAt: string | null } | undefined)?.deactivatedAt);
  expect(new Set([...customerEnds, ...softwareEnds]).size, JSON.stringify(answers)).toBe(1);
  expect(customerEnds[0]).toEqual(expect.any(String));
  expect(await licenseCounts(t, licenseId)).toEqual({
    active: 0,
    total: 1,
    created: 1,
    deactivated: 1,
  });
  const ended = await t.deps.db
    .selectFrom("activations")
    .select(["deactivated_by", "deactivated_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  expect(["customer", "software"]).toContain(ended.deactivated_by);
}

/**
 * `changes` password changes of one user, each from a session of its own and each from the
 * original password to a new one, at the same time as `signIns` sign-ins with the original
 * password. Exactly one change wins (the others gave a password that was no longer the
 * current one when they wrote, and are refused naming it); its password is the only one that
 * works; the activity has one entry; and the one session left is the winner's: every other,
 * made before the change or by a sign-in with the old password, has ended.
 */
export async function passwordRace(
  t: TestContext,
  { changes, signIns }: { changes: number; signIns: number },
) {
  const original = "original password of the race";
  const user = await signedInUser(t, { name: "Race Runner", password: original });
  const callers = await Promise.all(Array.from({ length: changes }, () => user.newSession()));
  const passwords = callers.map((_, i) => `new password number ${i} of the race`);
  const started = new Date();
  const changeAnswers = Promise.all(
    callers.map((caller, i) =>
      requestPublic(t, "/v1/me/password", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${caller.token}` },
        body: JSON.stringify({ currentPassword: original, newPassword: passwords[i] }),
      }).then(answer),
    ),
  );
  const signInAnswers = Promise.all(
    Array.from({ length: signIns }, () =>
      requestPublic(t, "/v1/auth/login", json({ email: user.email, password: original })).then(
        answer,
      ),
    ),
  );
  const changed = await changeAnswers;
  const signedIn = await signInAnswers;
  await t.deps.background.idle();
  for (const a of [...changed, ...signedIn])
    expect(a.status, JSON.stringify(a.body)).toBeLessThan(500);
  const succeeded = changed.flatMap((a, i) => (a.status === 204 ? [i] : []));
  expect(succeeded, JSON.stringify(changed)).toHaveLength(1);
  for (const a of changed.filter((x) => x.status !== 204)) {
    expect(a.status, JSON.stringify(a.body)).toBe(422);
    expect(a.body.errors).toEqual([expect.objectContaining({ field: "body.currentPassword" })]);
  }

  // Exactly one of the passwords is the user's now.
  const { password_hash } = await t.deps.db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", user.userId)
    .executeTakeFirstOrThrow();
  const valid = [];
  for (const candidate of [original, ...passwords]) {
    if (await verifyPassword(password_hash, candidate)) valid.push(candidate);
  }
  expect(valid).toHaveLength(1);
  const final = valid[0]!;
  expect(final).toBe(passwords[succeeded[0]!]);

  // One activity entry for the one change.
  const entries = await t.deps.db
    .selectFrom("activity")
    .select("id")
    .where("user_id", "=", user.userId)
    .where("action", "=", "password.changed")
    .where("created_at", ">=", new Date(started.getTime() - 1000))
    .execute();
  expect(entries).toHaveLength(1);

  // Sessions: the winner's alone is left.
  const live = await t.deps.db
    .selectFrom("sessions")
    .select("id")
    .where("user_id", "=", user.userId)
    .where("revoked_at", "is", null)
    .execute();
  expect(
    live.map((s) => s.id),
    `sign-ins answered ${JSON.stringify(signedIn.map((a) => a.status))}`,
  ).toEqual([callers[succeeded[0]!]!.sessionId]);
  return { succeeded: succeeded.length, signIns: signedIn.map((a) => a.status) };
}
