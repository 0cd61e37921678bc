import type { Activation, MyLicenseDetail, PortalClient } from "@keyport/sdk";
import type {
  DeactivatedActivation,
  DeactivationRefusal,
} from "../internal/deactivation-dialog.ts";

export type KindFilter = "all" | Activation["kind"];
export type StatusFilter = "all" | "active" | "inactive" | "dead";

/** What the list shows: one license or all, and the filters of the toolbar. */
export interface ActivationFilters {
  readonly licenseId: string;
  readonly kind: KindFilter;
  readonly status: StatusFilter;
}

/** Rows asked per request; a page shows at least `PAGE_SIZE` rows when there are that many. */
const PAGE_SIZE = 25;
/** Requests one "page" may take when most rows are history, before it offers "Load more". */
const MAX_REQUESTS = 4;

export interface ActivationPage {
  readonly rows: readonly Activation[];
  readonly nextCursor: string | null;
}

function baseQuery({ licenseId, kind }: ActivationFilters) {
  return {
    limit: PAGE_SIZE,
    ...(licenseId === "" ? {} : { licenseId }),
    ...(kind === "all" ? {} : { kind }),
  };
}

/**
 * A page of live activations (not deactivated) under the filters. The API has
 * no filter for "every live one" (`active` leaves out dead ones), so for "any
 * status" deactivated rows are dropped here, and a page of history alone is
 * followed by the next one.
 */
export async function fetchLivePage(
  client: PortalClient,
  filters: ActivationFilters,
  cursor: string | undefined,
  signal: AbortSignal,
): Promise<ActivationPage> {
  const query = {
    ...baseQuery(filters),
    ...(filters.status === "all" ? {} : { status: filters.status }),
  };
  const rows: Activation[] = [];
  let next = cursor ?? null;
  let requests = 0;
  do {
    const page = await client.activations.list(
      { ...query, ...(next === null ? {} : { cursor: next }) },
      { signal },
    );
    rows.push(...page.data.filter((row) => row.status !== "deactivated"));
    next = page.nextCursor;
    requests += 1;
  } while (next !== null && rows.length < PAGE_SIZE && requests < MAX_REQUESTS);
  return { rows, nextCursor: next };
}

/** A page of the history: deactivated activations under the license and kind filters. */
export async function fetchDeactivatedPage(
  client: PortalClient,
  filters: ActivationFilters,
  cursor: string | undefined,
  signal: AbortSignal,
): Promise<ActivationPage> {
  const page = await client.activations.list(
    { ...baseQuery(filters), status: "deactivated", ...(cursor === undefined ? {} : { cursor }) },
    { signal },
  );
  return { rows: page.data, nextCursor: page.nextCursor };
}

/** The licenses of `rows` not in `known` yet, fetched at once: for seat counts and limits. */
export async function fetchLicenses(
  client: PortalClient,
  rows: readonly Activation[],
  known: ReadonlyMap<string, MyLicenseDetail>,
  signal: AbortSignal,
): Promise<Map<string, MyLicenseDetail>> {
  const missing = [...new Set(rows.map((row) => row.licenseId))].filter((id) => !known.has(id));
  const fetched = await Promise.all(missing.map((id) => client.licenses.get(id, { signal })));
  return new Map([...known, ...fetched.map((license) => [license.id, license] as const)]);
}

/** The product to name in the empty state: the one every license of the caller is for, if any. */
export async function fetchOnlyProduct(
  client: PortalClient,
  signal: AbortSignal,
): Promise<string | undefined> {
  const { data } = await client.licenses.list({ limit: 20 }, { signal });
  const names = new Set(data.map((license) => license.product.name));
  return names.size === 1 ? [...names][0] : undefined;
}

/** Rows of one license, in the order the API gave them. */
export interface LicenseGroup {
  readonly licenseId: string;
  readonly licenseName: string;
  readonly rows: readonly Activation[];
}

export function groupByLicense(rows: readonly Activation[]): LicenseGroup[] {
  const groups = new Map<string, LicenseGroup & { rows: Activation[] }>();
  for (const row of rows) {
    const group = groups.get(row.licenseId);
    if (group === undefined) {
      groups.set(row.licenseId, {
        licenseId: row.licenseId,
        licenseName: row.licenseName,
        rows: [row],
      });
    } else group.rows.push(row);
  }
  return [...groups.values()];
}

/**
 * A license after one of its activations was deactivated: the slot is free and
 * the window counts one more customer deactivation. When that used the window
 * up, the date of the next one is not known here: ask the API for the license.
 */
export function licenseAfterDeactivation(
  license: MyLicenseDetail,
  before: Activation,
  after: DeactivatedActivation,
): MyLicenseDetail {
  const slots = before.kind === "machine" ? "machines" : "domains";
  const wasLive = before.status !== "deactivated";
  const { limit } = license.deactivations;
  const left = after.deactivationsLeft;
  return {
    ...license,
    [slots]: { ...license[slots], used: Math.max(0, license[slots].used - (wasLive ? 1 : 0)) },
    deactivations: {
      ...license.deactivations,
      ...(limit !== null && left !== null ? { usedInWindow: limit - left, left } : {}),
    },
  };
}

/**
 * A live row whose license refuses deactivations now, for the reason the API
 * gave; a used-up window carries the date of the next one when it is known.
 */
export function refusedRow(
  row: Activation,
  refusal: {
    readonly reason: DeactivationRefusal["reason"];
    readonly nextAllowedAt?: string | null;
  },
): Activation {
  if (row.status === "deactivated") return row;
  const { reason, nextAllowedAt } = refusal;
  return {
    ...row,
    canDeactivate: false,
    cannotDeactivateReason: reason,
    ...(reason === "limit_reached" && nextAllowedAt !== undefined ? { nextAllowedAt } : {}),
  };
}
