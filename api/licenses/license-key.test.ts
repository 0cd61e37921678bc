import { createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CROCKFORD_ALPHABET } from "../core/crockford-base32.ts";
import {
  createLicenseKeyCrypto,
  decryptLicenseKey,
  encryptLicenseKey,
  generateLicenseKey,
  hashLicenseKey,
  licenseKeyLastGroup,
  maskLicenseKey,
  normalizeLicenseKey,
} from "./license-key.ts";

const KEY_FORMAT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;

const secret = randomBytes(32);
const keys = createLicenseKeyCrypto(secret);

/** RFC 5869 HKDF-SHA256 written out with plain HMAC, as an independent reference. */
function referenceHkdf(ikm: Uint8Array, salt: Uint8Array, info: string, length: number): Buffer {
  const prk = createHmac("sha256", salt.length ? salt : Buffer.alloc(32))
    .update(ikm)
    .digest();
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(blocks).length < length; i++) {
    previous = createHmac("sha256", prk)
      .update(Buffer.concat([previous, Buffer.from(info, "utf8"), Buffer.from([i])]))
      .digest();
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

describe("generateLicenseKey", () => {
  it("makes five groups of five Crockford base32 characters", () => {
    for (let i = 0; i < 200; i++) expect(generateLicenseKey()).toMatch(KEY_FORMAT);
  });

  it("uses the whole alphabet and never repeats across 2000 keys", () => {
    const generated = Array.from({ length: 2000 }, generateLicenseKey);
    expect(new Set(generated).size).toBe(2000);
    const counts = new Map<string, number>();
    for (const key of generated) {
      for (const char of key.replaceAll("-", "")) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join("")).toBe(CROCKFORD_ALPHABET);
    // 50 000 characters over 32 symbols: about 1562 each; a biased mapping would stray far.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1300);
      expect(count).toBeLessThan(1850);
    }
  });

  it("is already in normal form", () => {
    const key = generateLicenseKey();
    expect(normalizeLicenseKey(key)).toBe(key);
  });
});

describe("normalizeLicenseKey", () => {
  const key = "7XK2M-9QHTA-0B4WZ-DE5RN-P1C8F";

  it("accepts what people type: lower case, spaces, missing hyphens", () => {
    expect(normalizeLicenseKey(key.toLowerCase())).toBe(key);
    expect(normalizeLicenseKey(`  ${key.replaceAll("-", " ")} `)).toBe(key);
    expect(normalizeLicenseKey(key.replaceAll("-", ""))).toBe(key);
    expect(normalizeLicenseKey("7xk2m9qhta-0b4wz de5rnp1c8f")).toBe(key);
  });

  it("maps the look-alikes I and L to 1 and O to 0", () => {
    expect(normalizeLicenseKey("7XK2M-9QHTA-OB4WZ-DE5RN-PIC8F")).toBe(key);
    expect(normalizeLicenseKey("7XK2M-9QHTA-ob4WZ-DE5RN-plC8F")).toBe(key);
  });

  it("rejects U, other symbols and wrong lengths", () => {
    expect(normalizeLicenseKey("7XK2M-9QHTA-0B4WZ-DE5RN-P1C8U")).toBeNull();
    expect(normalizeLicenseKey("7XK2M-9QHTA-0B4WZ-DE5RN-P1C8*")).toBeNull();
    expect(normalizeLicenseKey("7XK2M-9QHTA-0B4WZ-DE5RN-P1C8")).toBeNull();
    expect(normalizeLicenseKey("7XK2M-9QHTA-0B4WZ-DE5RN-P1C8FF")).toBeNull();
    expect(normalizeLicenseKey("")).toBeNull();
  });
});

describe("encryptLicenseKey / decryptLicenseKey", () => {
  const key = generateLicenseKey();

  it("round-trips", () => {
    expect(decryptLicenseKey(keys, encryptLicenseKey(keys, key))).toBe(key);
  });

  it("produces a different ciphertext every time, never containing the key", () => {
    const first = encryptLicenseKey(keys, key);
    const second = encryptLicenseKey(keys, key);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toContain(key.replaceAll("-", "").slice(0, 5));
  });

  it("is AES-256-GCM under the HKDF-derived encryption key", () => {
    const [, nonce, body] = encryptLicenseKey(keys, key).split(".") as [string, string, string];
    const bytes = Buffer.from(body, "base64url");
    const encryptionKey = referenceHkdf(
      secret,
      new Uint8Array(0),
      "keyport license-key encryption v1",
      32,
    );
    const decipher = createDecipheriv(
      "aes-256-gcm",
      encryptionKey,
      Buffer.from(nonce, "base64url"),
    );
    decipher.setAuthTag(bytes.subarray(-16));
    const plain = Buffer.concat([decipher.update(bytes.subarray(0, -16)), decipher.final()]);
    expect(plain.toString("utf8")).toBe(key);
  });

  it("throws when any part was altered", () => {
    const stored = encryptLicenseKey(keys, key);
    const [version, nonce, body] = stored.split(".") as [string, string, string];
    const flip = (text: string, index: number) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[index] = bytes[index]! ^ 0x01;
      return bytes.toString("base64url");
    };
    const tampered = [
      `${version}.${nonce}.${flip(body, 0)}`,
      `${version}.${nonce}.${flip(body, Buffer.from(body, "base64url").length - 1)}`,
      `${version}.${flip(nonce, 3)}.${body}`,
      `${version}.${nonce}.${body.slice(0, -4)}`,
      `v2.${nonce}.${body}`,
      `${version}.${nonce}`,
      "",
    ];
    for (const value of tampered) expect(() => decryptLicenseKey(keys, value)).toThrow();
  });

  it("opens a key sealed before license keys went through the secret box", () => {
    // Written by the earlier license-key.ts (its own AES-256-GCM, no associated data).
    const oldSecret = Buffer.from(`6b657970${"6f72742d".repeat(7)}`, "hex");
    const sealedByOldCode =
      "v1.c6OrxvJXRFIG106-.-momnkXZ8a9pQAN8g5kavULYtqO1SV71QS3IBIiZ_1DFj3C3stMCxIlaC4rk";
    expect(decryptLicenseKey(createLicenseKeyCrypto(oldSecret), sealedByOldCode)).toBe(
      "7XK2M-9QHTA-0B4WZ-DE5RN-P1C8F",
    );
  });

  it("cannot be decrypted under another secret", () => {
    const other = createLicenseKeyCrypto(randomBytes(32));
    expect(() => decryptLicenseKey(other, encryptLicenseKey(keys, key))).toThrow();
  });
});

describe("hashLicenseKey", () => {
  const key = generateLicenseKey();

  it("is HMAC-SHA256 under the HKDF-derived lookup key", () => {
    const lookupKey = referenceHkdf(secret, new Uint8Array(0), "keyport license-key lookup v1", 32);
    const expected = createHmac("sha256", lookupKey).update(key).digest("hex");
    expect(hashLicenseKey(keys, key)).toBe(expected);
  });

  it("is stable for the same key and secret, and differs per key and per secret", () => {
    expect(hashLicenseKey(keys, key)).toBe(hashLicenseKey(createLicenseKeyCrypto(secret), key));
    expect(hashLicenseKey(keys, key)).not.toBe(hashLicenseKey(keys, generateLicenseKey()));
    expect(hashLicenseKey(createLicenseKeyCrypto(randomBytes(32)), key)).not.toBe(
      hashLicenseKey(keys, key),
    );
  });

  it("finds a typed key through normalisation", () => {
    const typed = normalizeLicenseKey(key.toLowerCase().replaceAll("-", " "));
    expect(typed).not.toBeNull();
    expect(hashLicenseKey(keys, typed!)).toBe(hashLicenseKey(keys, key));
  });

  it("keeps the lookup and encryption keys apart", () => {
    const encryptionKey = referenceHkdf(
      secret,
      new Uint8Array(0),
      "keyport license-key encryption v1",
      32,
    );
    expect(keys.lookupKey.equals(encryptionKey)).toBe(false);
    expect(keys.lookupKey.equals(secret)).toBe(false);
  });
});

describe("reference HKDF", () => {
  it("matches RFC 5869 test case 3 (empty salt and info)", () => {
    const okm = referenceHkdf(Buffer.alloc(22, 0x0b), new Uint8Array(0), "", 42);
    expect(okm.toString("hex")).toBe(
      "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    );
  });
});

describe("masking", () => {
  it("shows only the last group", () => {
    const key = "7XK2M-9QHTA-0B4WZ-DE5RN-P1C8F";
    expect(licenseKeyLastGroup(key)).toBe("P1C8F");
    const masked = maskLicenseKey(licenseKeyLastGroup(key));
    expect(masked).toBe("•••••-•••••-•••••-•••••-P1C8F");
    for (const group of key.split("-").slice(0, 4)) expect(masked).not.toContain(group);
  });
});
