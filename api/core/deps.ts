import type { RequestIdVariables } from "hono/request-id";
import type { Kysely } from "kysely";
import type { AuthContext } from "../auth/auth-context.ts";
import type { Config } from "../config/config.ts";
import type { Database } from "../db/schema.ts";
import type { AssetStore } from "../downloads/stores/asset-store.ts";
import type { LicenseKeyCrypto } from "../licenses/license-key.ts";
import type { LicensingWrites } from "../licensing/licensing-writes.ts";
import type { BackgroundWork } from "./background-work.ts";
import type { Logger } from "./logger.ts";
import type { SecretBox } from "./secret-box.ts";

/** Everything a route or job needs, passed in once when the apps are built. */
export interface AppDeps {
  readonly db: Kysely<Database>;
  readonly config: Config;
  readonly logger: Logger;
  readonly keys: LicenseKeyCrypto;
  readonly assets: AssetStore;
  /** Seals small secrets at rest (TOTP keys). */
  readonly secrets: SecretBox;
  /** Work that runs after the answer (see core/background-work.ts). */
  readonly background: BackgroundWork;
  /** The Licensing API's validation events and sightings, written in batches (licensing/licensing-writes.ts). */
  readonly licensingWrites: LicensingWrites;
}

export interface AppEnv {
  Variables: RequestIdVariables & {
    /** Set by the vendor key check on the Vendor API. */
    vendorKeyId?: string;
    /** The client's address, honouring TRUST_PROXY_HOPS (see http/client-ip.ts). */
    clientIp?: string;
    /** Set by `requireSession` on the Customer API. */
    auth?: AuthContext;
  };
}
