import { sql } from "kysely";
import { createPolicy } from "../../api/catalogue/policy-service.ts";
import { createId } from "../../api/core/ids.ts";
import { decryptLicenseKey } from "../../api/licenses/license-key.ts";
import { createLicense } from "../../api/licenses/license-service.ts";
import { insertActivation, insertProduct, insertRelease } from "../../api/test/fixtures.ts";
import type { TestContext } from "../../api/test/harness.ts";
import { type SignedInUser, signedInUser } from "../../api/test/signed-in-user.ts";

/** The kinds of id a Customer API path or filter can carry. */
export type IdKind = "license" | "activation" | "session" | "asset" | "product";

/** One customer account with a bit of everything, made through the real services and APIs. */
export interface IsolationAccount {
  readonly tag: string;
  readonly accountId: string;
  readonly owner: SignedInUser;
  /** A member assigned to the account's first license. */
  readonly member: SignedInUser;
  /** A member without any license assignment. */
  readonly unassigned: SignedInUser;
  readonly productId: string;
  readonly releaseId: string;
  readonly assetId: string;
  readonly assetFilename: string;
  readonly licenseIds: readonly string[];
  readonly keys: readonly string[];
  readonly activationIds: readonly string[];
  /** A spare session of the owner that a test may end. */
  readonly spareSessionId: string;
  /** Every value of this account that must never appear in another account's answer. */
  readonly secrets: readonly string[];
  /** The values tied to its licenses, which an unassigned member must not see either. */
  readonly licenseSecrets: readonly string[];
  /** An id of each kind, for filling a path or filter parameter. */
  idOf(kind: IdKind): string;
}

async function ok(res: Response, what: string): Promise<Response> {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

/**
 * An account named after `tag` with a product of its own (licensed to no other account), a
 * published release with an uploaded asset, two licenses (the first assigned to a member),
 * machine activations, a validation, a key reveal in the
 * activity, and an owner, an assigned member and an unassigned member, all signed in.
 */
export async function createIsolationAccount(
  t: TestContext,
  tag: string,
): Promise<IsolationAccount> {
  const db = t.deps.db;
  const owner = await signedInUser(t, { name: `${tag} Owner`, email: `${tag}-owner@example.com` });
  const accountId = owner.accountId;
  await db
    .updateTable("accounts")
    .set({ name: `${tag} Holdings` })
    .where("id", "=", accountId)
    .execute();
  const member = await signedInUser(t, {
    role: "member",
    accountId,
    name: `${tag} Member`,
    email: `${tag}-member@example.com`,
  });
  const unassigned = await signedInUser(t, {
    role: "member",
    accountId,
    name: `${tag} Bystander`,
    email: `${tag}-bystander@example.com`,
  });
  const productId = await insertProduct(db, `${tag}-studio`.toLowerCase());
  const { id: policyId } = await createPolicy(db, {
    productId,
    name: `${tag} Team`,
    maxMachines: 5,
    maxDomains: 2,
    durationDays: 365,
    expirationStrategy: "restrict",
  });
  const releaseId = await insertRelease(db, productId, "1.0.0");
  const assetFilename = `${tag.toLowerCase()}-setup-1.0.0.bin`;
  const assetId = await uploadAsset(t, releaseId, assetFilename);

  const licenseIds: string[] = [];
  const keys: string[] = [];
  for (const [index, userIds] of [[member.userId], []].entries()) {
    const license = await createLicense(db, t.deps.keys, {
      accountId,
      policyId,
      name: `${tag} License ${index + 1}`,
      userIds,
    });
    licenseIds.push(license.id);
    keys.push(decryptLicenseKey(t.deps.keys, license.key_encrypted));
  }

  const activationIds: string[] = [];
  const identifiers: string[] = [];
  // Activations and a validation straight in the tables: the world is about whose rows they
  // are, not about the Licensing API, which has tests of its own.
  for (const [index, licenseId] of [licenseIds[0]!, licenseIds[0]!, licenseIds[1]!].entries()) {
    const fingerprint = `${tag.toLowerCase()}-machine-${index}`;
    activationIds.push(
      await insertActivation(db, licenseId, {
        identifier: fingerprint,
        name: `${tag} Workstation ${index}`,
        hostname: `${tag.toLowerCase()}-host-${index}`,
      }),
    );
    identifiers.push(fingerprint);
  }
  await db
    .insertInto("validation_events")
    .values({
      id: createId("val"),
      license_id: licenseIds[0]!,
      account_id: accountId,
      activation_id: activationIds[0]!,
      code: "VALID",
      valid: true,
      fingerprint: identifiers[0]!,
      domain: null,
      version: "1.0.0",
      ip: null,
    })
    .execute();
  await ok(await owner.call("POST", `/v1/licenses/${licenseIds[0]}/key`), "key reveal");
  const spare = await owner.newSession();

  const licenseSecrets = [
    ...licenseIds,
    ...keys,
    `${tag} License`,
    ...activationIds,
    ...identifiers,
    `${tag} Workstation`,
    `${tag.toLowerCase()}-host-`,
  ];
  const secrets = [
    ...licenseSecrets,
    accountId,
    `${tag} Holdings`,
    owner.userId,
    member.userId,
    unassigned.userId,
    `${tag} Owner`,
    `${tag} Member`,
    `${tag} Bystander`,
    owner.email,
    member.email,
    unassigned.email,
    owner.sessionId,
    spare.sessionId,
    productId,
    `${tag}-studio`.toLowerCase(),
    releaseId,
    assetId,
    assetFilename,
  ];
  const ids: Record<IdKind, string> = {
    license: licenseIds[0]!,
    activation: activationIds[0]!,
    session: spare.sessionId,
    asset: assetId,
    product: productId,
  };
  return {
    tag,
    accountId,
    owner,
    member,
    unassigned,
    productId,
    releaseId,
    assetId,
    assetFilename,
    licenseIds,
    keys,
    activationIds,
    spareSessionId: spare.sessionId,
    secrets,
    licenseSecrets,
    idOf: (kind) => ids[kind],
  };
}

async function uploadAsset(t: TestContext, releaseId: string, filename: string): Promise<string> {
  const res = await t.vendorApp.request(
    `/vendor/v1/releases/${releaseId}/assets?${new URLSearchParams({ filename, kind: "installer" })}`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.vendorKey}`,
        "content-type": "application/octet-stream",
      },
      body: new TextEncoder().encode(`installer of ${filename}`),
    },
  );
  await ok(res, "asset upload");
  return ((await res.json()) as { id: string }).id;
}

/** The values of `secrets` that occur in `text`. */
export function leakedIn(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

/**
 * Every row that belongs to an account (the account, its users and their sessions, licenses,
 * assignments, entitlements, activations and activity), with the columns a mere read of the
 * account's own members moves (a session's `last_used_at` and sliding `expires_at`) left out.
 * Validation events are left out too: the Customer API never writes them, and the Licensing
 * API writes them in batches after it answers.
 */
export async function snapshotAccount(t: TestContext, accountId: string): Promise<unknown> {
  const db = t.deps.db;
  const rows = async (query: ReturnType<typeof sql<{ row: unknown }>>) =>
    (await query.execute(db)).rows.map((r) => r.row);
  return {
    accounts: await rows(sql`select to_jsonb(x) as row from accounts x where id = ${accountId}`),
    users: await rows(
      sql`select to_jsonb(x) as row from users x where account_id = ${accountId} order by id`,
    ),
    sessions: await rows(
      sql`select to_jsonb(x) - 'last_used_at' - 'expires_at' as row from sessions x
          where user_id in (select id from users where account_id = ${accountId}) order by id`,
    ),
    licenses: await rows(
      sql`select to_jsonb(x) as row from licenses x where account_id = ${accountId} order by id`,
    ),
    licenseUsers: await rows(
      sql`select to_jsonb(x) as row from license_users x
          where license_id in (select id from licenses where account_id = ${accountId})
          order by license_id, user_id`,
    ),
    licenseEntitlements: await rows(
      sql`select to_jsonb(x) as row from license_entitlements x
          where license_id in (select id from licenses where account_id = ${accountId})
          order by license_id, entitlement_id`,
    ),
    activations: await rows(
      sql`select to_jsonb(x) as row from activations x where account_id = ${accountId} order by id`,
    ),
    activity: await rows(
      sql`select to_jsonb(x) as row from activity x where account_id = ${accountId} order by id`,
    ),
  };
}
