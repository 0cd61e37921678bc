/**
 * What a vendor's billing backend does after a sale: make sure the product and
 * policy exist, create the customer's account and owner, and issue a license.
 * Uses the SDK's vendor client; errors arrive as `KeyportError`s.
 *
 * Run it against a running Keyport (`npm start` prints a demo key):
 *
 *   KEYPORT_VENDOR_URL=http://127.0.0.1:8788 KEYPORT_VENDOR_KEY=kpv_… \
 *     npx tsx examples/vendor-provisioning.ts "Globex" hank@globex.example
 */
import { createVendorClient, KeyportError, type VendorClient } from "@keyport/sdk";

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

/** Finds a product by slug, creating it (and its annual policy) the first time. */
async function ensurePolicy(vendor: VendorClient): Promise<string> {
  let productId: string | undefined;
  try {
    productId = (await vendor.products.create({ name: "Photon Editor", slug: "photon-editor" })).id;
  } catch (error) {
    if (!(error instanceof KeyportError && error.code === "CONFLICT")) throw error;
    // `for await` walks every page of products until the slug turns up.
    for await (const product of vendor.products.list()) {
      if (product.slug === "photon-editor") productId = product.id;
    }
  }
  const policies = await vendor.policies.list({ productId: productId! });
  if (policies.data[0]) return policies.data[0].id;
  const policy = await vendor.policies.create({
    productId: productId!,
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
 * const vendor = createVendorClient({ baseUrl: "http://127.0.0.1:8788", apiKey });
 * const { key } = await provisionSale(vendor, { company: "Globex", email: "hank@globex.example", ownerName: "Hank" });
 */
export async function provisionSale(vendor: VendorClient, sale: Sale): Promise<Provisioned> {
  const policyId = await ensurePolicy(vendor);
  const account = await vendor.accounts.create({ name: sale.company, kind: "organization" });
  const user = await vendor.users.create({
    accountId: account.id,
    email: sale.email,
    name: sale.ownerName,
    role: "owner",
  });
  const license = await vendor.licenses.create({
    accountId: account.id,
    policyId,
    userIds: [user.id],
  });
  return { accountId: account.id, userId: user.id, licenseId: license.id, key: license.key! };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [company = "Globex", email = "hank@globex.example"] = process.argv.slice(2);
  const vendor = createVendorClient({
    baseUrl: process.env.KEYPORT_VENDOR_URL ?? "http://127.0.0.1:8788",
    apiKey: process.env.KEYPORT_VENDOR_KEY ?? "",
  });
  try {
    const result = await provisionSale(vendor, { company, email, ownerName: company });
    process.stdout.write(`Issued license ${result.licenseId} to ${email}: ${result.key}\n`);
  } catch (error) {
    if (!(error instanceof KeyportError)) throw error;
    process.stderr.write(`${error.status} ${error.code}: ${error.detail ?? error.title}\n`);
    for (const field of error.fieldErrors)
      process.stderr.write(`  ${field.field}: ${field.message}\n`);
    process.exitCode = 1;
  }
}
