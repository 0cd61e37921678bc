import { resolve } from "node:path";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { z } from "zod";
import { DAY_SECONDS, HOUR_MS, MINUTE_MS } from "../core/time.ts";
import { isLoopbackUrl } from "./loopback.ts";

export interface SigningKey {
  readonly kid: string;
  readonly secret: Uint8Array;
}

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly vendorHost: string;
  readonly vendorPort: number;
  readonly databaseUrl: string | undefined;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly licenseKeySecret: Uint8Array;
  /** The first signs, all verify. */
  readonly signingKeys: readonly SigningKey[];
  readonly allowedOrigins: readonly string[];
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /**
   * Without SMTP_URL, print each mail to stdout (development only; never into the
   * structured log). On by default only for the embedded demo: no DATABASE_URL and
   * a loopback PUBLIC_URL.
   */
  readonly mailConsole: boolean;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly seedDemo: "auto" | "always" | "never";
  readonly uploadMaxBytes: number;
  /** Where asset files live: under DATA_DIR, or in an S3 bucket. */
  readonly assetStore: AssetStoreConfig;
  /** A session unused this long ends (cookie and bearer sessions from sign-in). */
  readonly sessionIdleMs: number;
  /** A session ends this long after sign-in, however busy. */
  readonly sessionMaxMs: number;
  /** Lifetime of the bearer tokens the Vendor API issues for embedded widgets. */
  readonly portalSessionMs: number;
  /** How many reverse proxies in front of Keyport append to X-Forwarded-For (0: none, use the socket). */
  readonly trustProxyHops: number;
  /** How long a signed download link works, in seconds (10 minutes by default, at most a day). */
  readonly downloadLinkSeconds: number;
  /** How long validation events are kept, in days; whole months older than that are dropped. */
  readonly validationRetentionDays: number;
  /**
   * How long one PostgreSQL statement may run, waiting for locks included, before the server
   * cancels it and the request answers 503 (30 s by default; 0 sets no limit). Not for PGlite.
   */
  readonly databaseStatementTimeoutMs: number;
  /** The standalone portal's branding. */
  readonly portal: PortalBranding;
}

/**
 * The configuration as the environment gives it, without looking at the disk:
 * the secrets the environment leaves unset are `undefined` here, and
 * `prepareDataDir` (config/data-dir.ts) reads or generates them.
 */
export type LoadedConfig = Omit<Config, "licenseKeySecret" | "signingKeys"> & {
  readonly licenseKeySecret: Uint8Array | undefined;
  readonly signingKeys: readonly SigningKey[] | undefined;
};

/** The vendor's name, logo and colour on the standalone portal (PORTAL_*). */
export interface PortalBranding {
  readonly title: string;
  /** An absolute http(s) URL, shown beside the title; none shows the title alone. */
  readonly logoUrl: string | undefined;
  /** `#rrggbb` in lower case; none keeps Keyport's indigo. */
  readonly primaryColor: string | undefined;
}

/** The asset store ASSET_STORE and the S3_* variables choose. */
export type AssetStoreConfig =
  | { readonly kind: "local" }
  | {
      readonly kind: "s3";
      readonly bucket: string;
      readonly region: string;
      readonly endpoint: string | undefined;
      readonly forcePathStyle: boolean;
      /** Both or neither; without them the AWS SDK's default credential chain applies. */
      readonly credentials:
        | { readonly accessKeyId: string; readonly secretAccessKey: string }
        | undefined;
      /** Without leading or trailing slashes; empty for none. */
      readonly prefix: string;
    };

/** Thrown when the environment is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join("\n")}`);
  }
}

const port = (fallback: number) =>
  z.coerce
    .number({ error: "expected a port number" })
    .int("expected a whole port number")
    .min(0, "expected a port between 0 (any free port) and 65535")
    .max(65535, "expected a port between 0 (any free port) and 65535")
    .default(fallback);

/** A whole number of `unit` from `min` to `max`, with the range in every message. */
const wholeNumber = (unit: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `expected a number of ${unit}` })
    .int(`expected a whole number of ${unit}`)
    .min(min, `expected ${min} to ${max} ${unit}`)
    .max(max, `expected ${min} to ${max} ${unit}`)
    .default(fallback);

const secretBytes = z.string().transform((value, ctx) => {
  const bytes = decodeSecret(value);
  if (!bytes || bytes.length < 32) {
    ctx.addIssue({
      code: "custom",
      message: "expected at least 32 bytes, hex or base64url encoded",
    });
    return z.NEVER;
  }
  return bytes;
});

const environmentSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port(8787),
  VENDOR_HOST: z.string().min(1).default("127.0.0.1"),
  VENDOR_PORT: port(8788),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// URL" })
    .optional(),
  DATABASE_STATEMENT_TIMEOUT_SECONDS: wholeNumber("seconds", 0, 3600, 30),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "expected an http(s):// URL" }).optional(),
  DATA_DIR: z.string().min(1).default(".keyport"),
  LICENSE_KEY_SECRET: secretBytes.optional(),
  SIGNING_KEYS: z
    .string()
    .transform((value, ctx) => {
      const keys: SigningKey[] = [];
      for (const entry of value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)) {
        const [kid, encoded, ...rest] = entry.split(":");
        const secret = encoded ? decodeSecret(encoded) : null;
        if (
          !kid ||
          !/^[A-Za-z0-9_-]{1,32}$/.test(kid) ||
          !secret ||
          secret.length < 32 ||
          rest.length
        ) {
          ctx.addIssue({
            code: "custom",
            message:
              "expected comma-separated kid:secret pairs, each secret at least 32 bytes (hex or base64url)",
          });
          return z.NEVER;
        }
        keys.push({ kid, secret });
      }
      if (keys.length === 0) {
        ctx.addIssue({ code: "custom", message: "expected at least one kid:secret pair" });
        return z.NEVER;
      }
      return keys;
    })
    .optional(),
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const origins = value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
      for (const origin of origins) {
        if (!isOrigin(origin)) {
          ctx.addIssue({
            code: "custom",
            message: `expected comma-separated origins like https://shop.example.com; "${origin}" is not one`,
          });
          return z.NEVER;
        }
      }
      return origins;
    }),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "expected an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("Keyport <no-reply@keyport.localhost>"),
  MAIL_CONSOLE: z
    .enum(["true", "false", "1", "0"], { error: "expected true or false" })
    .transform((value) => value === "true" || value === "1")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
  SESSION_IDLE_MINUTES: wholeNumber("minutes", 5, 43_200, 120),
  SESSION_MAX_HOURS: wholeNumber("hours", 1, 2160, 168),
  PORTAL_SESSION_MINUTES: wholeNumber("minutes", 1, 1440, 15),
  TRUST_PROXY_HOPS: wholeNumber("proxies", 0, 10, 0),
  UPLOAD_MAX_BYTES: z.coerce
    .number({ error: "expected a number of bytes" })
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  ASSET_STORE: z.enum(["local", "s3"]).default("local"),
  S3_BUCKET: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$/,
      "expected a bucket name (3 to 63 characters)",
    )
    .optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "expected a region such as eu-central-1")
    .default("us-east-1"),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "expected an http(s):// URL" }).optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"], { error: "expected true or false" })
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_PREFIX: z
    .string()
    .regex(
      /^[A-Za-z0-9!_.*'()/-]{1,200}$/,
      "expected up to 200 letters, digits, slashes and !_.*'()-",
    )
    .transform((value) => value.replace(/^\/+|\/+$/g, ""))
    .optional(),
  DOWNLOAD_LINK_SECONDS: wholeNumber("seconds", 1, DAY_SECONDS, 600),
  VALIDATION_RETENTION_DAYS: wholeNumber("days", 31, 36_500, 400),
  PORTAL_TITLE: z
    .string()
    .trim()
    .min(1, "expected a name")
    .max(80, "expected at most 80 characters")
    // Control characters have no place in a <title> or a header line.
    .regex(/^[^\p{Cc}]*$/u, "expected a name without control characters")
    .default("Keyport"),
  PORTAL_LOGO_URL: z
    .url({ protocol: /^https?$/, error: "expected an http(s):// URL of an image" })
    .optional(),
  PORTAL_PRIMARY_COLOR: z
    .string()
    .trim()
    .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "expected a hex colour like #0f766e or #08c")
    .transform(expandHexColor)
    .optional(),
});

/** Every environment variable the configuration reads, in the order the schema lists them. */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(
  Object.keys(environmentSchema.shape),
);

/**
 * Reads and validates the configuration, and nothing else: no folder is made and
 * no file read or written. The secrets left unset come from the data directory
 * in a step of their own, `prepareDataDir` (config/data-dir.ts).
 *
 * @example
 * const config = prepareDataDir(loadConfig(process.env));
 */
export function loadConfig(env: Record<string, string | undefined>): LoadedConfig {
  // An empty variable means "not set", as in most process managers.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const given = present[name];
        return `${name}: ${issue.message}${given === undefined ? "" : ` (got "${shorten(name, given)}")`}`;
      }),
    );
  }
  const values = parsed.data;
  const publicUrl = (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, "");
  const assetStore = assetStoreConfig(values);
  const dataDir = resolve(values.DATA_DIR);
  return {
    host: values.HOST,
    port: values.PORT,
    vendorHost: values.VENDOR_HOST,
    vendorPort: values.VENDOR_PORT,
    databaseUrl: values.DATABASE_URL,
    publicUrl,
    dataDir,
    licenseKeySecret: values.LICENSE_KEY_SECRET,
    signingKeys: values.SIGNING_KEYS,
    allowedOrigins:
      values.ALLOWED_ORIGINS ?? (values.DATABASE_URL ? [] : [...EXAMPLE_VENDOR_SITE_ORIGINS]),
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM,
    mailConsole: values.MAIL_CONSOLE ?? (!values.DATABASE_URL && isLoopbackUrl(publicUrl)),
    logLevel: values.LOG_LEVEL,
    seedDemo: values.SEED_DEMO,
    uploadMaxBytes: values.UPLOAD_MAX_BYTES,
    assetStore,
    sessionIdleMs: values.SESSION_IDLE_MINUTES * MINUTE_MS,
    sessionMaxMs: values.SESSION_MAX_HOURS * HOUR_MS,
    portalSessionMs: values.PORTAL_SESSION_MINUTES * MINUTE_MS,
    trustProxyHops: values.TRUST_PROXY_HOPS,
    downloadLinkSeconds: values.DOWNLOAD_LINK_SECONDS,
    validationRetentionDays: values.VALIDATION_RETENTION_DAYS,
    databaseStatementTimeoutMs: values.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000,
    portal: {
      title: values.PORTAL_TITLE,
      logoUrl: values.PORTAL_LOGO_URL,
      primaryColor: values.PORTAL_PRIMARY_COLOR,
    },
  };
}

/**
 * Without `ALLOWED_ORIGINS`, the embedded demo lets the vendor-site example
 * (`npm run example:vendor`, port 8790) embed its widgets: loopback origins only,
 * so nothing outside this machine is allowed. With `DATABASE_URL` (a real
 * deployment) nothing is allowed until the vendor lists its sites.
 */
export const EXAMPLE_VENDOR_SITE_ORIGINS = ["http://localhost:8790", "http://127.0.0.1:8790"];

/** `#08C` → `#0088cc`: one spelling for the theme and for comparisons. */
function expandHexColor(value: string): string {
  const hex = value.slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((digit) => digit + digit).join("") : hex}`;
}

/** Checks the S3 variables that only matter together (ASSET_STORE=s3, both keys). */
function assetStoreConfig(values: z.infer<typeof environmentSchema>): AssetStoreConfig {
  if (values.ASSET_STORE === "local") return { kind: "local" };
  const issues: string[] = [];
  if (!values.S3_BUCKET) issues.push("S3_BUCKET: required when ASSET_STORE=s3");
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = values;
  if (accessKeyId && !secretAccessKey) {
    issues.push("S3_SECRET_ACCESS_KEY: required when S3_ACCESS_KEY_ID is set");
  }
  if (secretAccessKey && !accessKeyId) {
    issues.push("S3_ACCESS_KEY_ID: required when S3_SECRET_ACCESS_KEY is set");
  }
  if (issues.length) throw new ConfigError(issues);
  return {
    kind: "s3",
    bucket: values.S3_BUCKET!,
    region: values.S3_REGION,
    endpoint: values.S3_ENDPOINT,
    forcePathStyle: values.S3_FORCE_PATH_STYLE,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    prefix: values.S3_PREFIX ?? "",
  };
}

function decodeSecret(value: string): Uint8Array | null {
  if (/^[0-9a-fA-F]+$/.test(value) && value.length % 2 === 0) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return null;
  try {
    return decodeBase64urlIgnorePadding(value.replace(/=+$/, ""));
  } catch {
    return null;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}

/** Never echo a secret back into a log. */
function shorten(name: string, value: string): string {
  if (/SECRET|KEYS|URL/.test(name)) return "…";
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}
