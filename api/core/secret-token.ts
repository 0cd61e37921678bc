import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/**
 * A bearer secret from the CSPRNG (256 bits by default), base64url, with a
 * readable prefix so a leaked one is recognisable (`kpv_…` for vendor keys).
 */
export function generateSecretToken(prefix = "", bytes = 32): string {
  return prefix + encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Tokens are stored only as their SHA-256; a database leak reveals no usable token. */
export function hashSecretToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
