/**
 * A customer's housekeeping script on the typed SDK: sign in, list the
 * licenses that expire soon, and free the seats of machines nobody has seen
 * for a while. Errors arrive as `KeyportError`s with the field that was wrong.
 *
 * Run it against a running Keyport (`npm start` prints demo customers):
 *
 *   KEYPORT_URL=http://127.0.0.1:8787 KEYPORT_EMAIL=… KEYPORT_PASSWORD=… \
 *     npx tsx examples/sdk-script.ts --deactivate-after=90
 */
import { createPortalClient, KeyportError, type PortalClient } from "@keyport/sdk";

export interface Housekeeping {
  /** `name (product): expires YYYY-MM-DD` for each license that expires soon. */
  readonly expiring: string[];
  /** The names of the machines whose activations were ended. */
  readonly deactivated: string[];
}

/**
 * Reports expiring licenses and, when `deactivateAfterDays` is given, ends
 * every machine activation unseen for that many days.
 */
export async function houseKeeping(
  client: PortalClient,
  { deactivateAfterDays }: { deactivateAfterDays?: number } = {},
): Promise<Housekeeping> {
  const expiring: string[] = [];
  // `for await` walks every page; the client fetches the next one when needed.
  for await (const license of client.licenses.list({ status: "expiring" })) {
    expiring.push(
      `${license.name} (${license.product.name}): expires ${license.expiresAt?.slice(0, 10)}`,
    );
  }
  const deactivated: string[] = [];
  if (deactivateAfterDays !== undefined) {
    const stale = client.activations.list({
      kind: "machine",
      status: "inactive",
      inactiveDays: deactivateAfterDays,
    });
    for await (const activation of stale) {
      await client.activations.deactivate(activation.id, {
        reason: `Unseen for ${deactivateAfterDays} days`,
      });
      deactivated.push(activation.name ?? activation.id);
    }
  }
  return { expiring, deactivated };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const client = createPortalClient({
    baseUrl: process.env.KEYPORT_URL ?? "http://127.0.0.1:8787",
  });
  const days = /^--deactivate-after=(\d+)$/.exec(process.argv[2] ?? "")?.[1];
  try {
    // A bearer sign-in: the client keeps the token for the calls that follow.
    await client.auth.login({
      email: process.env.KEYPORT_EMAIL ?? "",
      password: process.env.KEYPORT_PASSWORD ?? "",
      tokenType: "bearer",
    });
    const report = await houseKeeping(client, {
      ...(days === undefined ? {} : { deactivateAfterDays: Number(days) }),
    });
    for (const line of report.expiring) process.stdout.write(`expiring: ${line}\n`);
    for (const name of report.deactivated) process.stdout.write(`deactivated: ${name}\n`);
    await client.auth.logout();
  } catch (error) {
    if (!(error instanceof KeyportError)) throw error;
    process.stderr.write(`${error.status} ${error.code}: ${error.detail ?? error.title}\n`);
    for (const field of error.fieldErrors) {
      process.stderr.write(`  ${field.field}: ${field.message}\n`);
    }
    process.exitCode = 1;
  }
}
