/**
 * Every statement the baseline server sends, per route: the SQL Keyport sends for
 * the same request, written out by hand (lists of ids as `= any($n)` where Kysely
 * spells out `in ($1, $2, …)`; the plan is the same). `npm run bench -- api`
 * counts the statements both servers send per request and fails when they
 * differ, so when Keyport's queries change this file has to follow.
 *
 * Each statement's parameters are listed beside it, in order.
 */

/** Every authenticated route: the session and its user, by the token's SHA-256. $1 token hash. */
export const SESSION_LOOKUP = `
select sessions.id, sessions.kind, sessions.expires_at, sessions.last_used_at, sessions.revoked_at,
       sessions.security_changes_allowed, users.id as user_id, users.account_id, users.role,
       users.email, users.locale, users.timezone
  from sessions inner join users on users.id = sessions.user_id
 where sessions.token_hash = $1`;

/** At most once a minute per session. $1 now, $2 session id. */
export const SESSION_TOUCH = "update sessions set last_used_at = $1 where id = $2";

/** GET /v1/licenses: one page, newest first, with each license's active usage. $1 account id, $2 limit + 1. */
export const LICENSE_PAGE = `
select licenses.id, licenses.name, licenses.product_id, licenses.key_last5, licenses.expires_at,
       licenses.maintenance_expires_at, licenses.max_machines, licenses.max_domains,
       licenses.suspended_at, licenses.revoked_at, licenses.created_at,
       products.name as product_name, policies.name as policy_name,
       policies.max_machines as policy_max_machines, policies.max_domains as policy_max_domains,
       policies.expiration_strategy, policies.heartbeat_seconds, policies.deactivation_limit,
       policies.deactivation_window_days, policies.protected, accounts.expiry_warning_days,
       license_usage.machines as machines_used, license_usage.domains as domains_used
  from licenses
  inner join products on products.id = licenses.product_id
  inner join policies on policies.id = licenses.policy_id
  inner join accounts on accounts.id = licenses.account_id
  inner join license_usage on license_usage.license_id = licenses.id
 where licenses.account_id = $1
 order by licenses.id desc
 limit $2`;

/**
 * GET /v1/activations: one page with each license's recent customer deactivations.
 * $1 'customer', $2 now, $3 account id, $4 account id, $5 limit + 1.
 */
export const ACTIVATION_PAGE = `
select activations.*, licenses.name as license_name, policies.heartbeat_seconds, policies.protected,
       policies.deactivation_limit, policies.deactivation_window_days,
       (select count(*) from activations as recent
         where recent.license_id = activations.license_id and recent.deactivated_by = $1
           and recent.deactivated_at > cast($2 as timestamptz) - make_interval(secs => policies.deactivation_window_days * 86400)
       ) as recent_deactivations
  from activations
  inner join licenses on licenses.id = activations.license_id
  inner join policies on policies.id = licenses.policy_id
 where activations.account_id = $3 and licenses.account_id = $4
 order by activations.id desc
 limit $5`;

/**
 * GET /v1/dashboard: every figure and short list in one statement, from the
 * per-account stats and their pending deltas. $1 account id, $2 now, $3 now,
 * $4 now − 7 days (each live license's latest failure since, migration 0007).
 */
export const DASHBOARD = `
select a.expiry_warning_days, standing.*, dated.*, failures.*,
  (select coalesce(json_agg(soon order by soon.expires_at, soon.id), '[]')
     from (select l.id, l.name, l.expires_at, p.id as product_id, p.name as product_name
             from licenses l join products p on p.id = l.product_id
            where l.account_id = $1 and l.revoked_at is null and l.suspended_at is null and l.expires_at is not null
              and (l.account_id, l.expires_at) > ($1, cast($2 as timestamptz))
              and (l.account_id, l.expires_at) <= ($1, cast($3 as timestamptz) + make_interval(secs => a.expiry_warning_days * 86400))
            order by l.account_id, l.expires_at, l.id limit 5) soon) as expiring_soon,
  array(select u.license_id from license_usage u join licenses l on l.id = u.license_id
         where u.account_id = $1 and u.at_limit and l.account_id = $1
         order by u.license_id desc limit 5) as at_limit_ids,
  array(select l.id from licenses l
         where l.account_id = $1 and l.suspended_at is not null and l.revoked_at is null
         order by l.id desc limit 5) as suspended_ids
from accounts a
cross join lateral (
  select coalesce(sum(total), 0) as total, coalesce(sum(revoked), 0) as revoked,
         coalesce(sum(suspended), 0) as suspended, coalesce(sum(machines_total), 0) as machines_total,
         coalesce(sum(domains_total), 0) as domains_total, coalesce(sum(machines_used), 0) as machines_used,
         coalesce(sum(domains_used), 0) as domains_used, coalesce(sum(at_limit), 0) as at_limit
    from (select total, revoked, suspended, machines_total, domains_total, machines_used, domains_used, at_limit
            from account_license_stats where account_id = $1
          union all
          select total, revoked, suspended, machines_total, domains_total, machines_used, domains_used, at_limit
            from account_license_deltas where account_id = $1) s) standing
cross join lateral (
  select count(*) filter (where l.expires_at <= cast($2 as timestamptz)) as expired,
         count(*) filter (where l.expires_at > cast($2 as timestamptz)) as expiring
    from licenses l
   where l.account_id = $1 and l.revoked_at is null and l.suspended_at is null and l.expires_at is not null
     and (l.account_id, l.expires_at) >= ($1, '-infinity'::timestamptz)
     and (l.account_id, l.expires_at) <= ($1, cast($3 as timestamptz) + make_interval(secs => a.expiry_warning_days * 86400))) dated
cross join lateral (
  select count(*) as failing,
         coalesce((array_agg(u.license_id order by u.license_id desc))[1:5], '{}') as failing_ids
    from license_usage u
   where u.account_id = $1 and u.last_failed_at > cast($4 as timestamptz)
     and u.counted_revoked = 0 and u.counted_suspended = 0) failures
where a.id = $1`;

/** GET /v1/dashboard: the account's latest activity. $1 account id, $2 how many. */
export const RECENT_ACTIVITY = `
select activity.*, users.name as user_name
  from activity left join users on users.id = activity.user_id
 where activity.account_id = $1
 order by activity.id desc
 limit $2`;

/** GET /v1/downloads: the caller's licenses with their products and entitlements. $1 account id. */
export const DOWNLOAD_LICENSES = `
select licenses.id, licenses.product_id, licenses.expires_at, licenses.maintenance_expires_at,
       licenses.suspended_at, licenses.revoked_at, policies.expiration_strategy,
       products.name as product_name, products.slug as product_slug,
       dense_rank() over (order by products.name, products.id) as product_rank,
       array((select license_entitlements.entitlement_id from license_entitlements
               where license_entitlements.license_id = licenses.id)) as entitlement_ids
  from licenses
  inner join policies on policies.id = licenses.policy_id
  inner join products on products.id = licenses.product_id
 where licenses.account_id = $1
 order by licenses.id`;

/** GET /v1/downloads: the licensed products' published releases (ordering and paging in code). $1 product ids, $2 now. */
export const DOWNLOAD_RELEASE_HEADS = `
select id, product_id, version, channel, published_at
  from releases where product_id = any($1) and published_at <= $2`;

/** GET /v1/downloads: the kept releases' notes and files, each file with the entitlements it needs. $1 release ids. */
export const DOWNLOAD_RELEASE_DETAILS = `
select r.id, r.notes, coalesce((
         select json_agg(json_build_object(
                  'id', a.id, 'filename', a.filename, 'kind', a.kind, 'platform', a.platform,
                  'arch', a.arch, 'size', a.size, 'sha256', a.sha256, 'content_type', a.content_type,
                  'required', coalesce((
                    select json_agg(json_build_object('id', e.id, 'code', e.code) order by e.code)
                      from asset_entitlements ae join entitlements e on e.id = ae.entitlement_id
                     where ae.asset_id = a.id), '[]')) order by a.filename)
           from assets a where a.release_id = r.id), '[]') as assets
  from releases r
 where r.id = any($1)`;

/**
 * POST /v1/licensing/validate: one hit on the key's throttle counter (refused
 * rows are not updated, so a blocked key answers no row). $1 key, $2 now,
 * $3 window start (now − 60 s), $4 now.
 */
export const LICENSING_THROTTLE_HIT = `
insert into throttle_counters (key, count, window_started_at, blocked_until)
values ($1, 1, $2, null)
on conflict (key) do update set
  count = case when throttle_counters.window_started_at < $3 then 1 else throttle_counters.count + 1 end,
  window_started_at = case when throttle_counters.window_started_at < $3 then $2 else throttle_counters.window_started_at end
where (throttle_counters.blocked_until is null or throttle_counters.blocked_until <= $4)
returning count, blocked_until`;

/** Blocks a key that went over its limit. $1 until, $2 key. */
export const LICENSING_THROTTLE_BLOCK =
  "update throttle_counters set blocked_until = $1 where key = $2";

/**
 * POST /v1/licensing/validate: the license by its key hash with everything the
 * evaluation needs (usage, entitlements; no binding or version asked for here).
 * $1 version ('' when none), $2 no version given, $3 'machine', $4 'domain',
 * $5 binding kind, $6 binding identifier, $7 no binding given, $8 key hash.
 */
export const LICENSING_LOOKUP = `
select licenses.*, policies.expiration_strategy, policies.heartbeat_seconds,
       policies.max_machines as policy_max_machines, policies.max_domains as policy_max_domains,
       accounts.expiry_warning_days, used.machines_used, used.domains_used,
       case when binding.id is null then null else row_to_json(binding) end as binding_row,
       (select array_agg(entitlements.code order by entitlements.code)
          from license_entitlements inner join entitlements on entitlements.id = license_entitlements.entitlement_id
         where license_entitlements.license_id = licenses.id) as entitlement_codes,
       (select releases.published_at from releases
         where releases.product_id = licenses.product_id and releases.version = $1 and false = $2) as version_released_at
  from licenses
  inner join policies on policies.id = licenses.policy_id
  inner join accounts on accounts.id = licenses.account_id
  inner join lateral (
    select count(*) filter (where kind = $3) as machines_used, count(*) filter (where kind = $4) as domains_used
      from activations where activations.license_id = licenses.id and activations.deactivated_at is null) as used on true
  left join lateral (
    select activations.* from activations
     where activations.license_id = licenses.id and activations.kind = $5 and activations.identifier = $6 and false = $7
     order by activations.deactivated_at is null desc, activations.id desc limit 1) as binding on true
 where licenses.key_hash = $8`;

/** The buffered validation events, many per statement. $1 the events as a JSON array. */
export const VALIDATION_EVENTS_INSERT = `
insert into validation_events
  (id, license_id, account_id, activation_id, code, valid, fingerprint, domain, version, ip, created_at)
select id, license_id, account_id, activation_id, code, valid, fingerprint, domain, version, ip, created_at
  from json_to_recordset($1::json) as e(
    id text, license_id text, account_id text, activation_id text, code text, valid boolean,
    fingerprint text, domain text, version text, ip text, created_at timestamptz)
on conflict do nothing`;
