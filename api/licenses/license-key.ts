import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 5;
const GROUP_LENGTH = 5;
const KEY_LENGTH = GROUPS * GROUP_LENGTH;

/** The keys derived from the server secret: one encrypts keys at rest, one makes lookup hashes. */
export interface LicenseKeyCrypto {
  readonly encryptionKey: Buffer;
  readonly lookupKey: Buffer;
}

/** Derives separate encryption and lookup keys from the configured secret (≥ 32 bytes). */
export function createLicenseKeyCrypto(secret: Uint8Array): LicenseKeyCrypto {
  const derive = (info: string) =>
    Buffer.from(hkdfSync("sha256", secret, new Uint8Array(0), info, 32));
  return {
    encryptionKey: derive("keyport license-key encryption v1"),
    lookupKey: derive("keyport license-key lookup v1"),
  };
}

/**
 * A new license key: 25 Crockford base32 characters from a CSPRNG in five groups.
 *
 * @example
 * generateLicenseKey(); // "7XK2M-9QHTA-0B4WZ-DE5RN-P1C8F"
 */
export function generateLicenseKey(): string {
  const bytes = randomBytes(KEY_LENGTH);
  let key = "";
  // 256 is a multiple of 32, so masking a byte keeps every character equally likely.
  for (const byte of bytes) key += ALPHABET[byte & 31];
  return formatGroups(key);
}

/**
 * The canonical form of a key a person typed: upper case, separators dropped, the
 * Crockford look-alikes (I, L → 1; O → 0) mapped; `null` when it cannot be a key.
 */
export function normalizeLicenseKey(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (compact.length !== KEY_LENGTH) return null;
  for (const char of compact) if (!ALPHABET.includes(char)) return null;
  return formatGroups(compact);
}

/** Masks all but the last group: `•••••-•••••-•••••-•••••-P1C8F`. */
export function maskLicenseKey(lastGroup: string): string {
  return `${Array.from({ length: GROUPS - 1 }, () => "•••••").join("-")}-${lastGroup}`;
}

/** The last group of a key, kept in clear for masking and search. */
export function licenseKeyLastGroup(key: string): string {
  return key.slice(-GROUP_LENGTH);
}

/** The keyed hash under which a license is looked up; HMAC so a database leak cannot be brute-forced offline. */
export function hashLicenseKey(crypto: LicenseKeyCrypto, normalizedKey: string): string {
  return createHmac("sha256", crypto.lookupKey).update(normalizedKey).digest("hex");
}

/** AES-256-GCM with a random 96-bit nonce: `v1.<nonce>.<ciphertext+tag>` in base64url. */
export function encryptLicenseKey(crypto: LicenseKeyCrypto, key: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", crypto.encryptionKey, nonce);
  const body = Buffer.concat([cipher.update(key, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1.${encodeBase64urlNoPadding(nonce)}.${encodeBase64urlNoPadding(body)}`;
}

/** Decrypts a stored key; throws when the value was altered or the secret is wrong. */
export function decryptLicenseKey(crypto: LicenseKeyCrypto, stored: string): string {
  const [version, nonceText, bodyText] = stored.split(".");
  if (version !== "v1" || !nonceText || !bodyText) {
    throw new Error("Unrecognised encrypted license key format");
  }
  const body = decodeBase64urlIgnorePadding(bodyText);
  const decipher = createDecipheriv(
    "aes-256-gcm",
    crypto.encryptionKey,
    decodeBase64urlIgnorePadding(nonceText),
  );
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([
    decipher.update(body.subarray(0, body.length - 16)),
    decipher.final(),
  ]).toString("utf8");
}

function formatGroups(compact: string): string {
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += GROUP_LENGTH)
    groups.push(compact.slice(i, i + GROUP_LENGTH));
  return groups.join("-");
}
