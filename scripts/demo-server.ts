// The real Keyport server with the demo data, for the element tests that run against it and for
// `npm run screenshots`: embedded PGlite in a temporary folder, both listeners on free ports.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "../api/app/server.ts";
import { loadConfig } from "../api/config/config.ts";
import { prepareDataDir } from "../api/config/data-dir.ts";
import { type DemoInfo, seedDemo } from "../api/demo/demo-seed.ts";
import { createVendorClient } from "../sdk/index.ts";

export interface DemoServer {
  /** The public listener (Customer and Licensing API), e.g. `http://127.0.0.1:41234`. */
  readonly apiBase: string;
  readonly vendorUrl: string;
  readonly demo: DemoInfo;
  /**
   * A widget token for a demo customer, minted the way a vendor's backend does it
   * (`POST /vendor/v1/portal-sessions`).
   */
  mintToken(email: string): Promise<string>;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Origins the Customer API accepts from a browser: the page that embeds the elements. */
  readonly allowedOrigins?: readonly string[];
  readonly logLevel?: string;
}

/**
 * Starts Keyport on a fresh embedded database and seeds the demo catalogue and customers.
 *
 * @example
 * const keyport = await startDemoServer({ allowedOrigins: ["http://localhost:8000"] });
 * const token = await keyport.mintToken("olivia.owner@example.com");
 */
export async function startDemoServer({
  allowedOrigins = [],
  logLevel = "warn",
}: DemoServerOptions = {}): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "keyport-demo-"));
  // Signed download links carry PUBLIC_URL, so the public port is chosen before the start.
  const port = await freePort();
  const config = {
    ...prepareDataDir(
      loadConfig({
        DATA_DIR: dataDir,
        LOG_LEVEL: logLevel,
        SEED_DEMO: "never",
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        ALLOWED_ORIGINS: allowedOrigins.join(","),
        // Mails stay in the outbox instead of being printed into the test run's output.
        MAIL_CONSOLE: "false",
      }),
    ),
    vendorPort: 0,
  };
  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { db } = server.runtime.deps;
  const demo = await seedDemo(server.runtime.deps);
  const vendor = createVendorClient({ baseUrl: server.vendorUrl, apiKey: demo.vendorKey });
  return {
    apiBase: server.publicUrl,
    vendorUrl: server.vendorUrl,
    demo,
    async mintToken(email) {
      const user = await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      return (await vendor.portalSessions.create({ userId: user.id })).token;
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A port nobody listens on right now (the OS picks it; the server takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** What `scripts/demo-server-process.ts` prints once its server is up: enough to mint tokens. */
export interface DemoServerAnnouncement {
  readonly apiBase: string;
  readonly vendorUrl: string;
  readonly vendorKey: string;
}
