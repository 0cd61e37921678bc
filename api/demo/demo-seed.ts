import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { createAccount } from "../accounts/account-service.ts";
import { createUser } from "../accounts/user-service.ts";
import { createVendorApiKey, verifyVendorApiKey } from "../auth/vendor-key-service.ts";
import type { Config } from "../config/config.ts";
import type { AppDeps } from "../core/deps.ts";
import { addDays } from "../core/time.ts";
import type { Database, Role } from "../db/schema.ts";
import { revokeLicense, suspendLicense } from "../licenses/license-action-service.ts";
import { createLicense } from "../licenses/license-service.ts";
import { seedDemoCatalogue } from "./demo-catalogue.ts";
import {
  type Binding,
  domain,
  fingerprint,
  insertActivation,
  insertValidation,
  machine,
  type ValidationSeed,
} from "./demo-history.ts";

export const DEMO_PASSWORD = "demo-password";
const DEMO_FILE = "demo.json";

/** One data directory may serve the embedded database and PostgreSQL in turn; keep each one's demo apart. */
function demoFileName({ databaseUrl }: Pick<Config, "databaseUrl">): string {
  if (!databaseUrl) return DEMO_FILE;
  const url = new URL(databaseUrl);
  url.password = "";
  return `demo-${createHash("sha256").update(url.toString()).digest("hex").slice(0, 12)}.json`;
}

export interface DemoLogin {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly account: string;
}

export interface DemoInfo {
  readonly vendorKey: string;
  readonly password: string;
  readonly logins: readonly DemoLogin[];
}

/** Whether nothing has been provisioned yet (no product, no account). */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const product = await db.selectFrom("products").select("id").limit(1).executeTakeFirst();
  const account = await db.selectFrom("accounts").select("id").limit(1).executeTakeFirst();
  return !product && !account;
}

/**
 * Whether to seed at start: `SEED_DEMO=always` seeds any empty database, `auto`
 * only an empty embedded one (a PostgreSQL database is somebody's real data).
 */
export async function shouldSeedDemo(
  db: Kysely<Database>,
  config: Pick<Config, "seedDemo" | "databaseUrl">,
): Promise<boolean> {
  if (config.seedDemo === "never") return false;
  if (config.seedDemo === "auto" && config.databaseUrl) return false;
  return isDatabaseEmpty(db);
}

/**
 * The demo logins and key kept beside the data, so every start can print them
 * again; `null` unless the key is still live in this database (the file may
 * stem from another database, or the key may have been revoked).
 */
export async function currentDemoInfo(
  db: Kysely<Database>,
  config: Pick<Config, "dataDir" | "databaseUrl">,
): Promise<DemoInfo | null> {
  let info: DemoInfo;
  try {
    info = JSON.parse(
      await readFile(join(config.dataDir, demoFileName(config)), "utf8"),
    ) as DemoInfo;
  } catch {
    return null;
  }
  return typeof info.vendorKey === "string" && (await verifyVendorApiKey(db, info.vendorKey))
    ? info
    : null;
}

/**
 * Seeds a demo vendor catalogue and demo customers through the same services the
 * Vendor API uses: two products, their policies, entitlements and releases with
 * generated files, an organisation and an individual customer with licenses in
 * every status, activations (one license at its limit, some machines long
 * unseen) and a validation history with failures.
 */
export async function seedDemo(deps: AppDeps, now: Date = new Date()): Promise<DemoInfo> {
  const { db, keys } = deps;
  const at = (days: number) => addDays(now, days);
  const { studioPro, studioTeam, studioNodeLocked, formsBusiness } = await seedDemoCatalogue(
    deps,
    at,
  );

  const northwind = await createAccount(db, { name: "Northwind Studio", kind: "organization" });
  const indie = await createAccount(db, { name: "Ivan Indie", kind: "individual" });
  const people = [
    { email: "olivia.owner@example.com", name: "Olivia Owner", role: "owner", account: northwind },
    { email: "adam.admin@example.com", name: "Adam Admin", role: "admin", account: northwind },
    { email: "mia.member@example.com", name: "Mia Member", role: "member", account: northwind },
    { email: "max.member@example.com", name: "Max Member", role: "member", account: northwind },
    { email: "ivan.indie@example.com", name: "Ivan Indie", role: "owner", account: indie },
  ] as const;
  const users: Record<string, string> = {};
  for (const person of people) {
    const user = await createUser(db, {
      accountId: person.account.id,
      email: person.email,
      name: person.name,
      role: person.role,
      password: DEMO_PASSWORD,
      timezone: person.account === indie ? "Europe/Berlin" : "Europe/London",
      locale: person.account === indie ? "de" : "en",
    });
    users[person.email] = user.id;
  }
  const mia = users["mia.member@example.com"]!;
  const max = users["max.member@example.com"]!;

  const license = (input: Parameters<typeof createLicense>[2]) =>
    createLicense(db, keys, input, now);

  // Northwind Studio: one license in every status.
  const design = await license({
    accountId: northwind.id,
    policyId: studioPro.id,
    name: "Acme Studio Pro — Design team",
    expiresAt: at(200),
    userIds: [mia],
  });
  const maxLicense = await license({
    accountId: northwind.id,
    policyId: studioPro.id,
    name: "Acme Studio Pro — Max",
    expiresAt: at(12),
    userIds: [max],
  });
  const website = await license({
    accountId: northwind.id,
    policyId: formsBusiness.id,
    name: "Acme Forms — northwind.example",
    expiresAt: at(290),
  });
  const team2025 = await license({
    accountId: northwind.id,
    policyId: studioTeam.id,
    name: "Acme Studio Team — 2025",
    expiresAt: at(-40),
  });
  const renderBox = await license({
    accountId: northwind.id,
    policyId: studioNodeLocked.id,
    name: "Acme Studio Node-locked — Render box",
    expiresAt: at(150),
  });
  const contractor = await license({
    accountId: northwind.id,
    policyId: studioPro.id,
    name: "Acme Studio Pro — Contractor",
    expiresAt: at(100),
  });
  await suspendLicense(db, renderBox.id, at(-6));
  await revokeLicense(db, contractor.id, at(-30));

  // Ivan Indie: an active license whose maintenance ended before 3.0 (so Downloads
  // and diagnosis say "renew to get 3.0"), and an expired one.
  const ivanStudio = await license({
    accountId: indie.id,
    policyId: studioPro.id,
    name: "Acme Studio Pro",
    expiresAt: at(150),
    maintenanceExpiresAt: at(-60),
  });
  const ivanForms = await license({
    accountId: indie.id,
    policyId: formsBusiness.id,
    name: "Acme Forms — ivan.dev",
    expiresAt: at(-5),
  });

  const bind = (licenseId: string, accountId: string, binding: Binding) =>
    insertActivation(db, licenseId, accountId, binding, at);
  // At its limit (3 of 3), with one machine unseen for 140 days.
  const miaLaptop = await bind(design.id, northwind.id, machine("MIA-MBP", "macos", 60, 0.1));
  await bind(design.id, northwind.id, machine("DESIGN-WS-01", "windows", 90, 1));
  await bind(design.id, northwind.id, machine("OLD-PC", "windows", 300, 140));
  const maxLaptop = await bind(maxLicense.id, northwind.id, machine("MAX-LAPTOP", "linux", 30, 3));
  await bind(maxLicense.id, northwind.id, {
    ...machine("MAX-OLD-PC", "windows", 200, 25),
    deactivatedDaysAgo: 20,
    deactivatedBy: "customer",
    deactivatedByUserId: max,
    reason: "Replaced by a new laptop",
  });
  await bind(website.id, northwind.id, domain("northwind.example", 80, 0.2));
  await bind(website.id, northwind.id, domain("shop.northwind.example", 45, 0.5));
  await bind(website.id, northwind.id, domain("staging.northwind.example", 120, 95));
  // Unseen far past twice its heartbeat: dead.
  const render01 = await bind(team2025.id, northwind.id, machine("RENDER-01", "linux", 330, 41));
  await bind(renderBox.id, northwind.id, machine("RENDER-BOX", "linux", 100, 6));
  const ivanDesktop = await bind(
    ivanStudio.id,
    indie.id,
    machine("IVAN-DESKTOP", "windows", 40, 0.01),
  );
  await bind(ivanForms.id, indie.id, domain("ivan.dev", 200, 2));

  const validate = (licenseId: string, accountId: string, event: ValidationSeed) =>
    insertValidation(db, licenseId, accountId, event, at);
  for (let day = 6; day >= 0; day--) {
    await validate(design.id, northwind.id, {
      code: "VALID",
      valid: true,
      activationId: miaLaptop,
      fingerprint: fingerprint("MIA-MBP"),
      version: "3.0.0",
      daysAgo: day + 0.3,
    });
  }
  for (const daysAgo of [2.1, 1.4]) {
    await validate(design.id, northwind.id, {
      code: "MACHINE_LIMIT_REACHED",
      valid: false,
      fingerprint: fingerprint("NEW-LAPTOP"),
      version: "3.0.0",
      daysAgo,
    });
  }
  await validate(maxLicense.id, northwind.id, {
    code: "VALID",
    valid: true,
    activationId: maxLaptop,
    fingerprint: fingerprint("MAX-LAPTOP"),
    version: "3.0.0",
    daysAgo: 3,
  });
  await validate(team2025.id, northwind.id, {
    code: "EXPIRED",
    valid: true,
    activationId: render01,
    fingerprint: fingerprint("RENDER-01"),
    version: "2.5.0",
    daysAgo: 41.5,
  });
  await validate(team2025.id, northwind.id, {
    code: "VERSION_NOT_COVERED",
    valid: false,
    activationId: render01,
    fingerprint: fingerprint("RENDER-01"),
    version: "3.0.0",
    daysAgo: 41,
  });
  await validate(renderBox.id, northwind.id, {
    code: "SUSPENDED",
    valid: false,
    fingerprint: fingerprint("RENDER-BOX"),
    version: "3.0.0",
    daysAgo: 5,
  });
  await validate(contractor.id, northwind.id, {
    code: "REVOKED",
    valid: false,
    fingerprint: fingerprint("CONTRACTOR-MBP"),
    version: "3.0.0",
    daysAgo: 12,
  });
  await validate(website.id, northwind.id, {
    code: "NOT_ACTIVATED",
    valid: false,
    domain: "blog.northwind.example",
    version: "2.1.0",
    daysAgo: 4,
  });
  await validate(ivanStudio.id, indie.id, {
    code: "VERSION_NOT_COVERED",
    valid: false,
    activationId: ivanDesktop,
    fingerprint: fingerprint("IVAN-DESKTOP"),
    version: "3.0.0",
    daysAgo: 1,
  });
  await validate(ivanStudio.id, indie.id, {
    code: "VALID",
    valid: true,
    activationId: ivanDesktop,
    fingerprint: fingerprint("IVAN-DESKTOP"),
    version: "2.5.0",
    daysAgo: 0.01,
  });
  await validate(ivanForms.id, indie.id, {
    code: "EXPIRED",
    valid: true,
    domain: "ivan.dev",
    version: "2.0.0",
    daysAgo: 2,
  });

  const { key: vendorKey } = await createVendorApiKey(db, "Demo vendor key");
  const info: DemoInfo = {
    vendorKey,
    password: DEMO_PASSWORD,
    logins: people.map(({ email, name, role, account }) => ({
      email,
      name,
      role,
      account: account.name,
    })),
  };
  await mkdir(deps.config.dataDir, { recursive: true });
  await writeFile(
    join(deps.config.dataDir, demoFileName(deps.config)),
    `${JSON.stringify(info, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
  return info;
}
