import type { RequestIdVariables } from "hono/request-id";
import type { Kysely } from "kysely";
import type { Config } from "./config.ts";
import type { Database } from "./db/schema.ts";
import type { AuthContext } from "./http/session-auth.ts";
import type { Logger } from "./logger.ts";
import type { AssetStore } from "./services/asset-store.ts";
import type { LicenseKeyCrypto } from "./services/license-key.ts";
import type { SecretBox } from "./services/secret-box.ts";

/** Everything a route or job needs, passed in once when the apps are built. */
export interface AppDeps {
  readonly db: Kysely<Database>;
  readonly config: Config;
  readonly logger: Logger;
  readonly keys: LicenseKeyCrypto;
  readonly assets: AssetStore;
  /** Seals small secrets at rest (TOTP keys). */
  readonly secrets: SecretBox;
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
