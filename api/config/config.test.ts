import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "./config.ts";

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "keyport-config-"));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** The ConfigError a bad environment raises (fails the test when none is thrown). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ DATA_DIR: tempDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

const hexSecret = randomBytes(32).toString("hex");

describe("configuration reference", () => {
  it("documents every variable in README's configuration table", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
    const documented = new Set([...readme.matchAll(/^\| `([A-Z0-9_]+)` /gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((variable) => !documented.has(variable))).toEqual([]);
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(20);
  });
});

describe("loadConfig defaults", () => {
  it("runs embedded on 8787/8788 with nothing but a data directory", () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8787,
      vendorHost: "127.0.0.1",
      vendorPort: 8788,
      databaseUrl: undefined,
      publicUrl: "http://localhost:8787",
      dataDir,
      allowedOrigins: ["http://localhost:8790", "http://127.0.0.1:8790"],
      smtpUrl: undefined,
      logLevel: "info",
      seedDemo: "auto",
      uploadMaxBytes: 2 * 1024 ** 3,
    });
    expect(config.mailFrom).toContain("@");
  });

  it("allows no browser origin on PostgreSQL until ALLOWED_ORIGINS lists one", () => {
    const base = { DATA_DIR: tempDir(), DATABASE_URL: "postgres://keyport@db.internal/keyport" };
    expect(loadConfig(base).allowedOrigins).toEqual([]);
    const listed = loadConfig({ DATA_DIR: tempDir(), ALLOWED_ORIGINS: "https://shop.example.com" });
    expect(listed.allowedOrigins).toEqual(["https://shop.example.com"]);
  });

  it("keeps data under ./.keyport when DATA_DIR is not set", () => {
    // Both secrets given, so nothing is generated and the working directory stays untouched.
    const config = loadConfig({ LICENSE_KEY_SECRET: hexSecret, SIGNING_KEYS: `k1:${hexSecret}` });
    expect(config.dataDir).toBe(resolve(".keyport"));
  });

  it("keeps sessions 2 hours idle, 7 days at most, and portal sessions 15 minutes", () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect(config.sessionIdleMs).toBe(120 * 60_000);
    expect(config.sessionMaxMs).toBe(168 * 3_600_000);
    expect(config.portalSessionMs).toBe(15 * 60_000);
  });

  it("reads the session lifetimes in minutes and hours", () => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      SESSION_IDLE_MINUTES: "30",
      SESSION_MAX_HOURS: "12",
      PORTAL_SESSION_MINUTES: "5",
    });
    expect(config.sessionIdleMs).toBe(30 * 60_000);
    expect(config.sessionMaxMs).toBe(12 * 3_600_000);
    expect(config.portalSessionMs).toBe(5 * 60_000);
  });

  it("makes download links last 10 minutes unless DOWNLOAD_LINK_SECONDS says otherwise", () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).downloadLinkSeconds).toBe(600);
    expect(
      loadConfig({ DATA_DIR: tempDir(), DOWNLOAD_LINK_SECONDS: "86400" }).downloadLinkSeconds,
    ).toBe(86_400);
    expect(
      loadConfig({ DATA_DIR: tempDir(), DOWNLOAD_LINK_SECONDS: "1" }).downloadLinkSeconds,
    ).toBe(1);
  });

  it("limits a PostgreSQL statement to 30 seconds unless DATABASE_STATEMENT_TIMEOUT_SECONDS says otherwise", () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).databaseStatementTimeoutMs).toBe(30_000);
    const timeout = (value: string) =>
      loadConfig({ DATA_DIR: tempDir(), DATABASE_STATEMENT_TIMEOUT_SECONDS: value })
        .databaseStatementTimeoutMs;
    expect(timeout("5")).toBe(5_000);
    expect(timeout("0")).toBe(0);
  });

  it("treats empty variables as unset", () => {
    const config = loadConfig({ DATA_DIR: tempDir(), PORT: "", DATABASE_URL: "", LOG_LEVEL: "" });
    expect(config.port).toBe(8787);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.logLevel).toBe("info");
  });

  it("reads the environment only: an empty data directory stays empty, a missing one missing", () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(readdirSync(dataDir)).toEqual([]);
    expect(config.licenseKeySecret).toBeUndefined();
    expect(config.signingKeys).toBeUndefined();
    const missing = join(tempDir(), "not-yet");
    loadConfig({ DATA_DIR: missing, DATABASE_URL: "postgres://keyport@db.internal/keyport" });
    expect(existsSync(missing)).toBe(false);
  });

  it("reads both secrets from the environment, hex or base64url", () => {
    const base64url = randomBytes(40).toString("base64url");
    const config = loadConfig({
      DATA_DIR: tempDir(),
      LICENSE_KEY_SECRET: base64url,
      SIGNING_KEYS: `new:${hexSecret}, old:${base64url}`,
    });
    expect(Buffer.from(config.licenseKeySecret!)).toEqual(Buffer.from(base64url, "base64url"));
    expect(config.signingKeys?.map((key) => key.kid)).toEqual(["new", "old"]);
    expect(Buffer.from(config.signingKeys![0]!.secret)).toEqual(Buffer.from(hexSecret, "hex"));
  });

  it("reads every variable that is set", () => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      HOST: "0.0.0.0",
      PORT: "9000",
      VENDOR_HOST: "10.0.0.5",
      VENDOR_PORT: "9001",
      DATABASE_URL: "postgresql://keyport@db.internal:5432/keyport",
      PUBLIC_URL: "https://portal.example.com/",
      ALLOWED_ORIGINS: "https://shop.example.com, http://localhost:5173",
      SMTP_URL: "smtps://mailer:pw@smtp.example.com:465",
      MAIL_FROM: "Acme <licenses@acme.example>",
      LOG_LEVEL: "debug",
      SEED_DEMO: "never",
      UPLOAD_MAX_BYTES: "1048576",
    });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 9000,
      vendorHost: "10.0.0.5",
      vendorPort: 9001,
      databaseUrl: "postgresql://keyport@db.internal:5432/keyport",
      publicUrl: "https://portal.example.com",
      allowedOrigins: ["https://shop.example.com", "http://localhost:5173"],
      smtpUrl: "smtps://mailer:pw@smtp.example.com:465",
      mailFrom: "Acme <licenses@acme.example>",
      logLevel: "debug",
      seedDemo: "never",
      uploadMaxBytes: 1048576,
    });
  });
});

describe("loadConfig errors", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["PORT", { PORT: "abc" }, /PORT: expected a port number/],
    ["PORT", { PORT: "70000" }, /PORT: expected a port between 0 \(any free port\) and 65535/],
    ["PORT", { PORT: "80.5" }, /PORT: expected a whole port number/],
    [
      "VENDOR_PORT",
      { VENDOR_PORT: "-1" },
      /VENDOR_PORT: expected a port between 0 \(any free port\) and 65535/,
    ],
    [
      "DATABASE_URL",
      { DATABASE_URL: "mysql://root@db/keyport" },
      /DATABASE_URL: expected a postgres:\/\/ URL/,
    ],
    [
      "DATABASE_STATEMENT_TIMEOUT_SECONDS",
      { DATABASE_STATEMENT_TIMEOUT_SECONDS: "7200" },
      /DATABASE_STATEMENT_TIMEOUT_SECONDS: expected 0 to 3600 seconds/,
    ],
    [
      "PUBLIC_URL",
      { PUBLIC_URL: "ftp://files.example.com" },
      /PUBLIC_URL: expected an http\(s\):\/\/ URL/,
    ],
    [
      "LICENSE_KEY_SECRET",
      { LICENSE_KEY_SECRET: "c0ffee" },
      /LICENSE_KEY_SECRET: expected at least 32 bytes/,
    ],
    [
      "SIGNING_KEYS",
      { SIGNING_KEYS: "no-secret-here" },
      /SIGNING_KEYS: expected comma-separated kid:secret pairs/,
    ],
    [
      "ALLOWED_ORIGINS",
      { ALLOWED_ORIGINS: "https://shop.example.com/cart" },
      /ALLOWED_ORIGINS: expected comma-separated origins/,
    ],
    [
      "SMTP_URL",
      { SMTP_URL: "http://mail.example.com" },
      /SMTP_URL: expected an smtp:\/\/ or smtps:\/\/ URL/,
    ],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }, /LOG_LEVEL: .*"info"/],
    ["SEED_DEMO", { SEED_DEMO: "sometimes" }, /SEED_DEMO: .*"auto"/],
    [
      "UPLOAD_MAX_BYTES",
      { UPLOAD_MAX_BYTES: "lots" },
      /UPLOAD_MAX_BYTES: expected a number of bytes/,
    ],
    [
      "SESSION_IDLE_MINUTES",
      { SESSION_IDLE_MINUTES: "soon" },
      /SESSION_IDLE_MINUTES: expected a number of minutes/,
    ],
    [
      "SESSION_IDLE_MINUTES",
      { SESSION_IDLE_MINUTES: "4" },
      /SESSION_IDLE_MINUTES: expected 5 to 43200 minutes/,
    ],
    [
      "SESSION_IDLE_MINUTES",
      { SESSION_IDLE_MINUTES: "30.5" },
      /SESSION_IDLE_MINUTES: expected a whole number of minutes/,
    ],
    [
      "SESSION_MAX_HOURS",
      { SESSION_MAX_HOURS: "0" },
      /SESSION_MAX_HOURS: expected 1 to 2160 hours/,
    ],
    [
      "SESSION_MAX_HOURS",
      { SESSION_MAX_HOURS: "2161" },
      /SESSION_MAX_HOURS: expected 1 to 2160 hours/,
    ],
    [
      "SESSION_MAX_HOURS",
      { SESSION_MAX_HOURS: "a week" },
      /SESSION_MAX_HOURS: expected a number of hours/,
    ],
    [
      "PORTAL_SESSION_MINUTES",
      { PORTAL_SESSION_MINUTES: "1441" },
      /PORTAL_SESSION_MINUTES: expected 1 to 1440 minutes/,
    ],
    [
      "PORTAL_SESSION_MINUTES",
      { PORTAL_SESSION_MINUTES: "-5" },
      /PORTAL_SESSION_MINUTES: expected 1 to 1440 minutes/,
    ],
    [
      "PORTAL_SESSION_MINUTES",
      { PORTAL_SESSION_MINUTES: "2.5" },
      /PORTAL_SESSION_MINUTES: expected a whole number of minutes/,
    ],
    ["TRUST_PROXY_HOPS", { TRUST_PROXY_HOPS: "11" }, /TRUST_PROXY_HOPS: expected 0 to 10 proxies/],
    [
      "DOWNLOAD_LINK_SECONDS",
      { DOWNLOAD_LINK_SECONDS: "0" },
      /DOWNLOAD_LINK_SECONDS: expected 1 to 86400 seconds/,
    ],
    [
      "DOWNLOAD_LINK_SECONDS",
      { DOWNLOAD_LINK_SECONDS: "86401" },
      /DOWNLOAD_LINK_SECONDS: expected 1 to 86400 seconds/,
    ],
    [
      "DOWNLOAD_LINK_SECONDS",
      { DOWNLOAD_LINK_SECONDS: "10m" },
      /DOWNLOAD_LINK_SECONDS: expected a number of seconds/,
    ],
    [
      "DOWNLOAD_LINK_SECONDS",
      { DOWNLOAD_LINK_SECONDS: "1.5" },
      /DOWNLOAD_LINK_SECONDS: expected a whole number of seconds/,
    ],
    [
      "TRUST_PROXY_HOPS",
      { TRUST_PROXY_HOPS: "yes" },
      /TRUST_PROXY_HOPS: expected a number of proxies/,
    ],
  ];

  for (const [name, env, expected] of cases) {
    it(`${name}=${Object.values(env)[0]} is refused, naming the variable and what it expects`, () => {
      const error = configError(env);
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]).toMatch(new RegExp(`^${name}: `));
      expect(error.message).toMatch(expected);
      expect(error.name).toBe("ConfigError");
    });
  }

  it("shows the offending value of harmless variables, to help fix them", () => {
    expect(configError({ PORT: "abc" }).message).toContain('(got "abc")');
    expect(configError({ LOG_LEVEL: "loud" }).message).toContain('(got "loud")');
  });

  it("never echoes a secret or a URL with credentials", () => {
    const secret = randomBytes(32).toString("hex");
    const leaks: [Record<string, string>, string[]][] = [
      [{ LICENSE_KEY_SECRET: "tooshort-but-secret" }, ["tooshort-but-secret"]],
      // A good pair next to a broken one: the good secret must not leak either.
      [{ SIGNING_KEYS: `k1:${secret},k2:halfsecret` }, [secret, "halfsecret"]],
      [{ SIGNING_KEYS: "k1:s3cr3t-value" }, ["s3cr3t-value"]],
      [{ DATABASE_URL: "mysql://admin:hunter2@db.internal/keyport" }, ["hunter2", "admin"]],
      [{ SMTP_URL: "http://mailer:mailpass@smtp.example.com" }, ["mailpass"]],
    ];
    for (const [env, secrets] of leaks) {
      const error = configError(env);
      for (const value of secrets) {
        expect(error.message).not.toContain(value);
        expect(error.issues.join("\n")).not.toContain(value);
      }
    }
  });

  it("lists every bad variable at once", () => {
    const error = configError({
      PORT: "abc",
      DATABASE_URL: "mysql://db/keyport",
      ALLOWED_ORIGINS: "https://a.example/x",
      LOG_LEVEL: "loud",
      SMTP_URL: "http://mail",
    });
    const named = error.issues.map((issue) => issue.split(":")[0]).sort();
    expect(named).toEqual(["ALLOWED_ORIGINS", "DATABASE_URL", "LOG_LEVEL", "PORT", "SMTP_URL"]);
    for (const name of named) expect(error.message).toContain(`  - ${name}: `);
  });

  it("writes no secrets file when the configuration is refused", () => {
    const dataDir = tempDir();
    expect(() => loadConfig({ DATA_DIR: dataDir, PORT: "abc" })).toThrow(ConfigError);
    expect(existsSync(join(dataDir, "secrets.json"))).toBe(false);
  });
});

describe("loadConfig asset store", () => {
  it("keeps assets on the local disk unless ASSET_STORE says s3", () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).assetStore).toEqual({ kind: "local" });
    expect(
      loadConfig({ DATA_DIR: tempDir(), ASSET_STORE: "local", S3_BUCKET: "ignored" }).assetStore,
    ).toEqual({ kind: "local" });
  });

  it("reads the S3 settings with their defaults", () => {
    expect(
      loadConfig({ DATA_DIR: tempDir(), ASSET_STORE: "s3", S3_BUCKET: "assets" }).assetStore,
    ).toEqual({
      kind: "s3",
      bucket: "assets",
      region: "us-east-1",
      endpoint: undefined,
      forcePathStyle: false,
      credentials: undefined,
      prefix: "",
    });
    const config = loadConfig({
      DATA_DIR: tempDir(),
      ASSET_STORE: "s3",
      S3_BUCKET: "keyport.assets",
      S3_REGION: "eu-central-1",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
      S3_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG",
      S3_PREFIX: "/keyport/assets/",
    });
    expect(config.assetStore).toEqual({
      kind: "s3",
      bucket: "keyport.assets",
      region: "eu-central-1",
      endpoint: "http://127.0.0.1:9000",
      forcePathStyle: true,
      credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG" },
      prefix: "keyport/assets",
    });
  });

  it("reads S3_FORCE_PATH_STYLE as true/false or 1/0", () => {
    const style = (value: string) =>
      loadConfig({
        DATA_DIR: tempDir(),
        ASSET_STORE: "s3",
        S3_BUCKET: "assets",
        S3_FORCE_PATH_STYLE: value,
      }).assetStore;
    expect(style("1")).toMatchObject({ forcePathStyle: true });
    expect(style("0")).toMatchObject({ forcePathStyle: false });
    expect(style("false")).toMatchObject({ forcePathStyle: false });
  });

  it("names the variable that is wrong or missing", () => {
    const cases: [Record<string, string>, string][] = [
      [{ ASSET_STORE: "ftp" }, "ASSET_STORE"],
      [{ ASSET_STORE: "s3" }, "S3_BUCKET"],
      [{ ASSET_STORE: "s3", S3_BUCKET: "a" }, "S3_BUCKET"],
      [{ ASSET_STORE: "s3", S3_BUCKET: "has space" }, "S3_BUCKET"],
      [{ ASSET_STORE: "s3", S3_BUCKET: "b01", S3_ENDPOINT: "minio:9000" }, "S3_ENDPOINT"],
      [{ ASSET_STORE: "s3", S3_BUCKET: "b01", S3_REGION: "EU Central" }, "S3_REGION"],
      [{ ASSET_STORE: "s3", S3_BUCKET: "b01", S3_FORCE_PATH_STYLE: "yes" }, "S3_FORCE_PATH_STYLE"],
      [{ ASSET_STORE: "s3", S3_BUCKET: "b01", S3_PREFIX: "a b" }, "S3_PREFIX"],
      [{ ASSET_STORE: "s3", S3_BUCKET: "b01", S3_ACCESS_KEY_ID: "AKIA" }, "S3_SECRET_ACCESS_KEY"],
      [{ ASSET_STORE: "s3", S3_BUCKET: "b01", S3_SECRET_ACCESS_KEY: "x" }, "S3_ACCESS_KEY_ID"],
    ];
    for (const [env, name] of cases) {
      const error = configError(env);
      expect(
        error.issues.map((issue) => issue.split(":")[0]),
        JSON.stringify(env),
      ).toEqual([name]);
    }
  });

  it("never echoes the S3 secret key", () => {
    const error = configError({
      ASSET_STORE: "s3",
      S3_BUCKET: "b01",
      S3_SECRET_ACCESS_KEY: "sup3r-s3cret",
    });
    expect(error.issues).toEqual(["S3_ACCESS_KEY_ID: required when S3_SECRET_ACCESS_KEY is set"]);
    expect(error.message).not.toContain("sup3r-s3cret");
  });
});
