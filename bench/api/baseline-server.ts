import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";
import * as SQL from "./baseline-sql.ts";

/**
 * The baseline the API benchmark measures Keyport against: `node:http` and raw
 * `pg`, nothing else, sending the same SQL statements per route as Keyport
 * (baseline-sql.ts) with the same pool size and the same auth work (the bearer
 * token's SHA-256, the session lookup and its once-a-minute touch; the license
 * key's normalisation, HMAC and throttle hit), answering the same JSON shape.
 * What it leaves out is everything a framework adds: routing tables, middleware,
 * schema validation, a query builder, Web-standard Request/Response objects.
 *
 * It serves what the benchmark calls, as an owner sees it (the bench's callers
 * are owners), and decides validity with a short version of Keyport's checks
 * (status and expiration strategy): the work per request, not every rule.
 *
 * Run by the bench as `node bench/api/baseline-server.ts` (Node strips the types)
 * with PORT, DATABASE_URL, POOL_SIZE, LICENSE_KEY_SECRET, SESSION_IDLE_MINUTES.
 */

pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const env = process.env;
const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.POOL_SIZE ?? 10),
});
pool.on("error", () => {});
const idleMs = Number(env.SESSION_IDLE_MINUTES ?? 120) * 60_000;
const lookupKey = Buffer.from(
  hkdfSync(
    "sha256",
    Buffer.from(env.LICENSE_KEY_SECRET ?? "", "hex"),
    new Uint8Array(0),
    "keyport license-key lookup v1",
    32,
  ),
);

const TOUCH_INTERVAL_MS = 60_000;
const DAY_MS = 86_400_000;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

type Row = Record<string, unknown>;
interface Session {
  readonly userId: string;
  readonly accountId: string;
  readonly role: string;
}

/** An answer other than 200, as problem+json (no parameter properties: Node strips types only). */
class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

async function query(text: string, values: unknown[]): Promise<Row[]> {
  return (await pool.query(text, values)).rows;
}

/** The same checks as Keyport's session validation, in one lookup and at most one touch a minute. */
async function sessionOf(req: IncomingMessage): Promise<Session> {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  const token = match?.[1];
  if (!token) throw new HttpError(401, "UNAUTHENTICATED");
  if (!token.startsWith("kps_") || token.length > 100) throw new HttpError(401, "SESSION_EXPIRED");
  const hash = createHash("sha256").update(token).digest("hex");
  const [row] = await query(SQL.SESSION_LOOKUP, [hash]);
  const now = Date.now();
  if (!row || row.revoked_at || (row.expires_at as Date).getTime() <= now) {
    throw new HttpError(401, "SESSION_EXPIRED");
  }
  const idle = now - (row.last_used_at as Date).getTime();
  if (row.kind !== "portal" && idle >= idleMs) throw new HttpError(401, "SESSION_EXPIRED");
  if (idle > TOUCH_INTERVAL_MS) await query(SQL.SESSION_TOUCH, [new Date(now), row.id]);
  return {
    userId: row.user_id as string,
    accountId: row.account_id as string,
    role: row.role as string,
  };
}

function statusOf(row: Row, warningDays: number, now: number): string {
  if (row.revoked_at) return "revoked";
  if (row.suspended_at) return "suspended";
  const expires = row.expires_at as Date | null;
  if (expires === null) return "active";
  if (expires.getTime() <= now) return "expired";
  if (expires.getTime() <= now + warningDays * DAY_MS) return "expiring";
  return "active";
}

const cursorOf = (id: string) => Buffer.from(id).toString("base64url");
const pageLimit = (url: URL, fallback: number) =>
  Math.min(100, Math.max(1, Number(url.searchParams.get("limit") ?? fallback) || fallback));

async function licenses(req: IncomingMessage, url: URL) {
  const session = await sessionOf(req);
  const limit = pageLimit(url, 25);
  const rows = await query(SQL.LICENSE_PAGE, [session.accountId, limit + 1]);
  const page = rows.slice(0, limit);
  const now = Date.now();
  return {
    data: page.map((row) => ({
      id: row.id,
      name: row.name,
      product: { id: row.product_id, name: row.product_name },
      status: statusOf(row, row.expiry_warning_days as number, now),
      keyMasked: `•••••-•••••-•••••-•••••-${row.key_last5}`,
      expiresAt: iso(row.expires_at as Date | null),
      maintenanceExpiresAt: iso(row.maintenance_expires_at as Date | null),
      machines: {
        used: row.machines_used as number,
        total: (row.max_machines ?? row.policy_max_machines) as number,
      },
      domains: {
        used: row.domains_used as number,
        total: (row.max_domains ?? row.policy_max_domains) as number,
      },
      createdAt: iso(row.created_at as Date),
    })),
    nextCursor: rows.length > limit ? cursorOf(page.at(-1)!.id as string) : null,
  };
}

async function activations(req: IncomingMessage, url: URL) {
  const session = await sessionOf(req);
  const limit = pageLimit(url, 25);
  const rows = await query(SQL.ACTIVATION_PAGE, [
    "customer",
    new Date(),
    session.accountId,
    session.accountId,
    limit + 1,
  ]);
  const page = rows.slice(0, limit);
  return {
    data: page.map((row) => {
      const identifier = row.identifier as string;
      const limitReached =
        row.deactivation_limit !== null &&
        (row.recent_deactivations as number) >= (row.deactivation_limit as number);
      const canDeactivate = !row.deactivated_at && !row.protected && !limitReached;
      return {
        id: row.id,
        licenseId: row.license_id,
        licenseName: row.license_name,
        kind: row.kind,
        name: row.name,
        identifier:
          row.kind === "domain" || identifier.length <= 16
            ? identifier
            : `${identifier.slice(0, 8)}…${identifier.slice(-6)}`,
        hostname: row.hostname,
        platform: row.platform,
        ip: row.ip,
        version: row.version,
        createdAt: iso(row.created_at as Date),
        lastSeenAt: iso(row.last_seen_at as Date),
        status: row.deactivated_at ? "deactivated" : "active",
        deactivatedAt: iso(row.deactivated_at as Date | null),
        deactivatedBy: row.deactivated_by,
        reason: row.reason,
        canDeactivate,
        ...(canDeactivate
          ? {}
          : {
              cannotDeactivateReason: row.deactivated_at
                ? "already_deactivated"
                : row.protected
                  ? "protected"
                  : "limit_reached",
            }),
      };
    }),
    nextCursor: rows.length > limit ? cursorOf(page.at(-1)!.id as string) : null,
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

async function dashboard(req: IncomingMessage) {
  const session = await sessionOf(req);
  const now = new Date();
  const [row] = await query(SQL.DASHBOARD, [
    session.accountId,
    now,
    now,
    new Date(now.getTime() - 7 * DAY_MS),
  ]);
  const activity = await query(SQL.RECENT_ACTIVITY, [session.accountId, 5]);
  if (!row) throw new HttpError(404, "NOT_FOUND");
  const n = (key: string) => Number(row[key] ?? 0);
  const warningDays = row.expiry_warning_days as number;
  const reasons = [
    ["LICENSES_EXPIRING", n("expiring"), "expiring_soon_ids", `expires within ${warningDays} days`],
    ["AT_LIMIT", n("at_limit"), "at_limit_ids", "use every machine or domain slot"],
    ["SUSPENDED", n("suspended"), "suspended_ids", "are suspended"],
    ["FAILING_VALIDATIONS", n("failing"), "failing_ids", "failed validations lately"],
  ] as const;
  const soon = row.expiring_soon as {
    id: string;
    name: string;
    expires_at: string;
    product_id: string;
    product_name: string;
  }[];
  const ids: Record<string, string[]> = {
    expiring_soon_ids: soon.map((license) => license.id),
    at_limit_ids: row.at_limit_ids as string[],
    suspended_ids: row.suspended_ids as string[],
    failing_ids: row.failing_ids as string[],
  };
  const total = n("total");
  const expired = n("expired");
  const expiring = n("expiring");
  const suspended = n("suspended");
  const revoked = n("revoked");
  const found = reasons.filter(([, count]) => count > 0);
  return {
    licenses: {
      total,
      active: total - expired - expiring - suspended - revoked,
      expiring,
      expired,
      suspended,
      revoked,
    },
    seats: {
      machines: { used: n("machines_used"), total: n("machines_total") },
      domains: { used: n("domains_used"), total: n("domains_total") },
    },
    expiryWarningDays: warningDays,
    expiringSoon: soon.map((license) => ({
      id: license.id,
      name: license.name,
      product: { id: license.product_id, name: license.product_name },
      expiresAt: new Date(license.expires_at).toISOString(),
      daysLeft: Math.ceil((new Date(license.expires_at).getTime() - now.getTime()) / DAY_MS),
    })),
    health: {
      status: found.length > 0 ? "attention" : "ok",
      reasons: found.map(([code, count, key, what]) => ({
        code,
        count,
        message: `${plural(count, "license", "licenses")} ${what}.`,
        licenseIds: ids[key],
      })),
    },
    recentActivity: activity.map((entry) => ({
      id: entry.id,
      action: entry.action,
      actor: entry.actor,
      user: entry.user_id ? { id: entry.user_id, name: entry.user_name } : null,
      subjectType: entry.subject_type,
      subjectId: entry.subject_id,
      licenseId: entry.license_id,
      data: entry.data,
      ip: entry.ip,
      createdAt: iso(entry.created_at as Date),
    })),
  };
}

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const id = row[key] as string;
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

async function downloads(req: IncomingMessage, url: URL) {
  const session = await sessionOf(req);
  const perProduct = pageLimit(
    new URL(`?limit=${url.searchParams.get("releasesPerProduct") ?? 20}`, url),
    20,
  );
  const now = new Date();
  const licenseRows = await query(SQL.DOWNLOAD_LICENSES, [session.accountId]);
  const usable = licenseRows.filter((row) => !row.revoked_at && !row.suspended_at);
  const byProduct = groupBy(usable, "product_id");
  if (byProduct.size === 0) return { data: [] };
  const productIds = [...byProduct.keys()];
  const products = [...byProduct.values()]
    .map((group) => group[0]!)
    .sort((a, b) => (a.product_rank as number) - (b.product_rank as number))
    .map((row) => ({ id: row.product_id, name: row.product_name, slug: row.product_slug }));
  const heads = groupBy(await query(SQL.DOWNLOAD_RELEASE_HEADS, [productIds, now]), "product_id");
  const pages = new Map<string, { releases: Row[]; more: boolean }>();
  for (const [id, releases] of heads) {
    releases.sort(
      (a, b) =>
        (b.published_at as Date).getTime() - (a.published_at as Date).getTime() ||
        String(b.id).localeCompare(String(a.id)),
    );
    pages.set(id, { releases: releases.slice(0, perProduct), more: releases.length > perProduct });
  }
  const kept = [...pages.values()].flatMap((page) => page.releases.map((release) => release.id));
  const details = new Map(
    (await query(SQL.DOWNLOAD_RELEASE_DETAILS, [kept])).map((row) => [row.id, row]),
  );
  const grantedIds = new Set(usable.flatMap((row) => row.entitlement_ids as string[]));
  return {
    data: products.map((product) => {
      const licensesOf = byProduct.get(product.id as string) ?? [];
      const page = pages.get(product.id as string) ?? { releases: [], more: false };
      return {
        id: product.id,
        name: product.name,
        slug: product.slug,
        releases: page.releases.map((release) => {
          const published = (release.published_at as Date).getTime();
          const covered = licensesOf.some((license) => {
            const until = (license.maintenance_expires_at ?? license.expires_at) as Date | null;
            return (
              until === null ||
              until.getTime() >= published ||
              license.expiration_strategy === "allow"
            );
          });
          return {
            id: release.id,
            version: release.version,
            channel: release.channel,
            publishedAt: iso(release.published_at as Date),
            notes: details.get(release.id)?.notes ?? null,
            covered,
            reason: covered ? null : { code: "NOT_COVERED", message: "Not covered.", at: null },
            assets: ((details.get(release.id)?.assets ?? []) as Row[]).map((asset) => {
              const required = asset.required as { id: string; code: string }[];
              const needs = required.map((entry) => entry.code);
              const missing = required
                .filter((entry) => !grantedIds.has(entry.id))
                .map((entry) => entry.code);
              const downloadable = covered && missing.length === 0;
              return {
                id: asset.id,
                filename: asset.filename,
                kind: asset.kind,
                platform: asset.platform,
                arch: asset.arch,
                size: asset.size,
                sha256: asset.sha256,
                contentType: asset.content_type,
                requiredEntitlements: needs,
                downloadable,
                reason: downloadable
                  ? null
                  : {
                      code: missing.length > 0 ? "ENTITLEMENT_MISSING" : "NOT_COVERED",
                      message: `This file needs the entitlement ${missing.join(", ")}, which your license does not include.`,
                      at: null,
                      missingEntitlements: missing,
                    },
              };
            }),
          };
        }),
        nextCursor: page.more ? cursorOf(String(page.releases.at(-1)?.id)) : null,
      };
    }),
  };
}

// --- Licensing API ---------------------------------------------------------

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Keyport's key normalisation: upper case, separators dropped, I/L → 1, O → 0, 25 characters. */
function normalizeKey(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (compact.length !== 25 || [...compact].some((char) => !CROCKFORD.includes(char))) return null;
  return compact.match(/.{5}/g)!.join("-");
}

/** Keyport's id shape (`val_` + 26 Crockford characters, time first), for the buffered events. */
function eventId(): string {
  let time = Date.now();
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const tail = [...randomBytes(16)].map((byte) => CROCKFORD[byte % 32]).join("");
  return `val_${head}${tail}`;
}

interface BufferedEvent {
  id: string;
  license_id: string;
  account_id: string;
  activation_id: null;
  code: string;
  valid: boolean;
  fingerprint: null;
  domain: null;
  version: null;
  ip: string | null;
  created_at: string;
}

/** Validation events wait here and go out together every 100 ms, as Keyport's do. */
const FLUSH_MS = 100;
const MAX_PENDING = 10_000;
let pending: BufferedEvent[] = [];
let flushing: Promise<void> | null = null;

async function flushEvents(): Promise<void> {
  if (flushing) return flushing;
  if (pending.length === 0) return;
  const batch = pending;
  pending = [];
  flushing = query(SQL.VALIDATION_EVENTS_INSERT, [JSON.stringify(batch)])
    .then(
      () => {},
      () => {
        pending = batch.concat(pending);
      },
    )
    .finally(() => {
      flushing = null;
    });
  return flushing;
}
const flushTimer = setInterval(() => void flushEvents(), FLUSH_MS);

async function recordEvent(event: BufferedEvent): Promise<void> {
  while (pending.length >= MAX_PENDING) await flushEvents();
  pending.push(event);
}

async function readJson(req: IncomingMessage): Promise<Row> {
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 65_536) throw new HttpError(413, "PAYLOAD_TOO_LARGE");
  }
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Row;
  } catch {
    // answered below
  }
  throw new HttpError(400, "MALFORMED_JSON");
}

async function validate(req: IncomingMessage): Promise<[number, unknown]> {
  const body = await readJson(req);
  const key = normalizeKey(body.key);
  if (!key) throw new HttpError(422, "VALIDATION_FAILED");
  const keyHash = createHmac("sha256", lookupKey).update(key).digest("hex");
  const now = new Date();
  const [hit] = await query(SQL.LICENSING_THROTTLE_HIT, [
    `licensing:${keyHash}`,
    now,
    new Date(now.getTime() - 60_000),
    now,
  ]);
  if (!hit) throw new HttpError(429, "RATE_LIMITED");
  if ((hit.count as number) > 60) {
    await query(SQL.LICENSING_THROTTLE_BLOCK, [
      new Date(now.getTime() + 60_000),
      `licensing:${keyHash}`,
    ]);
    throw new HttpError(429, "RATE_LIMITED");
  }
  const [license] = await query(SQL.LICENSING_LOOKUP, [
    "",
    true,
    "machine",
    "domain",
    "machine",
    "",
    true,
    keyHash,
  ]);
  if (!license)
    return [404, { valid: false, code: "NOT_FOUND", detail: "No license has this key." }];
  const status = statusOf(license, license.expiry_warning_days as number, now.getTime());
  const code =
    status === "revoked"
      ? "REVOKED"
      : status === "suspended"
        ? "SUSPENDED"
        : status === "expired"
          ? "EXPIRED"
          : "VALID";
  const valid =
    code === "VALID" ||
    (code === "EXPIRED" && ["maintain", "allow"].includes(license.expiration_strategy as string));
  await recordEvent({
    id: eventId(),
    license_id: license.id as string,
    account_id: license.account_id as string,
    activation_id: null,
    code,
    valid,
    fingerprint: null,
    domain: null,
    version: null,
    ip: req.socket.remoteAddress ?? null,
    created_at: now.toISOString(),
  });
  return [
    200,
    {
      valid,
      code,
      detail: valid ? "The license is valid." : `The license is ${status}.`,
      license: {
        id: license.id,
        status,
        expiresAt: iso(license.expires_at as Date | null),
        maintenanceExpiresAt: iso(license.maintenance_expires_at as Date | null),
        entitlements: (license.entitlement_codes as string[] | null) ?? [],
      },
    },
  ];
}

// --- HTTP ------------------------------------------------------------------

function send(res: ServerResponse, status: number, body: unknown, type = "application/json") {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://baseline");
  const get = req.method === "GET";
  switch (url.pathname) {
    case "/readyz":
      await query("select 1", []);
      return send(res, 200, { status: "ok" });
    case "/v1/licenses":
      if (get) return send(res, 200, await licenses(req, url));
      break;
    case "/v1/activations":
      if (get) return send(res, 200, await activations(req, url));
      break;
    case "/v1/dashboard":
      if (get) return send(res, 200, await dashboard(req));
      break;
    case "/v1/downloads":
      if (get) return send(res, 200, await downloads(req, url));
      break;
    case "/v1/licensing/validate":
      if (req.method === "POST") {
        const [status, body] = await validate(req);
        return send(res, status, body);
      }
      break;
  }
  throw new HttpError(404, "NOT_FOUND");
}

const server = createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    const status = error instanceof HttpError ? error.status : 500;
    const code = error instanceof HttpError ? error.code : "INTERNAL_ERROR";
    if (status === 500) console.error(error);
    send(res, status, { type: "about:blank", status, code }, "application/problem+json");
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env.PORT ?? 0), "127.0.0.1");

async function shutdown() {
  clearInterval(flushTimer);
  server.close();
  while (pending.length > 0 || flushing) await flushEvents();
  await pool.end();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
