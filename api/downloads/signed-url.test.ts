import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SigningKey } from "../config/config.ts";
import { DAY_MS } from "../core/time.ts";
import {
  type AssetLinkParams,
  assetDownloadPath,
  signAssetUrl,
  verifyAssetUrl,
} from "./signed-url.ts";

const k1: SigningKey = { kid: "k1", secret: randomBytes(32) };
const k2: SigningKey = { kid: "k2", secret: randomBytes(32) };
const assetId = "ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNA";
const filename = "Acme Setup 1.0 (x64) ünï.exe";
const userId = "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNB";
const now = new Date("2026-11-30T12:00:00.000Z");
const inTenMinutes = new Date(now.getTime() + 600_000);

/** Splits a signed link into what the delivery route reads off the request. */
function partsOf(pathAndQuery: string) {
  const url = new URL(pathAndQuery, "http://localhost");
  const [, , id, name] = url.pathname.split("/");
  const params = Object.fromEntries(url.searchParams) as unknown as AssetLinkParams;
  return {
    assetId: decodeURIComponent(id!),
    filename: decodeURIComponent(name!),
    params,
    pathname: url.pathname,
  };
}

function sign(keys: readonly SigningKey[] = [k1], expiresAt = inTenMinutes) {
  return partsOf(signAssetUrl(keys, { assetId, filename, userId, expiresAt }).pathAndQuery);
}

describe("signAssetUrl", () => {
  it("signs method, percent-encoded path, exp, sub and kid with HMAC-SHA256 (checked against a reference)", () => {
    const link = signAssetUrl([k1, k2], { assetId, filename, userId, expiresAt: inTenMinutes });
    const { params, pathname } = partsOf(link.pathAndQuery);
    const exp = String(inTenMinutes.getTime() / 1000);
    expect(pathname).toBe(`/dl/${assetId}/${encodeURIComponent(filename)}`);
    expect(params).toEqual({ exp, sub: userId, kid: "k1", sig: expect.any(String) });
    const reference = createHmac("sha256", k1.secret)
      .update(`GET\n${pathname}\n${exp}\n${userId}\nk1`)
      .digest("base64url");
    expect(params.sig).toBe(reference);
    expect(link.expiresAt).toEqual(inTenMinutes);
  });

  it("rounds a fractional expiry up to the next second", () => {
    const link = signAssetUrl([k1], {
      assetId,
      filename,
      userId,
      expiresAt: new Date(inTenMinutes.getTime() + 1),
    });
    expect(partsOf(link.pathAndQuery).params.exp).toBe(String(inTenMinutes.getTime() / 1000 + 1));
    expect(link.expiresAt.getTime()).toBe(inTenMinutes.getTime() + 1000);
  });

  it("refuses to sign without a key", () => {
    expect(() => signAssetUrl([], { assetId, filename, userId, expiresAt: inTenMinutes })).toThrow(
      /signing key/,
    );
  });

  it("percent-encodes every reserved character of the filename", () => {
    expect(assetDownloadPath("ast_1", "a b?c#d%e&f=g+h/ü")).toBe(
      "/dl/ast_1/a%20b%3Fc%23d%25e%26f%3Dg%2Bh%2F%C3%BC",
    );
  });
});

describe("verifyAssetUrl", () => {
  it("accepts an untouched link for GET and for HEAD", () => {
    const link = sign();
    for (const method of ["GET", "HEAD", "get"]) {
      expect(verifyAssetUrl([k1], { method, ...link }, now)).toEqual({
        ok: true,
        userId,
        expiresAt: inTenMinutes,
      });
    }
  });

  it.each([
    ["exp", (p: AssetLinkParams) => ({ ...p, exp: String(Number(p.exp) + 3600) })],
    ["sub", (p: AssetLinkParams) => ({ ...p, sub: "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNC" })],
    ["sig", (p: AssetLinkParams) => ({ ...p, sig: flipFirstCharacter(p.sig) })],
  ])("answers tampered when %s is changed", (_, change) => {
    const link = sign();
    expect(
      verifyAssetUrl([k1], { method: "GET", ...link, params: change(link.params) }, now),
    ).toEqual({ ok: false, reason: "tampered" });
  });

  it("answers tampered when the kid names another known key", () => {
    const link = sign([k1]);
    const check = verifyAssetUrl(
      [k1, k2],
      { method: "GET", ...link, params: { ...link.params, kid: "k2" } },
      now,
    );
    expect(check).toEqual({ ok: false, reason: "tampered" });
  });

  it("answers tampered for another asset, another filename or another method", () => {
    const link = sign();
    const other = { ok: false, reason: "tampered" };
    expect(
      verifyAssetUrl(
        [k1],
        { method: "GET", ...link, assetId: "ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNZ" },
        now,
      ),
    ).toEqual(other);
    expect(verifyAssetUrl([k1], { method: "GET", ...link, filename: "other.exe" }, now)).toEqual(
      other,
    );
    for (const method of ["POST", "PUT", "DELETE"]) {
      expect(verifyAssetUrl([k1], { method, ...link }, now)).toEqual(other);
    }
  });

  it("answers tampered for a signature that is not 32 bytes or not canonical base64url", () => {
    const link = sign();
    for (const sig of ["", "abc", `${link.params.sig}A`, `${link.params.sig}=`, "!".repeat(43)]) {
      expect(
        verifyAssetUrl([k1], { method: "GET", ...link, params: { ...link.params, sig } }, now),
      ).toEqual({ ok: false, reason: "tampered" });
    }
    // The same 32 bytes spelt with the unused low bits of the last character set.
    const last = link.params.sig.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const sig = `${link.params.sig.slice(0, -1)}${sibling}`;
    expect(
      verifyAssetUrl([k1], { method: "GET", ...link, params: { ...link.params, sig } }, now),
    ).toEqual({ ok: false, reason: "tampered" });
  });

  it("answers unknown_kid for a key id it does not hold", () => {
    const link = sign([k1]);
    expect(verifyAssetUrl([k2], { method: "GET", ...link }, now)).toEqual({
      ok: false,
      reason: "unknown_kid",
    });
  });

  it("answers malformed for an expiry that is not a positive whole number of seconds", () => {
    const link = sign();
    for (const exp of ["", "-1", "0", "1.5", "1e9", "0x10", "12345678901234", " 1"]) {
      expect(
        verifyAssetUrl([k1], { method: "GET", ...link, params: { ...link.params, exp } }, now),
      ).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("answers expired at and after the expiry, but only once the signature is good", () => {
    const link = sign([k1], new Date(now.getTime() - 1000));
    expect(verifyAssetUrl([k1], { method: "GET", ...link }, now)).toEqual({
      ok: false,
      reason: "expired",
    });
    const atExpiry = sign([k1], now);
    expect(verifyAssetUrl([k1], { method: "GET", ...atExpiry }, now)).toEqual({
      ok: false,
      reason: "expired",
    });
    // A forged past expiry on someone else's link is tampered, not expired.
    const forged = { ...link.params, sig: flipFirstCharacter(link.params.sig) };
    expect(verifyAssetUrl([k1], { method: "GET", ...link, params: forged }, now)).toEqual({
      ok: false,
      reason: "tampered",
    });
  });

  it("refuses a signed expiry more than 24 hours ahead, and accepts one exactly 24 hours ahead", () => {
    const day = DAY_MS;
    expect(
      verifyAssetUrl([k1], { method: "GET", ...sign([k1], new Date(now.getTime() + day)) }, now).ok,
    ).toBe(true);
    for (const ahead of [day + 2000, 7 * day, 10 * 365 * day]) {
      const link = sign([k1], new Date(now.getTime() + ahead));
      expect(verifyAssetUrl([k1], { method: "GET", ...link }, now)).toEqual({
        ok: false,
        reason: "lifetime_exceeded",
      });
    }
    // Still checked after the signature: a forged far expiry is tampered.
    const link = sign([k1], new Date(now.getTime() + 7 * day));
    const forged = { ...link.params, sig: flipFirstCharacter(link.params.sig) };
    expect(verifyAssetUrl([k1], { method: "GET", ...link, params: forged }, now).ok).toBe(false);
    expect(verifyAssetUrl([k1], { method: "GET", ...link, params: forged }, now)).toMatchObject({
      reason: "tampered",
    });
  });

  it("verifies with every configured key: an overlapping key works, a rotated-out key fails", () => {
    const old = sign([k1]);
    const fresh = sign([k2, k1]);
    expect(fresh.params.kid).toBe("k2");
    // During the overlap both the old and the new links work.
    expect(verifyAssetUrl([k2, k1], { method: "GET", ...old }, now).ok).toBe(true);
    expect(verifyAssetUrl([k2, k1], { method: "GET", ...fresh }, now).ok).toBe(true);
    // Once k1 is removed, its links stop working.
    expect(verifyAssetUrl([k2], { method: "GET", ...old }, now)).toEqual({
      ok: false,
      reason: "unknown_kid",
    });
  });

  it("does not accept a link signed with a different secret under the same kid", () => {
    const link = sign([{ kid: "k1", secret: randomBytes(32) }]);
    expect(verifyAssetUrl([k1], { method: "GET", ...link }, now)).toEqual({
      ok: false,
      reason: "tampered",
    });
  });
});

function flipFirstCharacter(value: string): string {
  return `${value[0] === "A" ? "B" : "A"}${value.slice(1)}`;
}
