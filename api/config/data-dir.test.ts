import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/connection.ts";
import { capturingLogger } from "../test/log-capture.ts";
import { loadConfig } from "./config.ts";
import { prepareDataDir, restrictToOwner } from "./data-dir.ts";

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "keyport-data-dir-"));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** Every path under `root` (itself included) with its permission bits. */
function modes(root: string): Map<string, number> {
  const found = new Map<string, number>();
  const visit = (path: string) => {
    const stats = statSync(path);
    found.set(path, stats.mode & 0o777);
    if (stats.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  visit(root);
  return found;
}

function expectOwnerOnly(root: string) {
  for (const [path, mode] of modes(root)) {
    const kind = statSync(path).isDirectory() ? "folder" : "file";
    expect(`${kind} ${path} ${mode.toString(8)}`).toBe(
      `${kind} ${path} ${(kind === "folder" ? 0o700 : 0o600).toString(8)}`,
    );
  }
}

describe("prepareDataDir", () => {
  it("generates secrets once into DATA_DIR/secrets.json (mode 0600) and reuses them", () => {
    const dataDir = join(tempDir(), "fresh");
    const first = prepareDataDir(loadConfig({ DATA_DIR: dataDir }));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const file = join(dataDir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.licenseKeySecret).toHaveLength(32);
    expect(first.signingKeys).toHaveLength(1);
    expect(first.signingKeys[0]!.kid).toBe("k1");
    expect(first.signingKeys[0]!.secret).toHaveLength(32);
    expect(
      Buffer.from(first.licenseKeySecret).equals(Buffer.from(first.signingKeys[0]!.secret)),
    ).toBe(false);

    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(Buffer.from(stored.licenseKeySecret, "base64url")).toEqual(
      Buffer.from(first.licenseKeySecret),
    );

    const second = prepareDataDir(loadConfig({ DATA_DIR: dataDir }));
    expect(Buffer.from(second.licenseKeySecret)).toEqual(Buffer.from(first.licenseKeySecret));
    expect(second.signingKeys.map((key) => [key.kid, Buffer.from(key.secret)])).toEqual(
      first.signingKeys.map((key) => [key.kid, Buffer.from(key.secret)]),
    );

    // Another data directory is another installation with its own secrets.
    const other = prepareDataDir(loadConfig({ DATA_DIR: tempDir() }));
    expect(Buffer.from(other.licenseKeySecret)).not.toEqual(Buffer.from(first.licenseKeySecret));
  });

  it("writes no secrets file when both secrets are configured", () => {
    const dataDir = tempDir();
    const secret = randomBytes(32).toString("hex");
    const config = prepareDataDir(
      loadConfig({ DATA_DIR: dataDir, LICENSE_KEY_SECRET: secret, SIGNING_KEYS: `k:${secret}` }),
    );
    expect(existsSync(join(dataDir, "secrets.json"))).toBe(false);
    expect(Buffer.from(config.licenseKeySecret).toString("hex")).toBe(secret);
  });

  it("makes no data directory where nothing needs one (PostgreSQL, S3, secrets given)", () => {
    const dataDir = join(tempDir(), "unused");
    const secret = randomBytes(32).toString("hex");
    prepareDataDir(
      loadConfig({
        DATA_DIR: dataDir,
        DATABASE_URL: "postgres://keyport@db.internal/keyport",
        ASSET_STORE: "s3",
        S3_BUCKET: "assets",
        LICENSE_KEY_SECRET: secret,
        SIGNING_KEYS: `k:${secret}`,
      }),
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it("makes a data directory open to others owner-only, and says so in the log", () => {
    const dataDir = tempDir();
    chmodSync(dataDir, 0o755);
    mkdirSync(join(dataDir, "assets", ".incoming"), { recursive: true, mode: 0o777 });
    chmodSync(join(dataDir, "assets"), 0o775);
    writeFileSync(join(dataDir, "assets", "ast_1"), "bytes", { mode: 0o644 });
    writeFileSync(join(dataDir, "demo.json"), "{}", { mode: 0o666 });
    // A link is left alone: its target is not DATA_DIR's to change.
    const outside = join(tempDir(), "elsewhere.txt");
    writeFileSync(outside, "not ours", { mode: 0o644 });
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dataDir, "link"));
    const { logger, lines } = capturingLogger();

    prepareDataDir(loadConfig({ DATA_DIR: dataDir }), { logger });

    expectOwnerOnly(join(dataDir, "assets"));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, "demo.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(statSync(outside).mode & 0o777).toBe(0o644);
    const warning = lines.find((line) => String(line.msg).startsWith("DATA_DIR was open"));
    expect(warning).toMatchObject({ level: 40, dataDir, fixed: 5 });
    expect(warning?.examples).toEqual([
      ".",
      "assets",
      "assets/.incoming",
      "assets/ast_1",
      "demo.json",
    ]);

    // Once owner-only, a later start has nothing to say.
    const again = capturingLogger();
    prepareDataDir(loadConfig({ DATA_DIR: dataDir }), { logger: again.logger });
    expect(again.lines).toEqual([]);
  });
});

describe("restrictToOwner", () => {
  it("keeps only the owner's bits and reports what it changed", () => {
    const root = tempDir();
    chmodSync(root, 0o700);
    writeFileSync(join(root, "private"), "", { mode: 0o600 });
    writeFileSync(join(root, "readonly"), "", { mode: 0o444 });
    chmodSync(join(root, "readonly"), 0o444);
    expect(restrictToOwner(root)).toEqual({ loosened: ["readonly"], unfixable: [] });
    expect(statSync(join(root, "readonly")).mode & 0o777).toBe(0o400);
  });
});

describe("the embedded database's files", () => {
  it("are owner-only once PGlite has opened, though PGlite creates them 0666", async () => {
    const pgdata = join(tempDir(), "pgdata");
    const database = await openDatabase({ pgliteDataDir: pgdata });
    try {
      expectOwnerOnly(pgdata);
    } finally {
      await database.close();
    }
  }, 60_000);
});
