import type { CallOptions } from "./http-client.ts";
import type { Page } from "./operation-types.ts";

/**
 * What every list method returns: awaited, the first page; iterated with
 * `for await`, every item of every page, fetching the next page only when the
 * loop gets there.
 *
 * @example
 * const first = await client.licenses.list({ limit: 20 });
 * for await (const license of client.licenses.list({ status: "expiring" })) console.log(license.name);
 */
export type PageRequest<Item> = Promise<Page<Item>> & AsyncIterable<Item>;

/** The query every list takes. */
export interface PageQuery {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * Starts the first page at once and makes the promise iterable over all pages.
 * `fetchPage` is called with the query plus the cursor of the page to fetch.
 */
export function pageRequest<Item, Query extends PageQuery>(
  fetchPage: (query: Query, options: CallOptions) => Promise<Page<Item>>,
  query: Query,
  options: CallOptions,
): PageRequest<Item> {
  const first = fetchPage(query, options);
  return Object.assign(first, {
    async *[Symbol.asyncIterator]() {
      let page = await first;
      for (;;) {
        yield* page.data;
        if (page.nextCursor === null) return;
        page = await fetchPage({ ...query, cursor: page.nextCursor }, options);
      }
    },
  });
}
