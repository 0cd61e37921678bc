import { describe, expect, it } from "vitest";
import {
  ifRangeHolds,
  meteredStream,
  noneMatch,
  parseRangeHeader,
  strongEtag,
} from "./file-response.ts";

const etag = strongEtag("ab".repeat(32));

describe("noneMatch", () => {
  it("matches the ETag weakly, in lists and as *", () => {
    expect(noneMatch(etag, etag)).toBe(true);
    expect(noneMatch(`W/${etag}`, etag)).toBe(true);
    expect(noneMatch(`"x", W/"y", ${etag}`, etag)).toBe(true);
    expect(noneMatch("*", etag)).toBe(true);
  });

  it("does not match another tag, a bare value or no header", () => {
    expect(noneMatch('"x"', etag)).toBe(false);
    expect(noneMatch(etag.slice(1, -1), etag)).toBe(false);
    expect(noneMatch("", etag)).toBe(false);
    expect(noneMatch(undefined, etag)).toBe(false);
  });
});

describe("ifRangeHolds", () => {
  it("holds without If-Range and for the same strong ETag only", () => {
    expect(ifRangeHolds(undefined, etag)).toBe(true);
    expect(ifRangeHolds(etag, etag)).toBe(true);
    expect(ifRangeHolds(` ${etag} `, etag)).toBe(true);
    expect(ifRangeHolds(`W/${etag}`, etag)).toBe(false);
    expect(ifRangeHolds('"other"', etag)).toBe(false);
    expect(ifRangeHolds("Mon, 30 Nov 2026 10:00:00 GMT", etag)).toBe(false);
  });
});

describe("parseRangeHeader", () => {
  it.each([
    ["bytes=0-99", { kind: "partial", range: { start: 0, end: 99 } }],
    ["bytes=900-", { kind: "partial", range: { start: 900, end: 999 } }],
    ["bytes=-100", { kind: "partial", range: { start: 900, end: 999 } }],
    ["bytes=990-5000", { kind: "partial", range: { start: 990, end: 999 } }],
    ["bytes=0-9,10-19", { kind: "partial", range: { start: 0, end: 19 } }],
    ["bytes=0-9,20-29", { kind: "full" }],
    ["items=0-9", { kind: "full" }],
    ["bytes=1000-", { kind: "unsatisfiable" }],
    ["bytes=5-2", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes", { kind: "malformed" }],
    ["bytes=a-b", { kind: "malformed" }],
    ["bytes=-", { kind: "malformed" }],
  ])("reads %s of a 1000-byte file", (header, expected) => {
    expect(parseRangeHeader(1000, header)).toEqual(expected);
  });

  it("answers the whole file without a header", () => {
    expect(parseRangeHeader(1000, undefined)).toEqual({ kind: "full" });
  });
});

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

describe("meteredStream", () => {
  it("passes the bytes through and completes once, after the last read", async () => {
    let completed = 0;
    const stream = meteredStream(streamOf([new Uint8Array(3), new Uint8Array(4)]), 7, {
      onComplete: () => {
        completed++;
      },
    });
    const reader = stream.getReader();
    expect((await reader.read()).value).toHaveLength(3);
    expect((await reader.read()).value).toHaveLength(4);
    expect(completed).toBe(0);
    expect((await reader.read()).done).toBe(true);
    expect(completed).toBe(1);
  });

  it("errors when the source ends early or sends too much, and never completes", async () => {
    for (const [chunks, expected] of [
      [[new Uint8Array(3)], 7],
      [[new Uint8Array(5), new Uint8Array(5)], 7],
    ] as const) {
      let completed = false;
      const errors: unknown[] = [];
      const stream = meteredStream(streamOf([...chunks]), expected, {
        onComplete: () => {
          completed = true;
        },
        onError: (error) => errors.push(error),
      });
      await expect(new Response(stream).arrayBuffer()).rejects.toThrow();
      expect(completed).toBe(false);
      expect(errors).toHaveLength(1);
    }
  });

  it("errors the body and reports once when the source fails", async () => {
    const errors: unknown[] = [];
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("EIO"));
      },
    });
    const stream = meteredStream(failing, 10, { onError: (error) => errors.push(error) });
    await expect(new Response(stream).arrayBuffer()).rejects.toThrow("EIO");
    expect(errors).toEqual([new Error("EIO")]);
  });

  it("cancels the source when the consumer cancels", async () => {
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1));
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const reader = meteredStream(source, 100).getReader();
    await reader.read();
    await reader.cancel("client went away");
    expect(cancelled).toBe("client went away");
  });
});
