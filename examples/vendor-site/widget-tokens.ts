// #region mint
import { createVendorClient } from "@keyport/sdk";

/** Mints short-lived widget tokens for Acme's signed-in customers, with the Vendor API key. */
export function createWidgetTokens({
  vendorUrl,
  vendorKey,
  ttlMinutes,
}: {
  vendorUrl: string;
  vendorKey: string;
  ttlMinutes?: number;
}) {
  // The key can provision everything: it stays on this server, never in a page.
  const vendor = createVendorClient({ baseUrl: vendorUrl, apiKey: vendorKey });
  const userIds = new Map<string, string>();

  /** The Keyport user of an email address (a real site stores the id with its own user). */
  async function keyportUserId(email: string): Promise<string | undefined> {
    if (!userIds.has(email)) {
      for await (const user of vendor.users.list({ limit: 100 })) {
        userIds.set(user.email, user.id);
      }
    }
    return userIds.get(email);
  }

  return {
    /** `{ token, expiresAt }` for the widgets of this Keyport user, or `null` if there is none. */
    async mint(email: string): Promise<{ token: string; expiresAt: string } | null> {
      const userId = await keyportUserId(email);
      if (userId === undefined) return null;
      const session = await vendor.portalSessions.create({
        userId,
        ...(ttlMinutes === undefined ? {} : { ttlMinutes }),
      });
      return { token: session.token, expiresAt: session.expiresAt };
    },
  };
}
// #endregion mint

export type WidgetTokens = ReturnType<typeof createWidgetTokens>;
