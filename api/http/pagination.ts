import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { ProblemError } from "./problem.ts";

/**
 * Cursors are opaque to clients: the base64url of the last id of a page. Ids
 * sort by creation, so `id < cursor` continues a newest-first listing.
 */
export function encodeCursor(lastId: string): string {
  return encodeBase64urlNoPadding(new TextEncoder().encode(lastId));
}

/** The id a cursor stands for; a cursor that was not made here answers 422 naming `query.cursor`. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const id = new TextDecoder("utf-8", { fatal: true }).decode(
      decodeBase64urlIgnorePadding(cursor),
    );
    if (/^[a-z]+_[0-9A-Z]{26}$/.test(id)) return id;
  } catch {
    // fall through to the problem below
  }
  throw new ProblemError(422, "VALIDATION_FAILED", {
    detail: "query.cursor: not a cursor from this API",
    errors: [{ field: "query.cursor", message: "not a cursor from this API" }],
  });
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that more exist.
 *
 * @example
 * const rows = await query.where("id", "<", after).orderBy("id", "desc").limit(limit + 1).execute();
 * return c.json(toPage(rows, limit, serialize));
 */
export function toPage<Row extends { id: string }, Out>(
  rows: readonly Row[],
  limit: number,
  serialize: (row: Row) => Out,
): { data: Out[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(serialize),
    nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
  };
}
