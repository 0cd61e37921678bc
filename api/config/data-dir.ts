import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { Logger } from "../core/logger.ts";
import type { Config, LoadedConfig, SigningKey } from "./config.ts";

/** What `DATA_DIR` holds is the owner's alone: password hashes, emails, secrets. */
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
const SECRETS_FILE = "secrets.json";

/**
 * The explicit step before a command uses its data directory (`keyport start`,
 * `migrate`, `seed-demo`, `vendor-key`, the test harness): makes `DATA_DIR`
 * when the embedded database, local assets or generated secrets need it,
 * tightens it and everything in it to owner-only (0700 folders, 0600 files) —
 * anything it finds readable or writable by others is fixed and logged as a
 * warning — and reads the secrets the environment leaves unset from
 * `<DATA_DIR>/secrets.json`, generating that file (0600) on the first start.
 *
 * @example
 * const config = prepareDataDir(loadConfig(process.env), { logger });
 */
export function prepareDataDir(config: LoadedConfig, { logger }: { logger?: Logger } = {}): Config {
  const { dataDir } = config;
  const secretsGiven = config.licenseKeySecret !== undefined && config.signingKeys !== undefined;
  if (existsSync(dataDir)) {
    const { loosened, unfixable } = restrictToOwner(dataDir);
    if (loosened.length > 0) {
      logger?.warn(
        { dataDir, fixed: loosened.length, examples: loosened.slice(0, 5) },
        "DATA_DIR was open to other users of this machine; made it owner-only (0700 folders, 0600 files)",
      );
    }
    if (unfixable.length > 0) {
      logger?.warn(
        { dataDir, paths: unfixable.slice(0, 5) },
        "DATA_DIR holds files open to other users that this process cannot change; fix their owner or mode",
      );
    }
  } else if (!secretsGiven || !config.databaseUrl || config.assetStore.kind === "local") {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
    chmodSync(dataDir, PRIVATE_DIR);
  }
  const { licenseKeySecret, signingKeys } = config;
  if (licenseKeySecret && signingKeys) return { ...config, licenseKeySecret, signingKeys };
  const generated = readOrCreateSecrets(dataDir);
  return {
    ...config,
    licenseKeySecret: config.licenseKeySecret ?? generated.licenseKeySecret,
    signingKeys: config.signingKeys ?? generated.signingKeys,
  };
}

/**
 * Takes group and other permissions off `root` and everything below it (symbolic
 * links are left alone, never followed), so folders end up 0700 and files 0600.
 * Answers what it changed and what it could not (files of another owner), as
 * paths relative to `root`. PGlite creates its files 0666 whatever the umask,
 * so db/connection.ts calls this again once PGlite has opened.
 *
 * @example
 * restrictToOwner(".keyport"); // { loosened: ["pgdata/PG_VERSION", …], unfixable: [] }
 */
export function restrictToOwner(root: string): { loosened: string[]; unfixable: string[] } {
  const loosened: string[] = [];
  const unfixable: string[] = [];
  const visit = (path: string) => {
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) return;
    if ((stats.mode & 0o077) !== 0) {
      try {
        chmodSync(path, stats.mode & 0o700);
        loosened.push(relative(root, path) || ".");
      } catch {
        unfixable.push(relative(root, path) || ".");
      }
    }
    if (stats.isDirectory()) for (const entry of readdirSync(path).sort()) visit(join(path, entry));
  };
  visit(root);
  return { loosened, unfixable };
}

interface GeneratedSecrets {
  licenseKeySecret: Uint8Array;
  signingKeys: SigningKey[];
}

/** The secrets kept in `<DATA_DIR>/secrets.json`, made (0600) when the file is not there yet. */
function readOrCreateSecrets(dataDir: string): GeneratedSecrets {
  const file = join(dataDir, SECRETS_FILE);
  try {
    const stored = JSON.parse(readFileSync(file, "utf8")) as {
      licenseKeySecret: string;
      signingKeys: { kid: string; secret: string }[];
    };
    return {
      licenseKeySecret: decodeBase64urlIgnorePadding(stored.licenseKeySecret),
      signingKeys: stored.signingKeys.map(({ kid, secret }) => ({
        kid,
        secret: decodeBase64urlIgnorePadding(secret),
      })),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(`Cannot read generated secrets from ${file}`, { cause: error });
    }
  }
  const secrets: GeneratedSecrets = {
    licenseKeySecret: randomBytes(32),
    signingKeys: [{ kid: "k1", secret: randomBytes(32) }],
  };
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        licenseKeySecret: encodeBase64urlNoPadding(secrets.licenseKeySecret),
        signingKeys: secrets.signingKeys.map(({ kid, secret }) => ({
          kid,
          secret: encodeBase64urlNoPadding(secret),
        })),
      },
      null,
      2,
    )}\n`,
    { flag: "wx", mode: PRIVATE_FILE },
  );
  // The mode above is subject to the umask; this is not.
  chmodSync(file, PRIVATE_FILE);
  return secrets;
}
