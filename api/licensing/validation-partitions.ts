import { type Kysely, sql } from "kysely";
import { addDays } from "../core/time.ts";
import type { Database } from "../db/schema.ts";

/**
 * Validation events, the largest table by far, are kept in one partition per
 * calendar month (UTC), named `validation_events_y2026m12`, with a default
 * partition that catches anything outside them. Writing costs the same whatever
 * the history holds (each month has its own indexes), and old months go by
 * dropping a table, not by deleting rows. The functions that change
 * partitions expect to run in a transaction of the caller's (the job's).
 */
const PARENT = "validation_events";
const DEFAULT_PARTITION = "validation_events_default";
const MONTHLY = /^validation_events_y(\d{4})m(\d{2})$/;

/** A month's partition: its name and its range [from, to). */
export interface MonthPartition {
  readonly name: string;
  readonly from: Date;
  readonly to: Date;
}

/** The partition of the month that holds `at`. */
export function monthPartitionOf(at: Date): MonthPartition {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  return {
    name: `${PARENT}_y${year}m${String(month + 1).padStart(2, "0")}`,
    from: new Date(Date.UTC(year, month, 1)),
    to: new Date(Date.UTC(year, month + 1, 1)),
  };
}

/** The monthly partitions that exist, oldest first. */
export async function listMonthPartitions(db: Kysely<Database>): Promise<MonthPartition[]> {
  const { rows } = await sql<{ name: string }>`
    select child.relname as name
    from pg_inherits
    join pg_class child on child.oid = pg_inherits.inhrelid
    join pg_class parent on parent.oid = pg_inherits.inhparent
    where parent.relname = ${PARENT}
  `.execute(db);
  return rows
    .map(({ name }) => MONTHLY.exec(name))
    .filter((match) => match !== null)
    .map((match) => monthPartitionOf(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1))))
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

/**
 * Makes sure the months from `since` (default: now) up to `monthsAhead` after
 * `now` have their partitions; answers the ones it made. Rows that the default
 * partition caught for such a month move into it. Safe to repeat.
 */
export async function ensureMonthPartitions(
  db: Kysely<Database>,
  {
    now = new Date(),
    since = now,
    monthsAhead = 2,
  }: { now?: Date; since?: Date; monthsAhead?: number } = {},
): Promise<string[]> {
  const existing = new Set((await listMonthPartitions(db)).map((partition) => partition.name));
  const wanted: MonthPartition[] = [];
  const last = monthPartitionOf(
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, 1)),
  );
  for (
    let month = monthPartitionOf(since);
    month.from <= last.from;
    month = monthPartitionOf(month.to)
  ) {
    if (!existing.has(month.name)) wanted.push(month);
  }
  for (const month of wanted) await createMonthPartition(db, month);
  return wanted.map((month) => month.name);
}

async function createMonthPartition(db: Kysely<Database>, month: MonthPartition): Promise<void> {
  const table = sql.table(month.name);
  const parent = sql.table(PARENT);
  const fallback = sql.table(DEFAULT_PARTITION);
  const bounds = sql`for values from (${sql.lit(month.from.toISOString())}) to (${sql.lit(month.to.toISOString())})`;
  const inMonth = sql`created_at >= ${month.from} and created_at < ${month.to}`;
  const { rows } = await sql<{ caught: boolean }>`
    select exists (select 1 from ${fallback} where ${inMonth}) as caught`.execute(db);
  if (!rows[0]?.caught) {
    await sql`create table if not exists ${table} partition of ${parent} ${bounds}`.execute(db);
    return;
  }
  // The default partition caught rows of this month: move them, then attach the month.
  await sql`create table ${table} (like ${parent} including defaults including constraints)`.execute(
    db,
  );
  await sql`
    with moved as (delete from ${fallback} where ${inMonth} returning *)
    insert into ${table} select * from moved`.execute(db);
  await sql`alter table ${parent} attach partition ${table} ${bounds}`.execute(db);
}

/**
 * Drops the months that ended more than `retentionDays` before `now`, and the
 * default partition's rows that old; answers the partitions dropped.
 */
export async function dropExpiredMonthPartitions(
  db: Kysely<Database>,
  retentionDays: number,
  now: Date = new Date(),
): Promise<string[]> {
  const keepFrom = addDays(now, -retentionDays);
  const expired = (await listMonthPartitions(db)).filter((month) => month.to <= keepFrom);
  for (const month of expired) {
    await sql`alter table ${sql.table(PARENT)} detach partition ${sql.table(month.name)}`.execute(
      db,
    );
    await sql`drop table ${sql.table(month.name)}`.execute(db);
  }
  await sql`delete from ${sql.table(DEFAULT_PARTITION)} where created_at < ${keepFrom}`.execute(db);
  return expired.map((month) => month.name);
}
