import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { Kysely, PostgresDialect } from "kysely";
import { type Migration, Migrator } from "kysely/migration";
import pg from "pg";
import { generateSecretToken, hashSecretToken } from "../../api/core/secret-token.ts";
import { hashPassword } from "../../api/credentials/password.ts";
import { migrateToLatest } from "../../api/db/migrate.ts";
import * as initial from "../../api/db/migrations/0001-initial.ts";
import * as notifications from "../../api/db/migrations/0002-notifications.ts";
import * as releaseNotices from "../../api/db/migrations/0003-release-notices.ts";
import * as sessionSecurityChanges from "../../api/db/migrations/0004-session-security-changes.ts";
import type { Database } from "../../api/db/schema.ts";
import {
  createLicenseKeyCrypto,
  encryptLicenseKey,
  generateLicenseKey,
  hashLicenseKey,
  licenseKeyLastGroup,
} from "../../api/licenses/license-key.ts";

/**
 * The API benchmark's data: the scale (100,000 accounts, 1,000,000
 * licenses, 3,000,000 activations, 5,000,000 validation events at `scale` 1)
 * made with `insert … select … from generate_series` in a database of its own,
 * on Keyport's real schema. The bulk is written for the schema of the first four
 * migrations; every later migration then runs over the data, as an upgrade of a
 * large installation would, so whatever it derives (counters, summaries,
 * partitions) is filled the way Keyport fills it. A few thousand rows get
 * secrets made in JavaScript the way Keyport makes them (session tokens as their
 * SHA-256, license keys as their HMAC and sealed), and the secrets are kept in
 * `bench_secrets` so the load runs can use them; the bulk gets placeholders of
 * the same shape that no client knows.
 */

/** The license-key secret the bench database was made with; Keyport must be started with it. */
export const BENCH_LICENSE_KEY_SECRET =
  "62656e63682d6c6963656e73652d6b65792d7365637265742d33322d6279746573";
/** The password of the sign-in users (`bench-signin-<n>@example.com`). */
export const BENCH_PASSWORD = "bench-password-long-enough";
/** Bump when the generated rows change shape, so an old database is rebuilt. */
const GENERATOR_VERSION = 1;

export interface ScaleSizes {
  readonly accounts: number;
  readonly licenses: number;
  readonly activations: number;
  readonly validationEvents: number;
  /** Licenses of the one large owner (account 1). */
  readonly bigOwnerLicenses: number;
  /** Typical owners with a known session token. */
  readonly sessionUsers: number;
  /** Licenses with a known key (for the Licensing API). */
  readonly knownKeys: number;
  /** Users with a known password (for the sign-in burst). */
  readonly signInUsers: number;
}

/** The sizes times `scale`; the known secrets shrink with it too, never below a few. */
export function sizesFor(scale: number): ScaleSizes {
  const of = (n: number, min = 1) => Math.max(min, Math.round(n * scale));
  const accounts = of(100_000, 20);
  const licenses = of(1_000_000, 200);
  return {
    accounts,
    licenses,
    activations: of(3_000_000, 600),
    validationEvents: of(5_000_000, 1000),
    bigOwnerLicenses: Math.min(10_000, Math.floor(licenses / 10)),
    sessionUsers: Math.min(2000, accounts - 10),
    knownKeys: Math.min(5000, Math.floor(licenses / 2)),
    signInUsers: Math.min(50, accounts - 10),
  };
}

export interface BenchSecrets {
  /** Bearer tokens of typical owners (about 10 licenses each). */
  readonly typicalTokens: string[];
  /** Bearer tokens of the owner of `bigOwnerLicenses` licenses. */
  readonly bigOwnerTokens: string[];
  /** License keys the Licensing API accepts. */
  readonly licenseKeys: string[];
  /** Emails of users whose password is {@link BENCH_PASSWORD}. */
  readonly signInEmails: string[];
}

export interface ScaleDatabase {
  readonly url: string;
  readonly sizes: ScaleSizes;
  readonly secrets: BenchSecrets;
  /** Whether the rows were made in this run (false: reused). */
  readonly built: boolean;
  readonly seconds: number;
}

const ENTITY_PREFIX = "01JZ";
/** A valid, time-ordered id: the prefix, then 26 Crockford characters (hex is a subset). */
const ID_FUNCTION = `
create or replace function bench_id(prefix text, n bigint) returns text
language sql immutable as $$ select prefix || '_${ENTITY_PREFIX}' || lpad(upper(to_hex(n)), 22, '0') $$`;

/** The bulk, in dependency order; `:name` are sizes. Foreign keys are not checked while it runs. */
const BULK_STEPS: readonly { table: string; sql: string }[] = [
  {
    table: "accounts",
    sql: `insert into accounts (id, name, kind, created_at, updated_at)
      select bench_id('acc', a), 'Account ' || a, case when a % 3 = 0 then 'individual' else 'organization' end,
             now() - interval '400 days', now() - interval '400 days'
      from generate_series(1, :accounts) a`,
  },
  {
    table: "users",
    sql: `insert into users (id, account_id, email, name, role, created_at, updated_at)
      select bench_id('usr', a), bench_id('acc', a), 'owner-' || a || '@bench.example.com', 'Owner ' || a, 'owner',
             now() - interval '400 days', now() - interval '400 days'
      from generate_series(1, :accounts) a`,
  },
  {
    table: "products",
    sql: `insert into products (id, name, slug, description)
      select bench_id('prd', p), 'Product ' || p, 'product-' || p, 'Benchmark product ' || p
      from generate_series(1, 10) p`,
  },
  {
    table: "entitlements",
    sql: `insert into entitlements (id, code, name)
      select bench_id('ent', e), 'feature-' || e, 'Feature ' || e from generate_series(1, 4) e`,
  },
  {
    table: "policies",
    sql: `insert into policies (id, product_id, name, max_machines, max_domains, duration_days, expiration_strategy, deactivation_limit)
      select bench_id('pol', p), bench_id('prd', (p - 1) % 10 + 1), 'Policy ' || p,
             case when p % 2 = 0 then 3 else 5 end, case when p % 4 = 0 then 2 else 0 end, 365,
             (array['restrict', 'maintain', 'allow', 'revoke'])[p % 4 + 1], 3
      from generate_series(1, 20) p`,
  },
  {
    table: "policy_entitlements",
    sql: `insert into policy_entitlements (policy_id, entitlement_id)
      select bench_id('pol', p), bench_id('ent', p % 4 + 1) from generate_series(1, 20) p`,
  },
  {
    table: "releases",
    sql: `insert into releases (id, product_id, version, channel, published_at, notes, announced_at)
      select bench_id('rel', (p - 1) * 8 + r), bench_id('prd', p), '1.' || r || '.0',
             case when r = 8 then 'beta' else 'stable' end, now() - (9 - r) * interval '20 days',
             'Release notes for 1.' || r || '.0', now() - (9 - r) * interval '20 days'
      from generate_series(1, 10) p, generate_series(1, 8) r`,
  },
  {
    table: "assets",
    sql: `insert into assets (id, release_id, filename, kind, platform, arch, size, sha256, content_type, storage_key)
      select bench_id('ast', (rel - 1) * 3 + f), bench_id('rel', rel),
             (array['setup-x64.exe', 'app-arm64.dmg', 'manual.pdf'])[f],
             case when f = 3 then 'docs' else 'installer' end,
             (array['windows', 'macos', null])[f], (array['x64', 'arm64', null])[f],
             10485760 * f, md5(rel || '-' || f) || md5(f || '-' || rel), 'application/octet-stream',
             'bench/' || rel || '/' || f
      from generate_series(1, 80) rel, generate_series(1, 3) f`,
  },
  {
    table: "asset_entitlements",
    sql: `insert into asset_entitlements (asset_id, entitlement_id)
      select bench_id('ast', (rel - 1) * 3 + 2), bench_id('ent', rel % 4 + 1) from generate_series(1, 80) rel`,
  },
  {
    // Licenses 1..:big belong to account 1, the rest are dealt round the other accounts.
    table: "licenses",
    sql: `insert into licenses (id, account_id, policy_id, product_id, name, key_encrypted, key_hash, key_last5,
                                expires_at, maintenance_expires_at, suspended_at, created_at, updated_at)
      select bench_id('lic', l), bench_id('acc', case when l <= :big then 1 else 2 + (l - :big - 1) % (:accounts - 1) end),
             bench_id('pol', (l - 1) % 20 + 1), bench_id('prd', ((l - 1) % 20) % 10 + 1), 'License ' || l,
             :sealed, md5('lic-' || l) || md5('key-' || l), upper(substr(md5('last-' || l), 1, 5)),
             case when l % 10 = 0 then null when l % 10 = 1 then now() + (l % 20) * interval '1 day'
                  when l % 10 = 2 then now() - (l % 90 + 1) * interval '1 day' else now() + (l % 300 + 30) * interval '1 day' end,
             case when l % 10 = 0 then null else now() + (l % 200) * interval '1 day' end,
             case when l % 97 = 0 then now() - interval '3 days' end,
             now() - (l % 365) * interval '1 day', now() - (l % 365) * interval '1 day'
      from generate_series(1, :licenses) l`,
  },
  {
    // :activations / :licenses per license, every tenth one deactivated by the customer.
    table: "activations",
    sql: `insert into activations (id, license_id, account_id, kind, identifier, name, hostname, platform, ip, version,
                                   created_at, last_seen_at, deactivated_at, deactivated_by)
      select bench_id('act', a), bench_id('lic', l),
             bench_id('acc', case when l <= :big then 1 else 2 + (l - :big - 1) % (:accounts - 1) end),
             'machine', md5('fp-' || a), 'MACHINE-' || a, 'host-' || a, 'linux', '198.51.100.' || (a % 250 + 1), '1.7.0',
             now() - (a % 300 + 10) * interval '1 day', now() - (a % 7) * interval '1 hour',
             case when a % 10 = 0 then now() - (a % 40) * interval '1 day' end,
             case when a % 10 = 0 then 'customer' end
      from generate_series(1, :activations) a, lateral (select (a - 1) % :licenses + 1 as l) lic`,
  },
  {
    // Five per license on average, over 60 days; one in twenty failed.
    table: "validation_events",
    sql: `insert into validation_events (id, license_id, account_id, activation_id, code, valid, fingerprint, version, ip, created_at)
      select bench_id('val', v), bench_id('lic', l),
             bench_id('acc', case when l <= :big then 1 else 2 + (l - :big - 1) % (:accounts - 1) end),
             case when v % 2 = 0 then bench_id('act', l) end,
             case when v % 20 = 0 then 'FINGERPRINT_SCOPE_MISMATCH' else 'VALID' end, v % 20 <> 0,
             md5('fp-' || l), '1.7.0', '198.51.100.' || (v % 250 + 1),
             now() - ((:events - v) % 86400 * 60) * interval '1 second'
      from generate_series(1, :events) v, lateral (select (v - 1) % :licenses + 1 as l) lic`,
  },
  {
    // Two entries per account for the dashboard's recent activity.
    table: "activity",
    sql: `insert into activity (id, account_id, user_id, actor, action, subject_type, subject_id, license_id, data, created_at)
      select bench_id('evt', n), bench_id('acc', acc), bench_id('usr', acc), 'customer', 'activation.deactivated',
             'activation', bench_id('act', n), null, '{}'::jsonb, now() - (n % 30) * interval '1 day'
      from generate_series(1, :accounts * 2) n, lateral (select (n - 1) % :accounts + 1 as acc) a`,
  },
];

/** The big tables: their secondary indexes are dropped for the bulk and built again after. */
const REINDEXED = ["licenses", "activations", "validation_events", "activity", "users"];

function bind(sqlText: string, values: Record<string, string | number>): string {
  return sqlText.replace(/(?<!:):([a-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`scale data: no value for :${name}`);
    return typeof value === "number" ? String(value) : `'${value.replace(/'/g, "''")}'`;
  });
}

/** `postgres://…/postgres` → the same server, database `name`. */
export function databaseUrlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

async function recreateDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

/** The migrations the bulk's SQL is written for; later ones run after it. */
const BULK_SCHEMA: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-notifications": notifications,
  "0003-release-notices": releaseNotices,
  "0004-session-security-changes": sessionSecurityChanges,
};

async function withKysely<T>(url: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** The names of Keyport's migrations, from its migrations folder. */
function migrationNames(): string[] {
  const folder = new URL("../../api/db/migrations/", import.meta.url);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => file.slice(0, -3))
    .sort();
}

/** Whether every migration Keyport has now ran on this database. */
async function migrationsCurrent(client: pg.Client): Promise<boolean> {
  const { rows } = await client
    .query<{ name: string }>("select name from kysely_migration")
    .catch(() => ({ rows: [] as { name: string }[] }));
  const done = new Set(rows.map((row) => row.name));
  return migrationNames().every((name) => done.has(name));
}

interface Marker {
  readonly generator: number;
  readonly sizes: ScaleSizes;
}

async function readMarker(client: pg.Client): Promise<Marker | null> {
  const { rows } = await client.query<{ value: Marker }>(
    "select value from bench_marker where name = 'scale' and to_regclass('bench_marker') is not null",
  );
  return rows[0]?.value ?? null;
}

async function readSecrets(client: pg.Client): Promise<BenchSecrets> {
  const { rows } = await client.query<{ kind: string; secret: string }>(
    "select kind, secret from bench_secrets order by kind, n",
  );
  const of = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => row.secret);
  return {
    typicalTokens: of("typical-token"),
    bigOwnerTokens: of("big-owner-token"),
    licenseKeys: of("license-key"),
    signInEmails: of("sign-in-email"),
  };
}

/** Known secrets, made the way Keyport makes them, written over the placeholders. */
async function writeSecrets(client: pg.Client, sizes: ScaleSizes): Promise<void> {
  const crypto = createLicenseKeyCrypto(Buffer.from(BENCH_LICENSE_KEY_SECRET, "hex"));
  const secrets: { kind: string; n: number; secret: string }[] = [];

  const sessions = { id: [] as string[], user: [] as string[], hash: [] as string[] };
  const addSession = (kind: string, n: number, account: number) => {
    const token = generateSecretToken("kps_");
    sessions.id.push(
      `ses_${ENTITY_PREFIX}${(sessions.id.length + 1).toString(16).toUpperCase().padStart(22, "0")}`,
    );
    sessions.user.push(
      `usr_${ENTITY_PREFIX}${account.toString(16).toUpperCase().padStart(22, "0")}`,
    );
    sessions.hash.push(hashSecretToken(token));
    secrets.push({ kind, n, secret: token });
  };
  for (let n = 0; n < 20; n++) addSession("big-owner-token", n, 1);
  for (let n = 0; n < sizes.sessionUsers; n++) addSession("typical-token", n, 2 + n);
  await client.query(
    `insert into sessions (id, user_id, token_hash, kind, user_agent, ip, created_at, last_used_at, expires_at)
     select id, user_id, token_hash, 'bearer', 'keyport-bench', '127.0.0.1', now(), now(), now() + interval '7 days'
     from unnest($1::text[], $2::text[], $3::text[]) as s(id, user_id, token_hash)`,
    [sessions.id, sessions.user, sessions.hash],
  );

  // Known keys on the typical accounts' licenses (after the big owner's).
  const keys = {
    n: [] as number[],
    encrypted: [] as string[],
    hash: [] as string[],
    last5: [] as string[],
  };
  for (let n = 0; n < sizes.knownKeys; n++) {
    const key = generateLicenseKey();
    keys.n.push(sizes.bigOwnerLicenses + 1 + n);
    keys.encrypted.push(encryptLicenseKey(crypto, key));
    keys.hash.push(hashLicenseKey(crypto, key));
    keys.last5.push(licenseKeyLastGroup(key));
    secrets.push({ kind: "license-key", n, secret: key });
  }
  await client.query(
    `update licenses set key_encrypted = k.encrypted, key_hash = k.hash, key_last5 = k.last5
     from unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) as k(n, encrypted, hash, last5)
     where licenses.id = bench_id('lic', k.n)`,
    [keys.n, keys.encrypted, keys.hash, keys.last5],
  );

  // Sign-in users: members of typical accounts with a real argon2id hash (one hash, many users).
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const emails = Array.from(
    { length: sizes.signInUsers },
    (_, n) => `bench-signin-${n}@example.com`,
  );
  await client.query(
    `insert into users (id, account_id, email, name, role, password_hash)
     select bench_id('usr', 1000000000 + n), bench_id('acc', 2 + n), email, 'Sign-in ' || n, 'member', $2
     from unnest($1::text[]) with ordinality as e(email, n)`,
    [emails, passwordHash],
  );
  emails.forEach((email, n) => {
    secrets.push({ kind: "sign-in-email", n, secret: email });
  });

  await client.query(
    "create table bench_secrets (kind text not null, n integer not null, secret text not null)",
  );
  await client.query(
    "insert into bench_secrets select * from unnest($1::text[], $2::int[], $3::text[])",
    [secrets.map((s) => s.kind), secrets.map((s) => s.n), secrets.map((s) => s.secret)],
  );
}

/** Keeps the known sessions live however long ago the data was made (they have an idle limit). */
async function refreshSessions(client: pg.Client): Promise<void> {
  await client.query(
    "update sessions set last_used_at = now(), expires_at = now() + interval '7 days', revoked_at = null where user_agent = 'keyport-bench'",
  );
  await client.query("delete from throttle_counters");
}

/**
 * The bench database at `sizes`, reused when it was made by this generator at
 * these sizes and no migration was pending; otherwise (or with `fresh`) made anew.
 */
export async function prepareScaleDatabase({
  serverUrl,
  name,
  sizes,
  fresh,
  log,
  laterMigrations = true,
}: {
  serverUrl: string;
  name: string;
  sizes: ScaleSizes;
  fresh: boolean;
  log: (line: string) => void;
  /**
   * false: stop at the bulk's schema (the first four migrations), for measuring
   * a build of Keyport from before the later ones; such a database is never reused.
   */
  laterMigrations?: boolean;
}): Promise<ScaleDatabase> {
  const started = performance.now();
  const url = databaseUrlOf(serverUrl, name);
  if (!fresh && (await databaseExists(serverUrl, name))) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const current = await migrationsCurrent(client);
      const marker = current ? await readMarker(client).catch(() => null) : null;
      if (
        marker &&
        marker.generator === GENERATOR_VERSION &&
        (Object.keys(sizes) as (keyof ScaleSizes)[]).every(
          (key) => marker.sizes[key] === sizes[key],
        )
      ) {
        await refreshSessions(client);
        log(`reusing database ${name} (its migrations are current)`);
        return {
          url,
          sizes,
          secrets: await readSecrets(client),
          built: false,
          seconds: (performance.now() - started) / 1000,
        };
      }
      log(
        current
          ? `database ${name} was made for other sizes or by an older generator; rebuilding`
          : `database ${name} misses a migration; rebuilding`,
      );
    } finally {
      await client.end();
    }
  }
  await recreateDatabase(serverUrl, name);
  await withKysely(url, async (db) => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => BULK_SCHEMA } });
    const result = await migrator.migrateToLatest();
    if (result.error)
      throw new Error("scale data: base migrations failed", { cause: result.error });
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set session_replication_role = replica");
    await client.query("set maintenance_work_mem = '512MB'");
    await client.query("set synchronous_commit = off");
    await client.query(ID_FUNCTION);
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class t on t.oid = i.indrelid
       where t.relname = any($1) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
      [REINDEXED],
    );
    for (const index of indexes) await client.query(`drop index ${index.name}`);
    const crypto = createLicenseKeyCrypto(Buffer.from(BENCH_LICENSE_KEY_SECRET, "hex"));
    const values = {
      accounts: sizes.accounts,
      licenses: sizes.licenses,
      activations: sizes.activations,
      events: sizes.validationEvents,
      big: sizes.bigOwnerLicenses,
      // Nobody reads the bulk's keys in clear; one sealed placeholder does for all of them.
      sealed: encryptLicenseKey(crypto, generateLicenseKey()),
    };
    for (const step of BULK_STEPS) {
      const stepStarted = performance.now();
      const result = await client.query(bind(step.sql, values));
      log(
        `${step.table.padEnd(20)}${String(result.rowCount).padStart(10)} rows  ${((performance.now() - stepStarted) / 1000).toFixed(1)} s`,
      );
    }
    const indexStarted = performance.now();
    for (const index of indexes) await client.query(index.definition);
    log(
      `${"indexes".padEnd(20)}${String(indexes.length).padStart(10)}       ${((performance.now() - indexStarted) / 1000).toFixed(1)} s`,
    );
    await client.query("set session_replication_role = origin");
    await client.query("analyze");
    const migrateStarted = performance.now();
    const later = laterMigrations
      ? await withKysely(url, async (db) => (await migrateToLatest(db)).results ?? [])
      : [];
    log(
      `${"later migrations".padEnd(20)}${String(later.length).padStart(10)}       ${((performance.now() - migrateStarted) / 1000).toFixed(1)} s  ${later.map((m) => m.migrationName).join(", ")}`,
    );
    await writeSecrets(client, sizes);
    const analyzeStarted = performance.now();
    await client.query("vacuum (analyze)");
    log(
      `${"vacuum analyze".padEnd(30)}       ${((performance.now() - analyzeStarted) / 1000).toFixed(1)} s`,
    );
    await client.query("create table bench_marker (name text primary key, value jsonb not null)");
    await client.query("insert into bench_marker values ('scale', $1)", [
      JSON.stringify({ generator: GENERATOR_VERSION, sizes } satisfies Marker),
    ]);
    return {
      url,
      sizes,
      secrets: await readSecrets(client),
      built: true,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}

/** A random suffix, for names that must not collide between runs. */
export function randomSuffix(): string {
  return randomBytes(4).toString("hex");
}
