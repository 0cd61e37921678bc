import { createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { createSecretBox, LICENSE_KEY_INFO, TOTP_SECRET_INFO } from "./secret-box.ts";

const secret = randomBytes(32);
const box = createSecretBox(secret);
const plaintext = new Uint8Array(randomBytes(20));

describe("createSecretBox", () => {
  it("opens what it sealed, with a fresh nonce every time", () => {
    const sealed = box.seal(plaintext, "usr_1");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(box.open(sealed, "usr_1")).toEqual(plaintext);
    expect(box.seal(plaintext, "usr_1")).not.toBe(sealed);
  });

  it("is AES-256-GCM under the HKDF key labelled for TOTP secrets, with the context as AAD", () => {
    const sealed = box.seal(plaintext, "usr_1");
    const [, nonce, body] = sealed.split(".") as [string, string, string];
    const bytes = decodeBase64urlIgnorePadding(body);
    const key = Buffer.from(hkdfSync("sha256", secret, new Uint8Array(0), TOTP_SECRET_INFO, 32));
    const decipher = createDecipheriv("aes-256-gcm", key, decodeBase64urlIgnorePadding(nonce));
    decipher.setAAD(Buffer.from("usr_1"));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const opened = Buffer.concat([
      decipher.update(bytes.subarray(0, bytes.length - 16)),
      decipher.final(),
    ]);
    expect(new Uint8Array(opened)).toEqual(plaintext);
    // Not the license-key encryption key: one secret, separate keys per purpose.
    const licenseKeys = Buffer.from(
      hkdfSync("sha256", secret, new Uint8Array(0), LICENSE_KEY_INFO, 32),
    );
    expect(key.equals(licenseKeys)).toBe(false);
  });

  it("refuses a value sealed for another context, under another secret, or altered", () => {
    const sealed = box.seal(plaintext, "usr_1");
    expect(() => box.open(sealed, "usr_2")).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, "usr_1")).toThrow();
    const [version, nonce, body] = sealed.split(".") as [string, string, string];
    const flipped = `${body.slice(0, 3)}${body[3] === "A" ? "B" : "A"}${body.slice(4)}`;
    expect(() => box.open(`${version}.${nonce}.${flipped}`, "usr_1")).toThrow();
    expect(() => box.open(`v2.${nonce}.${body}`, "usr_1")).toThrow(/format/);
    expect(() => box.open("v1.abc", "usr_1")).toThrow(/format/);
  });
});
