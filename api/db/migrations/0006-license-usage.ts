import { type Kysely, sql } from "kysely";

/*
 * Issue 16: customer reads whose cost does not grow with the account.
 *
 * `license_usage` keeps, per license, its active machines and domains (no more
 * counting activations on every read) and what the license contributes to its
 * account's dashboard figures. `account_license_stats` holds those figures per
 * account; every change arrives first as a row in `account_license_deltas`
 * (inserts never wait for each other, so activations of one account's licenses
 * never queue on a shared row and no two transactions can deadlock on it), and
 * `fold_account_license_deltas()` adds them into the stats from time to time
 * (the license figure job, every minute). A read sums the stats row and the account's pending deltas.
 *
 * Triggers keep everything current, so no application code has to remember it:
 * activations (a binding starts or ends), licenses (limits, suspension,
 * revocation, account, policy) and policies (their limits).
 */

const CONTRIBUTION_COLUMNS = [
  "total",
  "revoked",
  "suspended",
  "machines_total",
  "domains_total",
  "machines_used",
  "domains_used",
  "at_limit",
] as const;

/** Their twins in license_usage: what one license adds to each. */
const COUNTED_COLUMNS = CONTRIBUTION_COLUMNS.map((column) => `counted_${column}`);

const statements = [
  // What one license contributes, recomputed from its row, its policy and its counters
  // (moved by `machine_change` / `domain_change` first); the difference goes to the deltas.
  `create function license_usage_refresh(
     target text, machine_change integer default 0, domain_change integer default 0)
   returns void language plpgsql as $$
declare
  current record;
  new_machines integer;
  new_domains integer;
  counted record;
begin
  select u.*, l.account_id as now_account,
         l.revoked_at is not null as is_revoked,
         l.revoked_at is null and l.suspended_at is not null as is_suspended,
         coalesce(l.max_machines, p.max_machines) as machine_limit,
         coalesce(l.max_domains, p.max_domains) as domain_limit
    into current
    from license_usage u
    join licenses l on l.id = u.license_id
    join policies p on p.id = l.policy_id
   where u.license_id = target
     for update of u;
  if not found then return; end if;
  new_machines := current.machines + machine_change;
  new_domains := current.domains + domain_change;
  select current.now_account as account_id,
         1 as total,
         current.is_revoked::int as revoked,
         current.is_suspended::int as suspended,
         case when current.is_revoked then 0 else current.machine_limit end as machines_total,
         case when current.is_revoked then 0 else current.domain_limit end as domains_total,
         case when current.is_revoked then 0 else new_machines end as machines_used,
         case when current.is_revoked then 0 else new_domains end as domains_used,
         (not current.is_revoked and not current.is_suspended and (
            (current.machine_limit > 0 and new_machines >= current.machine_limit) or
            (current.domain_limit > 0 and new_domains >= current.domain_limit)))::int as at_limit
    into counted;
  if counted.account_id is distinct from current.account_id then
    -- Moved to another account: the old one loses what it counted, the new one gains all.
    insert into account_license_deltas (account_id, ${CONTRIBUTION_COLUMNS.join(", ")})
    values (current.account_id, -current.counted_total, -current.counted_revoked,
            -current.counted_suspended, -current.counted_machines_total,
            -current.counted_domains_total, -current.counted_machines_used,
            -current.counted_domains_used, -current.counted_at_limit),
           (counted.account_id, counted.total, counted.revoked, counted.suspended,
            counted.machines_total, counted.domains_total, counted.machines_used,
            counted.domains_used, counted.at_limit);
  elsif (counted.total, counted.revoked, counted.suspended, counted.machines_total,
         counted.domains_total, counted.machines_used, counted.domains_used, counted.at_limit)
        is distinct from
        (current.counted_total, current.counted_revoked, current.counted_suspended,
         current.counted_machines_total, current.counted_domains_total,
         current.counted_machines_used, current.counted_domains_used, current.counted_at_limit)
  then
    insert into account_license_deltas (account_id, ${CONTRIBUTION_COLUMNS.join(", ")})
    values (counted.account_id, counted.total - current.counted_total,
            counted.revoked - current.counted_revoked,
            counted.suspended - current.counted_suspended,
            counted.machines_total - current.counted_machines_total,
            counted.domains_total - current.counted_domains_total,
            counted.machines_used - current.counted_machines_used,
            counted.domains_used - current.counted_domains_used,
            counted.at_limit - current.counted_at_limit);
  elsif machine_change = 0 and domain_change = 0 then
    return;
  end if;
  update license_usage
     set machines = new_machines,
         domains = new_domains,
         account_id = counted.account_id,
         at_limit = counted.at_limit = 1,
         counted_total = counted.total,
         counted_revoked = counted.revoked,
         counted_suspended = counted.suspended,
         counted_machines_total = counted.machines_total,
         counted_domains_total = counted.domains_total,
         counted_machines_used = counted.machines_used,
         counted_domains_used = counted.domains_used,
         counted_at_limit = counted.at_limit
   where license_id = target;
end $$`,

  `create function license_usage_on_license() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into license_usage (license_id, account_id) values (new.id, new.account_id);
  elsif tg_op = 'DELETE' then
    insert into account_license_deltas (account_id, ${CONTRIBUTION_COLUMNS.join(", ")})
    select account_id, -counted_total, -counted_revoked, -counted_suspended,
           -counted_machines_total, -counted_domains_total, -counted_machines_used,
           -counted_domains_used, -counted_at_limit
      from license_usage where license_id = old.id and counted_total <> 0;
    return old;
  end if;
  perform license_usage_refresh(new.id);
  return null;
end $$`,
  `create trigger license_usage_insert after insert on licenses
   for each row execute function license_usage_on_license()`,
  `create trigger license_usage_update
   after update of account_id, policy_id, max_machines, max_domains, suspended_at, revoked_at
   on licenses for each row execute function license_usage_on_license()`,
  `create trigger license_usage_delete before delete on licenses
   for each row execute function license_usage_on_license()`,

  `create function license_usage_on_activation() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.deactivated_at is null then
    perform license_usage_refresh(
      old.license_id, -(old.kind = 'machine')::int, -(old.kind = 'domain')::int);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.deactivated_at is null then
    perform license_usage_refresh(
      new.license_id, (new.kind = 'machine')::int, (new.kind = 'domain')::int);
  end if;
  return null;
end $$`,
  `create trigger license_usage_insert after insert on activations
   for each row execute function license_usage_on_activation()`,
  `create trigger license_usage_update after update of deactivated_at, kind, license_id
   on activations for each row
   when (old.deactivated_at is distinct from new.deactivated_at
         or old.kind is distinct from new.kind
         or old.license_id is distinct from new.license_id)
   execute function license_usage_on_activation()`,
  `create trigger license_usage_delete after delete on activations
   for each row execute function license_usage_on_activation()`,

  `create function license_usage_on_policy() returns trigger language plpgsql as $$
begin
  perform license_usage_refresh(l.id)
     from licenses l
    where l.policy_id = new.id
      and (l.max_machines is null or l.max_domains is null)
    order by l.id;
  return null;
end $$`,
  `create trigger license_usage_update after update of max_machines, max_domains
   on policies for each row
   when (old.max_machines is distinct from new.max_machines
         or old.max_domains is distinct from new.max_domains)
   execute function license_usage_on_policy()`,

  // Every figure again from the rows, set-based: for this migration, and after a bulk load
  // made with the triggers off (session_replication_role = replica). Writes wait meanwhile.
  `create function rebuild_license_usage() returns void language plpgsql as $$
begin
  lock table licenses, activations, policies in share mode;
  delete from account_license_deltas;
  delete from account_license_stats;
  delete from license_usage;
  insert into license_usage (license_id, account_id, machines, domains, at_limit,
    ${COUNTED_COLUMNS.join(", ")})
  select f.id, f.account_id, f.machines, f.domains, f.at_limit = 1,
         1, f.revoked, f.suspended, f.machines_total, f.domains_total,
         f.machines_used, f.domains_used, f.at_limit
    from (
      select l.id, l.account_id, u.machines, u.domains,
             (l.revoked_at is not null)::int as revoked,
             (l.revoked_at is null and l.suspended_at is not null)::int as suspended,
             case when l.revoked_at is null then m.limit_of else 0 end as machines_total,
             case when l.revoked_at is null then d.limit_of else 0 end as domains_total,
             case when l.revoked_at is null then u.machines else 0 end as machines_used,
             case when l.revoked_at is null then u.domains else 0 end as domains_used,
             (l.revoked_at is null and l.suspended_at is null and (
                (m.limit_of > 0 and u.machines >= m.limit_of) or
                (d.limit_of > 0 and u.domains >= d.limit_of)))::int as at_limit
        from licenses l
        join policies p on p.id = l.policy_id
        cross join lateral (select coalesce(l.max_machines, p.max_machines) as limit_of) m
        cross join lateral (select coalesce(l.max_domains, p.max_domains) as limit_of) d
        cross join lateral (
          select count(*) filter (where a.kind = 'machine')::int as machines,
                 count(*) filter (where a.kind = 'domain')::int as domains
            from activations a
           where a.license_id = l.id and a.deactivated_at is null) u
    ) f;
  insert into account_license_stats (account_id, ${CONTRIBUTION_COLUMNS.join(", ")})
  select account_id, ${COUNTED_COLUMNS.map((c) => `sum(${c})`).join(", ")}
    from license_usage group by account_id;
end $$`,

  // Adds the pending deltas into the stats, in one statement; safe from several processes.
  `create function fold_account_license_deltas() returns integer language sql as $$
with moved as (
  delete from account_license_deltas returning *
), folded as (
  insert into account_license_stats as s (account_id, ${CONTRIBUTION_COLUMNS.join(", ")})
  select account_id, ${CONTRIBUTION_COLUMNS.map((c) => `sum(${c})`).join(", ")}
    from moved group by account_id
  on conflict (account_id) do update set
    ${CONTRIBUTION_COLUMNS.map((c) => `${c} = s.${c} + excluded.${c}`).join(",\n    ")}
  returning 1
)
select (select count(*) from moved)::integer
$$`,
];

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table license_usage (
      license_id text primary key references licenses (id) on delete cascade,
      account_id text not null,
      machines integer not null default 0,
      domains integer not null default 0,
      at_limit boolean not null default false,
      counted_total integer not null default 0,
      counted_revoked integer not null default 0,
      counted_suspended integer not null default 0,
      counted_machines_total integer not null default 0,
      counted_domains_total integer not null default 0,
      counted_machines_used integer not null default 0,
      counted_domains_used integer not null default 0,
      counted_at_limit integer not null default 0
    )`.execute(db);
  // The dashboard's "at limit" list: the few such licenses of an account, newest first.
  await sql`create index license_usage_at_limit_idx on license_usage (account_id, license_id)
    where at_limit`.execute(db);
  for (const table of ["account_license_stats", "account_license_deltas"]) {
    const key = table === "account_license_stats" ? "primary key" : "not null";
    await sql
      .raw(
        `create table ${table} (account_id text ${key}, ${CONTRIBUTION_COLUMNS.map(
          (c) => `${c} bigint not null default 0`,
        ).join(", ")})`,
      )
      .execute(db);
  }
  await sql`create index account_license_deltas_account_idx
    on account_license_deltas (account_id)`.execute(db);

  for (const statement of statements) await sql.raw(statement).execute(db);

  // Today's figures for the licenses that exist already.
  await sql`select rebuild_license_usage()`.execute(db);

  // The dashboard's other lists and counts, each from an index of its own.
  await sql`create index licenses_suspended_idx on licenses (account_id, id)
    where suspended_at is not null and revoked_at is null`.execute(db);
  await sql`create index licenses_live_expiry_idx on licenses (account_id, expires_at, id)
    where revoked_at is null and suspended_at is null and expires_at is not null`.execute(db);
  // The heartbeat job: licenses of the (few) policies that expect heartbeats.
  await sql`create index licenses_policy_idx on licenses (policy_id)`.execute(db);
  await sql`create index policies_heartbeat_idx on policies (id)
    where heartbeat_seconds is not null`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    "drop index policies_heartbeat_idx",
    "drop index licenses_policy_idx",
    "drop index licenses_live_expiry_idx",
    "drop index licenses_suspended_idx",
    "drop trigger license_usage_update on policies",
    "drop trigger license_usage_insert on activations",
    "drop trigger license_usage_update on activations",
    "drop trigger license_usage_delete on activations",
    "drop trigger license_usage_insert on licenses",
    "drop trigger license_usage_update on licenses",
    "drop trigger license_usage_delete on licenses",
    "drop function fold_account_license_deltas()",
    "drop function rebuild_license_usage()",
    "drop function license_usage_on_policy()",
    "drop function license_usage_on_activation()",
    "drop function license_usage_on_license()",
    "drop function license_usage_refresh(text, integer, integer)",
    "drop table account_license_deltas",
    "drop table account_license_stats",
    "drop table license_usage",
  ]) {
    await sql.raw(statement).execute(db);
  }
}
