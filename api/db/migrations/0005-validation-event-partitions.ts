import { type Kysely, sql } from "kysely";

/**
 * Issue 16: validation events in monthly partitions (UTC months, by
 * `created_at`) and a default partition for anything outside them, so a call
 * costs the same with a billion stored events as with a million, and old months
 * leave by dropping a table (VALIDATION_RETENTION_DAYS). The primary key takes
 * `created_at` as PostgreSQL requires of a partitioned table; ids stay unique
 * in practice (random and time-ordered). The rows already stored move over.
 * The partitions of later months are made by the validation partition job.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table validation_events rename to validation_events_unpartitioned`.execute(db);
  await sql`alter table validation_events_unpartitioned rename constraint validation_events_pkey to validation_events_unpartitioned_pkey`.execute(
    db,
  );
  await sql`alter index validation_events_license_idx rename to validation_events_unpartitioned_license_idx`.execute(
    db,
  );
  await sql`alter index validation_events_failed_idx rename to validation_events_unpartitioned_failed_idx`.execute(
    db,
  );
  await sql`
    create table validation_events (
      id text not null,
      license_id text not null references licenses (id),
      account_id text not null references accounts (id),
      activation_id text references activations (id),
      code text not null,
      valid boolean not null,
      fingerprint text,
      domain text,
      version text,
      ip text,
      created_at timestamptz not null default now(),
      constraint validation_events_pkey primary key (id, created_at)
    ) partition by range (created_at)`.execute(db);
  await sql`create index validation_events_license_idx on validation_events (license_id, id)`.execute(
    db,
  );
  await sql`create index validation_events_failed_idx on validation_events (account_id, created_at) where valid = false`.execute(
    db,
  );
  await sql`create table validation_events_default partition of validation_events default`.execute(
    db,
  );

  const { rows } = await sql<{ oldest: Date | null }>`
    select min(created_at) as oldest from validation_events_unpartitioned`.execute(db);
  const now = new Date();
  const oldest = rows[0]?.oldest ?? now;
  const until = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1);
  for (
    let from = Date.UTC(oldest.getUTCFullYear(), oldest.getUTCMonth(), 1);
    from <= until;
    from = nextMonth(from)
  ) {
    const start = new Date(from);
    const name = `validation_events_y${start.getUTCFullYear()}m${String(start.getUTCMonth() + 1).padStart(2, "0")}`;
    await sql`create table ${sql.table(name)} partition of validation_events
      for values from (${sql.lit(start.toISOString())}) to (${sql.lit(new Date(nextMonth(from)).toISOString())})`.execute(
      db,
    );
  }
  await sql`insert into validation_events select * from validation_events_unpartitioned`.execute(
    db,
  );
  await sql`drop table validation_events_unpartitioned`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table validation_events rename to validation_events_partitioned`.execute(db);
  await sql`alter table validation_events_partitioned rename constraint validation_events_pkey to validation_events_partitioned_pkey`.execute(
    db,
  );
  await sql`alter index validation_events_license_idx rename to validation_events_partitioned_license_idx`.execute(
    db,
  );
  await sql`alter index validation_events_failed_idx rename to validation_events_partitioned_failed_idx`.execute(
    db,
  );
  await sql`
    create table validation_events (
      id text primary key,
      license_id text not null references licenses (id),
      account_id text not null references accounts (id),
      activation_id text references activations (id),
      code text not null,
      valid boolean not null,
      fingerprint text,
      domain text,
      version text,
      ip text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index validation_events_license_idx on validation_events (license_id, id)`.execute(
    db,
  );
  await sql`create index validation_events_failed_idx on validation_events (account_id, created_at) where valid = false`.execute(
    db,
  );
  await sql`insert into validation_events select * from validation_events_partitioned`.execute(db);
  await sql`drop table validation_events_partitioned cascade`.execute(db);
}

function nextMonth(from: number): number {
  const date = new Date(from);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
