/**
 * A page of a newest-first listing: rows whose id is below `after`, at most
 * `limit` of them (a service fetches `limit + 1`, so the route can tell whether
 * more exist; see http/pagination.ts). Ids sort by creation (core/ids.ts).
 */
export interface PageOptions {
  /** Continue after this id (newest first). */
  readonly after?: string | undefined;
  readonly limit: number;
}
