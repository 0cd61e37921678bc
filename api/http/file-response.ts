import parseRange from "range-parser";
import type { ByteRange } from "../downloads/stores/asset-store.ts";

/** What a request's `Range` header asks of a file of a known size. */
export type RangeRequest =
  | { readonly kind: "full" }
  | { readonly kind: "partial"; readonly range: ByteRange }
  | { readonly kind: "unsatisfiable" }
  | { readonly kind: "malformed" };

/** The strong entity tag of a file whose content is named by its sha256. */
export function strongEtag(sha256: string): string {
  return `"${sha256}"`;
}

/** Entity tags of a list header (`If-None-Match`), with any weak prefix kept. */
function entityTags(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"|\*/g) ?? [];
}

/**
 * Whether `If-None-Match` matches (RFC 9110 §13.1.2: weak comparison, `*`
 * matches any current file), so a GET or HEAD answers 304.
 *
 * @example
 * if (noneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304);
 */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = etag.replace(/^W\//, "");
  return entityTags(header).some((tag) => tag === "*" || tag.replace(/^W\//, "") === opaque);
}

/**
 * Whether a `Range` may be honoured given `If-Range` (RFC 9110 §13.1.5): only
 * when the validator is our strong ETag. A date never matches, since these
 * answers carry no Last-Modified, so the client gets the whole file, which is
 * always correct.
 */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  return header.trim() === etag && !etag.startsWith("W/");
}

/**
 * Reads a `Range` header for a file of `size` bytes. One range (also a suffix
 * `bytes=-500` or an open `bytes=500-`) is served as 206. Several ranges are
 * answered with the whole file: RFC 9110 lets a server ignore `Range`, and one
 * 200 is simpler for clients than multipart/byteranges. Ranges in another unit
 * are ignored too.
 *
 * @example
 * parseRangeHeader(1000, "bytes=-100"); // { kind: "partial", range: { start: 900, end: 999 } }
 */
export function parseRangeHeader(size: number, header: string | undefined): RangeRequest {
  if (header === undefined) return { kind: "full" };
  const parsed = parseRange(size, header, { combine: true });
  if (parsed === -2) return { kind: "malformed" };
  if (parsed === -1) return { kind: "unsatisfiable" };
  if (parsed.type !== "bytes") return { kind: "full" };
  const [range, ...more] = parsed;
  if (!range || more.length > 0) return { kind: "full" };
  return { kind: "partial", range: { start: range.start, end: range.end } };
}

/**
 * Passes `source` through unchanged, one chunk per read of the consumer (so no
 * buffering beyond the source's own), and checks that exactly `expected` bytes
 * arrive: a short, long or failing store stream errors the body, which cuts the
 * connection instead of leaving the client waiting for bytes that never come.
 * `onComplete` runs (and is awaited) once the consumer has read past the last
 * byte; `onError` once when the body fails because of the source.
 *
 * @example
 * return new Response(meteredStream(stream, size, { onComplete: () => log("done") }), { headers });
 */
export function meteredStream(
  source: ReadableStream<Uint8Array>,
  expected: number,
  {
    onComplete = () => {},
    onError = () => {},
  }: {
    readonly onComplete?: () => void | Promise<void>;
    readonly onError?: (error: unknown) => void;
  } = {},
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let delivered = 0;
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: unknown) => {
    onError(error);
    controller.error(error);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let read: ReadableStreamReadResult<Uint8Array>;
        try {
          read = await reader.read();
        } catch (error) {
          return fail(controller, error);
        }
        if (read.done) {
          if (delivered !== expected) {
            return fail(controller, new Error(`Store sent ${delivered} of ${expected} bytes`));
          }
          // Before close, so an in-process consumer sees the end only after it.
          await onComplete();
          controller.close();
          return;
        }
        delivered += read.value.byteLength;
        if (delivered > expected) {
          await reader.cancel().catch(() => {});
          return fail(controller, new Error(`Store sent more than ${expected} bytes`));
        }
        controller.enqueue(read.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
