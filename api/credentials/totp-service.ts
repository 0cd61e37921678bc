import { encodeBase32NoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import type { Kysely } from "kysely";
import { decodeCrockfordInput, randomCrockford } from "../core/crockford-base32.ts";
import { createId } from "../core/ids.ts";
import type { SecretBox } from "../core/secret-box.ts";
import { hashSecretToken } from "../core/secret-token.ts";
import type { Database } from "../db/schema.ts";

/** RFC 6238 defaults, which every authenticator app understands. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Codes of the previous and the next step count too, for clocks that drift a little. */
const WINDOW_STEPS = 1;
const SECRET_BYTES = 20;
const ISSUER = "Keyport";
export const RECOVERY_CODE_COUNT = 10;
/** Characters in a recovery code (5 bits each, lower-case Crockford base32). */
const RECOVERY_CODE_LENGTH = 10;

/** What a user row must carry for a second-factor check. */
export interface TotpUser {
  readonly id: string;
  readonly totp_secret_encrypted: string | null;
  readonly totp_last_used_step: number | null;
}

/** What the caller shows once while setting up an authenticator app. */
export interface TotpSetup {
  /** The key in base32 without padding, for typing it in by hand. */
  readonly secret: string;
  /** `otpauth://totp/Keyport:<email>?…`, for a QR code. */
  readonly uri: string;
}

/**
 * Checks a second factor at sign-in (or before a sensitive change): a 6-digit TOTP
 * code, or a recovery code `xxxxx-xxxxx`. Both are single use: a TOTP step at or
 * below the last one used is refused (replay), and using one is recorded with a
 * conditional update, so two concurrent uses of one code cannot both pass. Pass
 * the transaction the caller already runs in, if any.
 *
 * @example
 * const result = await verifyTotpForLogin(db, deps.secrets, user, body.totpCode);
 * if (result === "invalid") throw …; // "ok" or "recovery" (the caller records `recovery_code.used`)
 */
export async function verifyTotpForLogin(
  db: Kysely<Database>,
  secretBox: SecretBox,
  user: TotpUser,
  code: string,
  now: Date = new Date(),
): Promise<"ok" | "recovery" | "invalid"> {
  const compact = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(compact)) {
    if (!user.totp_secret_encrypted) return "invalid";
    const step = matchingStep(openSecret(secretBox, user), compact, now, user.totp_last_used_step);
    if (step === null) return "invalid";
    const result = await db
      .updateTable("users")
      .set({ totp_last_used_step: step })
      .where("id", "=", user.id)
      .where("totp_enabled_at", "is not", null)
      .where("totp_secret_encrypted", "=", user.totp_secret_encrypted)
      .where((eb) =>
        eb.or([eb("totp_last_used_step", "is", null), eb("totp_last_used_step", "<", step)]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? "ok" : "invalid";
  }
  const recovery = normalizeRecoveryCode(compact);
  if (!recovery) return "invalid";
  const used = await db
    .updateTable("totp_recovery_codes")
    .set({ used_at: now })
    .where("user_id", "=", user.id)
    .where("code_hash", "=", hashSecretToken(recovery))
    .where("used_at", "is", null)
    .executeTakeFirst();
  return used.numUpdatedRows > 0n ? "recovery" : "invalid";
}

/**
 * Starts (or restarts) setting up two-factor sign-in: a new 20-byte key, sealed at
 * rest and pending until `enableTotp`. `null` when two-factor sign-in is already on.
 */
export async function startTotpSetup(
  db: Kysely<Database>,
  secretBox: SecretBox,
  user: { readonly id: string; readonly email: string },
): Promise<TotpSetup | null> {
  const key = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  const result = await db
    .updateTable("users")
    .set({
      totp_secret_encrypted: secretBox.seal(key, user.id),
      totp_last_used_step: null,
      updated_at: new Date(),
    })
    .where("id", "=", user.id)
    .where("totp_enabled_at", "is", null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return null;
  return {
    secret: encodeBase32NoPadding(key),
    uri: createTOTPKeyURI(ISSUER, user.email, key, PERIOD_SECONDS, DIGITS),
  };
}

export type EnableTotpResult =
  | { readonly status: "enabled"; readonly recoveryCodes: readonly string[] }
  | { readonly status: "not_pending" }
  | { readonly status: "invalid_code" };

/**
 * Turns two-factor sign-in on when `code` fits the pending key, and replaces the
 * user's recovery codes with 10 new ones (answered in clear once, stored hashed).
 * Runs in `db` as given: pass the transaction that also records the change.
 */
export async function enableTotp(
  db: Kysely<Database>,
  secretBox: SecretBox,
  userId: string,
  code: string,
  now: Date = new Date(),
): Promise<EnableTotpResult> {
  const user = await db
    .selectFrom("users")
    .select(["id", "totp_secret_encrypted", "totp_enabled_at"])
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user?.totp_secret_encrypted || user.totp_enabled_at) return { status: "not_pending" };
  const compact = code.replace(/\s/g, "");
  const step = /^\d{6}$/.test(compact)
    ? matchingStep(openSecret(secretBox, user), compact, now)
    : null;
  if (step === null) return { status: "invalid_code" };
  await db
    .updateTable("users")
    .set({ totp_enabled_at: now, totp_last_used_step: step, updated_at: now })
    .where("id", "=", userId)
    .execute();
  const recoveryCodes = await replaceRecoveryCodes(db, userId);
  return { status: "enabled", recoveryCodes };
}

/** Turns two-factor sign-in off: forgets the key, the last step and every recovery code. */
export async function disableTotp(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("totp_recovery_codes").where("user_id", "=", userId).execute();
  await db
    .updateTable("users")
    .set({
      totp_secret_encrypted: null,
      totp_enabled_at: null,
      totp_last_used_step: null,
      updated_at: new Date(),
    })
    .where("id", "=", userId)
    .execute();
}

/** Deletes a user's recovery codes and stores `RECOVERY_CODE_COUNT` new ones; answers them in clear. */
export async function replaceRecoveryCodes(
  db: Kysely<Database>,
  userId: string,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await db.deleteFrom("totp_recovery_codes").where("user_id", "=", userId).execute();
  await db
    .insertInto("totp_recovery_codes")
    .values(
      codes.map((code) => ({
        id: createId("rcv"),
        user_id: userId,
        code_hash: hashSecretToken(code),
      })),
    )
    .execute();
  return codes;
}

/**
 * A recovery code: 10 characters from a CSPRNG (50 bits) as `xxxxx-xxxxx`.
 *
 * @example
 * generateRecoveryCode(); // "7xk2m-9qhta"
 */
export function generateRecoveryCode(): string {
  return formatRecoveryCode(randomCrockford(RECOVERY_CODE_LENGTH));
}

/**
 * The stored spelling of a recovery code someone typed (any case, hyphen optional,
 * Crockford look-alikes mapped), or `null` when it cannot be one.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = decodeCrockfordInput(input, RECOVERY_CODE_LENGTH);
  return compact === null ? null : formatRecoveryCode(compact);
}

/** `7XK2M9QHTA` → `7xk2m-9qhta`: the stored and shown spelling. */
function formatRecoveryCode(compact: string): string {
  const lower = compact.toLowerCase();
  return `${lower.slice(0, 5)}-${lower.slice(5)}`;
}

/**
 * The time step within ±WINDOW_STEPS of now whose code `code` is, or `null`; steps
 * at or below `lastUsedStep` no longer count (a code is good once).
 */
function matchingStep(
  key: Uint8Array,
  code: string,
  now: Date,
  lastUsedStep: number | null = null,
): number | null {
  if (code.length !== DIGITS) return null;
  const current = Math.floor(now.getTime() / (PERIOD_SECONDS * 1000));
  let found: number | null = null;
  // Every candidate is checked (in constant time each), so timing does not tell which one matched.
  for (let step = current - WINDOW_STEPS; step <= current + WINDOW_STEPS; step++) {
    const fresh = lastUsedStep === null || step > lastUsedStep;
    if (verifyHOTP(key, BigInt(step), DIGITS, code) && fresh && found === null) found = step;
  }
  return found;
}

function openSecret(
  secretBox: SecretBox,
  user: { readonly id: string; readonly totp_secret_encrypted: string | null },
): Uint8Array {
  if (!user.totp_secret_encrypted) throw new Error("The user has no TOTP key");
  try {
    return secretBox.open(user.totp_secret_encrypted, user.id);
  } catch (cause) {
    throw new Error(`The TOTP key of user ${user.id} cannot be opened`, { cause });
  }
}
