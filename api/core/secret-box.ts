import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

/** The HKDF label of the key that seals TOTP secrets; a new label means a new, separate key. */
export const TOTP_SECRET_INFO = "keyport totp-secret v1";
/** The HKDF label of the key that seals license keys (licenses/license-key.ts). */
export const LICENSE_KEY_INFO = "keyport license-key encryption v1";

/**
 * Seals small secrets at rest (AES-256-GCM): TOTP keys, license keys. `context`
 * is bound in as associated data: a value sealed for one user does not open for
 * another, so sealed values cannot be swapped between rows.
 */
export interface SecretBox {
  seal(plaintext: Uint8Array, context: string): string;
  /** Throws when the value was altered, sealed for another context or under another secret. */
  open(sealed: string, context: string): Uint8Array;
}

/**
 * A box whose key is derived with HKDF-SHA256 from the server secret, under its
 * own `info` label.
 *
 * @example
 * const secrets = createSecretBox(config.licenseKeySecret);
 * const stored = secrets.seal(totpKey, userId); // "v1.<nonce>.<ciphertext+tag>"
 * secrets.open(stored, userId); // totpKey
 */
export function createSecretBox(secret: Uint8Array, info: string = TOTP_SECRET_INFO): SecretBox {
  const key = Buffer.from(hkdfSync("sha256", secret, new Uint8Array(0), info, 32));
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, nonce);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return `v1.${encodeBase64urlNoPadding(nonce)}.${encodeBase64urlNoPadding(body)}`;
    },
    open(sealed, context) {
      const [version, nonceText, bodyText, ...rest] = sealed.split(".");
      if (version !== "v1" || !nonceText || !bodyText || rest.length) {
        throw new Error("Unrecognised sealed secret format");
      }
      const body = decodeBase64urlIgnorePadding(bodyText);
      if (body.length < 16) throw new Error("Sealed secret is too short");
      const decipher = createDecipheriv(
        "aes-256-gcm",
        key,
        decodeBase64urlIgnorePadding(nonceText),
      );
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return new Uint8Array(
        Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]),
      );
    },
  };
}
