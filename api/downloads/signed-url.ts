import { createHmac, timingSafeEqual } from "node:crypto";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { SigningKey } from "../config/config.ts";
import { DAY_MS } from "../core/time.ts";

/** The query parameters a signed download link carries, as strings off the wire. */
export interface AssetLinkParams {
  readonly exp: string;
  readonly sub: string;
  readonly kid: string;
  readonly sig: string;
}

/** A link signed for one user and one asset file, until `expiresAt`. */
export interface SignedAssetLink {
  /** `/dl/{assetId}/{filename}?exp=…&sub=…&kid=…&sig=…`, relative to the public URL. */
  readonly pathAndQuery: string;
  readonly expiresAt: Date;
}

export type AssetLinkFailure =
  | "malformed"
  | "unknown_kid"
  | "tampered"
  | "expired"
  /** Signed, but valid for longer than any link Keyport makes (24 hours). */
  | "lifetime_exceeded";

/** The longest a link may be valid (SPEC §3.6); DOWNLOAD_LINK_SECONDS cannot ask for more. */
export const MAX_LINK_LIFETIME_MS = DAY_MS;

export type AssetLinkCheck =
  | { readonly ok: true; readonly userId: string; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: AssetLinkFailure };

/** An HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const SIGNATURE_BYTES = 32;
const EXP_PATTERN = /^[1-9][0-9]{0,11}$/;

/**
 * The percent-encoded path of an asset's download. Both ends derive it from the
 * decoded id and filename, so a client that re-encodes the path differently
 * (`%7E` for `~`, lower-case hex) still matches the signature.
 *
 * @example
 * assetDownloadPath("ast_01J…", "Acme Setup 1.0.exe"); // "/dl/ast_01J…/Acme%20Setup%201.0.exe"
 */
export function assetDownloadPath(assetId: string, filename: string): string {
  return `/dl/${encodeURIComponent(assetId)}/${encodeURIComponent(filename)}`;
}

/**
 * Signs a download link with the first of `keys`. The signature covers the
 * method, the path, the expiry, the user and the key id, newline-joined (none of
 * them can hold a newline once percent-encoded or validated), so changing any
 * one of them breaks it.
 *
 * @example
 * const link = signAssetUrl(config.signingKeys, {
 *   assetId, filename: "setup.exe", userId, expiresAt: new Date(Date.now() + 600_000),
 * });
 * const url = `${config.publicUrl}${link.pathAndQuery}`;
 */
export function signAssetUrl(
  keys: readonly SigningKey[],
  {
    assetId,
    filename,
    userId,
    expiresAt,
    method = "GET",
  }: {
    readonly assetId: string;
    readonly filename: string;
    readonly userId: string;
    readonly expiresAt: Date;
    /** The method the link is for; HEAD is verified as GET, so links are made for GET. */
    readonly method?: string;
  },
): SignedAssetLink {
  const key = keys[0];
  if (!key) throw new Error("No signing key configured");
  // Whole seconds, rounded up, so the link never expires before `expiresAt`.
  const exp = String(Math.ceil(expiresAt.getTime() / 1000));
  const path = assetDownloadPath(assetId, filename);
  const sig = encodeBase64urlNoPadding(mac(key.secret, method, path, exp, userId, key.kid));
  const query = new URLSearchParams({ exp, sub: userId, kid: key.kid, sig });
  return { pathAndQuery: `${path}?${query}`, expiresAt: new Date(Number(exp) * 1000) };
}

/**
 * Checks a download link: the key id must be one of `keys`, the signature must
 * match in constant time, and only then is the expiry looked at, so a forged
 * `exp` answers "tampered" and teaches an attacker nothing about expiry. An
 * expiry more than 24 hours ahead is refused even when signed. HEAD
 * requests are checked as GET (a HEAD answers with the same headers as the GET
 * the link was made for).
 *
 * @example
 * const check = verifyAssetUrl(config.signingKeys, {
 *   method: c.req.method, assetId, filename, params: { exp, sub, kid, sig },
 * });
 * if (!check.ok && check.reason === "expired") // 410
 */
export function verifyAssetUrl(
  keys: readonly SigningKey[],
  {
    method,
    assetId,
    filename,
    params,
  }: {
    readonly method: string;
    readonly assetId: string;
    readonly filename: string;
    readonly params: AssetLinkParams;
  },
  now: Date = new Date(),
): AssetLinkCheck {
  const { exp, sub, kid, sig } = params;
  if (!EXP_PATTERN.test(exp) || sub.length === 0 || sub.includes("\n")) {
    return { ok: false, reason: "malformed" };
  }
  const key = keys.find((candidate) => candidate.kid === kid);
  if (!key) return { ok: false, reason: "unknown_kid" };
  const given = decodeSignature(sig);
  const signedMethod = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  const expected = mac(
    key.secret,
    signedMethod,
    assetDownloadPath(assetId, filename),
    exp,
    sub,
    key.kid,
  );
  // The length is public (always 32 bytes), so checking it first leaks nothing.
  if (!given || given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "tampered" };
  }
  const expiresAt = new Date(Number(exp) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  // A leaked signing key or a clock far off must not make links that work for weeks.
  // One second of slack: signing rounds the expiry up to a whole second.
  if (expiresAt.getTime() - now.getTime() > MAX_LINK_LIFETIME_MS + 1000) {
    return { ok: false, reason: "lifetime_exceeded" };
  }
  return { ok: true, userId: sub, expiresAt };
}

function mac(
  secret: Uint8Array,
  method: string,
  path: string,
  exp: string,
  sub: string,
  kid: string,
): Buffer {
  return createHmac("sha256", secret).update([method, path, exp, sub, kid].join("\n")).digest();
}

function decodeSignature(sig: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sig)) return null;
  try {
    const bytes = decodeBase64urlIgnorePadding(sig);
    // The last character carries two unused bits; accept only the one canonical
    // spelling, so one signature is one string (the activity counts per signature).
    return encodeBase64urlNoPadding(bytes) === sig ? bytes : null;
  } catch {
    return null;
  }
}
