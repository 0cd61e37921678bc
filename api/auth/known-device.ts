import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

/** The HKDF label of the key that signs known-device cookies. */
const KNOWN_DEVICE_INFO = "keyport known-device v1";

/** How long a device counts as known after its last successful sign-in. */
export const KNOWN_DEVICE_LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;

/** A browser that signed in as `userId` before; `deviceId` names it for its own failure counter. */
export interface KnownDevice {
  readonly userId: string;
  readonly deviceId: string;
}

/**
 * Signed "known device" tokens (OWASP's device cookies): a successful sign-in
 * hands the browser one, and a later sign-in that brings it back is a second
 * signal beside the password, so it is not held up by a lockout that someone
 * else's wrong guesses caused. Stateless: an HMAC under a key derived from the
 * server secret, over the user, a random device id and the time it was issued.
 */
export interface KnownDevices {
  /** A new token for a browser that just signed in as `userId`. */
  issue(userId: string, now?: Date): { readonly value: string; readonly expiresAt: Date };
  /** The device a token names, or `null` when it is malformed, forged or too old. */
  verify(value: string | undefined, now?: Date): KnownDevice | null;
}

/**
 * @example
 * const devices = createKnownDevices(config.licenseKeySecret);
 * const { value, expiresAt } = devices.issue(user.id);
 * devices.verify(value); // { userId, deviceId }
 */
export function createKnownDevices(secret: Uint8Array): KnownDevices {
  const key = Buffer.from(hkdfSync("sha256", secret, new Uint8Array(0), KNOWN_DEVICE_INFO, 32));
  const mac = (payload: string) => createHmac("sha256", key).update(payload).digest();
  return {
    issue(userId, now = new Date()) {
      const deviceId = encodeBase64urlNoPadding(randomBytes(16));
      const payload = `v1.${userId}.${deviceId}.${Math.floor(now.getTime() / 1000)}`;
      return {
        value: `${payload}.${encodeBase64urlNoPadding(mac(payload))}`,
        expiresAt: new Date(now.getTime() + KNOWN_DEVICE_LIFETIME_MS),
      };
    },
    verify(value, now = new Date()) {
      if (!value || value.length > 200) return null;
      const parts = value.split(".");
      if (parts.length !== 5) return null;
      const [version, userId, deviceId, issued, sig] = parts as [
        string,
        string,
        string,
        string,
        string,
      ];
      if (version !== "v1" || !/^[A-Za-z0-9_]{1,64}$/.test(userId)) return null;
      if (!/^[A-Za-z0-9_-]{22}$/.test(deviceId) || !/^[0-9]{1,12}$/.test(issued)) return null;
      let given: Uint8Array;
      try {
        given = decodeBase64urlIgnorePadding(sig);
      } catch {
        return null;
      }
      const expected = mac(`${version}.${userId}.${deviceId}.${issued}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const age = now.getTime() - Number(issued) * 1000;
      if (age < -60_000 || age > KNOWN_DEVICE_LIFETIME_MS) return null;
      return { userId, deviceId };
    },
  };
}
