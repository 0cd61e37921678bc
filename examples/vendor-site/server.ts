/**
 * "Acme Software", a vendor's own website that embeds Keyport's widgets, beside `npm start`:
 *
 *   npm start               # Keyport with its demo, in one terminal
 *   npm run example:vendor  # this site, in another: http://localhost:8790
 *
 * Settings: VENDOR_SITE_PORT (8790), VENDOR_SITE_URL (http://localhost:$VENDOR_SITE_PORT),
 * KEYPORT_URL (http://localhost:8787), KEYPORT_VENDOR_URL (http://localhost:8788),
 * KEYPORT_VENDOR_KEY (default: the demo key in DATA_DIR or ./.keyport), and
 * VENDOR_SITE_TOKEN_MINUTES (widget token lifetime; default Keyport's).
 */
import { serve } from "@hono/node-server";
import { ACME_PASSWORD, createAcmeAccounts, DEMO_CUSTOMERS } from "./acme-accounts.ts";
import { createVendorSite, loadSiteAssets } from "./site-app.ts";
import { loadSiteSettings, type SiteSettings } from "./site-settings.ts";
import { createWidgetTokens } from "./widget-tokens.ts";

export interface RunningSite {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the site on `settings.port`, answering as `settings.siteUrl`.
 *
 * @example
 * const site = await startVendorSite(loadSiteSettings(process.env));
 */
export async function startVendorSite(
  settings: SiteSettings,
  { onTokenMinted }: { onTokenMinted?: (email: string) => void } = {},
): Promise<RunningSite> {
  const app = createVendorSite({
    settings,
    accounts: createAcmeAccounts(),
    tokens: createWidgetTokens({
      vendorUrl: settings.keyportVendorUrl,
      vendorKey: settings.vendorKey,
      ...(settings.tokenMinutes === undefined ? {} : { ttlMinutes: settings.tokenMinutes }),
    }),
    assets: await loadSiteAssets(),
    ...(onTokenMinted ? { onTokenMinted } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, () =>
      resolve(started),
    );
    started.once("error", reject);
  });
  return {
    url: settings.siteUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let settings: SiteSettings;
  try {
    settings = loadSiteSettings(process.env);
  } catch (error) {
    process.stderr.write(`vendor site: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const site = await startVendorSite(settings);
  process.stdout.write(
    [
      "",
      `Acme Software (the vendor-site example) is at ${site.url}/`,
      "",
      `  Sign in with a demo customer and Acme's own password "${ACME_PASSWORD}":`,
      ...DEMO_CUSTOMERS.map(({ email, name }) => `    ${email.padEnd(26)} ${name}`),
      "",
      `  Widgets call Keyport at ${settings.keyportUrl}; tokens come from ${settings.keyportVendorUrl}.`,
      `  Keyport must allow this origin: ALLOWED_ORIGINS=${site.url} (the embedded demo allows`,
      "  http://localhost:8790 and http://127.0.0.1:8790 by itself).",
      "",
      "Stop with Ctrl+C.",
      "",
    ].join("\n"),
  );
  const stop = () => {
    site.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
