import { createHmac, hkdfSync } from "node:crypto";
import { decodeCrockfordInput, randomCrockford } from "../core/crockford-base32.ts";
import { createSecretBox, LICENSE_KEY_INFO, type SecretBox } from "../core/secret-box.ts";

const GROUPS = 5;
const GROUP_LENGTH = 5;
const KEY_LENGTH = GROUPS * GROUP_LENGTH;

/**
 * What the server secret gives license keys: a box that seals them at rest, and a
 * separate key for the lookup hashes.
 */
export interface LicenseKeyCrypto {
  readonly box: SecretBox;
  readonly lookupKey: Buffer;
}

/** Derives the sealing and lookup keys from the configured secret (≥ 32 bytes), each under its own label. */
export function createLicenseKeyCrypto(secret: Uint8Array): LicenseKeyCrypto {
  return {
    box: createSecretBox(secret, LICENSE_KEY_INFO),
    lookupKey: Buffer.from(
      hkdfSync("sha256", secret, new Uint8Array(0), "keyport license-key lookup v1", 32),
    ),
  };
}

/**
 * A new license key: 25 Crockford base32 characters from a CSPRNG in five groups.
 *
 * @example
 * generateLicenseKey(); // "7XK2M-9QHTA-0B4WZ-DE5RN-P1C8F"
 */
export function generateLicenseKey(): string {
  return formatGroups(randomCrockford(KEY_LENGTH));
}

/**
 * The canonical form of a key a person typed: upper case, separators dropped, the
 * Crockford look-alikes (I, L → 1; O → 0) mapped; `null` when it cannot be a key.
 */
export function normalizeLicenseKey(input: string): string | null {
  const compact = decodeCrockfordInput(input, KEY_LENGTH);
  return compact === null ? null : formatGroups(compact);
}

/** Masks all but the last group: `•••••-•••••-•••••-•••••-P1C8F`. */
export function maskLicenseKey(lastGroup: string): string {
  return MASKED_PREFIX + lastGroup;
}

/** Every group but the last, hidden: the same for every key, so made once. */
const MASKED_PREFIX = `${Array.from({ length: GROUPS - 1 }, () => "•".repeat(GROUP_LENGTH)).join("-")}-`;

/** The last group of a key, kept in clear for masking and search. */
export function licenseKeyLastGroup(key: string): string {
  return key.slice(-GROUP_LENGTH);
}

/** The keyed hash under which a license is looked up; HMAC so a database leak cannot be brute-forced offline. */
export function hashLicenseKey(crypto: LicenseKeyCrypto, normalizedKey: string): string {
  return createHmac("sha256", crypto.lookupKey).update(normalizedKey).digest("hex");
}

/**
 * No context is bound to a sealed license key: keys were sealed so before the
 * secret box existed (an empty associated data is the same as none in GCM), and
 * the row's lookup hash pins the key to its license anyway.
 */
const SEALED_KEY_CONTEXT = "";

/** Seals a key for the database: `v1.<nonce>.<ciphertext+tag>` (core/secret-box.ts). */
export function encryptLicenseKey(crypto: LicenseKeyCrypto, key: string): string {
  return crypto.box.seal(new TextEncoder().encode(key), SEALED_KEY_CONTEXT);
}

/** Opens a stored key; throws when the value was altered or the secret is wrong. */
export function decryptLicenseKey(crypto: LicenseKeyCrypto, stored: string): string {
  return new TextDecoder().decode(crypto.box.open(stored, SEALED_KEY_CONTEXT));
}

function formatGroups(compact: string): string {
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += GROUP_LENGTH)
    groups.push(compact.slice(i, i + GROUP_LENGTH));
  return groups.join("-");
}
