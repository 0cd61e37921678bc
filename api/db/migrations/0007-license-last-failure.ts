import { type Kysely, sql } from "kysely";

/*
 * Issue 16: the dashboard's failing validations at a cost that does not grow
 * with the account. Each license's latest failed validation is kept in
 * `license_usage.last_failed_at` by a statement trigger on `validation_events`
 * (one update per insert statement, however many rows it wrote, so a batch of
 * the Licensing API's writes stays one statement), and the dashboard counts
 * the licenses whose latest failure is recent from an index of their own,
 * instead of reading the account's recent failed events.
 */

const statements = [
  `alter table license_usage add column last_failed_at timestamptz`,
  // The rows of one statement, each license's latest failure once, and only where it moves
  // the stored one on by more than a minute (software failing on every start would otherwise
  // rewrite its row with every batch; the dashboard counts days). Locked in license order
  // first, as the license_usage triggers and another instance's batch may take the same rows.
  `create function license_usage_on_validation() returns trigger language plpgsql as $$
begin
  perform 1 from license_usage u
    join (select e.license_id, max(e.created_at) as at
            from inserted e where not e.valid group by e.license_id) f
      on f.license_id = u.license_id
   where u.last_failed_at is null or u.last_failed_at < f.at - interval '1 minute'
   order by u.license_id
     for update of u;
  update license_usage u
     set last_failed_at = f.at
    from (select e.license_id, max(e.created_at) as at
            from inserted e where not e.valid group by e.license_id) f
   where u.license_id = f.license_id
     and (u.last_failed_at is null or u.last_failed_at < f.at - interval '1 minute');
  return null;
end $$`,
  `create trigger license_usage_validation after insert on validation_events
   referencing new table as inserted
   for each statement execute function license_usage_on_validation()`,
  // Rebuilding the figures from the rows (migration 0006) restores the latest failures too.
  `alter function rebuild_license_usage() rename to rebuild_license_usage_figures`,
  `create function rebuild_license_usage() returns void language plpgsql as $$
begin
  lock table validation_events in share mode;
  perform rebuild_license_usage_figures();
  update license_usage u set last_failed_at = f.at
    from (select license_id, max(created_at) as at from validation_events
           where not valid group by license_id) f
   where u.license_id = f.license_id;
end $$`,
  // The failures stored already.
  `update license_usage u set last_failed_at = f.at
     from (select license_id, max(created_at) as at from validation_events
            where not valid group by license_id) f
    where u.license_id = f.license_id`,
  `create index license_usage_failed_idx on license_usage (account_id, last_failed_at)
     include (license_id, counted_revoked, counted_suspended) where last_failed_at is not null`,
];

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    "drop index license_usage_failed_idx",
    "drop trigger license_usage_validation on validation_events",
    "drop function license_usage_on_validation()",
    "drop function rebuild_license_usage()",
    "alter function rebuild_license_usage_figures() rename to rebuild_license_usage",
    "alter table license_usage drop column last_failed_at",
  ]) {
    await sql.raw(statement).execute(db);
  }
}
