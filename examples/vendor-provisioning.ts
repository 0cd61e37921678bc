/**
 * What a vendor's billing backend does after a sale: make sure the product and
 * policy exist, create the customer's account and owner, and issue a license.
 * Uses only `fetch` and the Vendor API; errors arrive as `KeyportError`s.
 *
 * Run it against a running Keyport (`npm start` prints a demo key):
 *
 *   KEYPORT_VENDOR_URL=http://127.0.0.1:8788 KEYPORT_VENDOR_KEY=kpv_… \
 *     npx tsx examples/vendor-provisioning.ts "Globex" hank@globex.example
 */
import { KeyportError, keyportErrorFromResponse } from "../sdk/index.ts";

export interface Sale {
  readonly company: string;
  readonly email: string;
  readonly ownerName: string;
}

export interface Provisioned {
  readonly accountId: string;
  readonly userId: string;
  readonly licenseId: string;
  readonly key: string;
}

type Json = Record<string, unknown>;

/** A tiny Vendor API caller: JSON in, JSON out, problems thrown as `KeyportError`. */
export function vendorApi(baseUrl: string, apiKey: string) {
  return async function call<T = Json>(method: string, path: string, body?: Json): Promise<T> {
    const res = await fetch(`${baseUrl}/vendor/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw await keyportErrorFromResponse(res);
    return (await res.json()) as T;
  };
}

/** Finds a product by slug, creating it (and its annual policy) the first time. */
async function ensurePolicy(call: ReturnType<typeof vendorApi>): Promise<string> {
  let productId: string;
  try {
    productId = (
      await call<{ id: string }>("POST", "/products", {
        name: "Photon Editor",
        slug: "photon-editor",
      })
    ).id;
  } catch (error) {
    if (!(error instanceof KeyportError && error.code === "CONFLICT")) throw error;
    const products = await call<{ data: { id: string; slug: string }[] }>(
      "GET",
      "/products?limit=100",
    );
    productId = products.data.find((product) => product.slug === "photon-editor")!.id;
  }
  const policies = await call<{ data: { id: string }[] }>(
    "GET",
    `/policies?productId=${productId}`,
  );
  if (policies.data[0]) return policies.data[0].id;
  const policy = await call<{ id: string }>("POST", "/policies", {
    productId,
    name: "Photon Pro (annual)",
    maxMachines: 3,
    maxDomains: 0,
    durationDays: 365,
    expirationStrategy: "restrict",
    deactivationLimit: 3,
    deactivationWindowDays: 30,
  });
  return policy.id;
}

/**
 * Provisions one sale: account, owner and a license under the annual policy.
 *
 * @example
 * const { key } = await provisionSale(call, { company: "Globex", email: "hank@globex.example", ownerName: "Hank" });
 */
export async function provisionSale(
  call: ReturnType<typeof vendorApi>,
  sale: Sale,
): Promise<Provisioned> {
  const policyId = await ensurePolicy(call);
  const account = await call<{ id: string }>("POST", "/accounts", {
    name: sale.company,
    kind: "organization",
  });
  const user = await call<{ id: string }>("POST", "/users", {
    accountId: account.id,
    email: sale.email,
    name: sale.ownerName,
    role: "owner",
  });
  const license = await call<{ id: string; key: string }>("POST", "/licenses", {
    accountId: account.id,
    policyId,
    userIds: [user.id],
  });
  return { accountId: account.id, userId: user.id, licenseId: license.id, key: license.key };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [company = "Globex", email = "hank@globex.example"] = process.argv.slice(2);
  const call = vendorApi(
    process.env.KEYPORT_VENDOR_URL ?? "http://127.0.0.1:8788",
    process.env.KEYPORT_VENDOR_KEY ?? "",
  );
  try {
    const result = await provisionSale(call, { company, email, ownerName: company });
    process.stdout.write(`Issued license ${result.licenseId} to ${email}: ${result.key}\n`);
  } catch (error) {
    if (!(error instanceof KeyportError)) throw error;
    process.stderr.write(`${error.status} ${error.code}: ${error.detail ?? error.title}\n`);
    for (const field of error.fieldErrors)
      process.stderr.write(`  ${field.field}: ${field.message}\n`);
    process.exitCode = 1;
  }
}
