import type { Kysely } from "kysely";
import { createId } from "../core/ids.ts";
import { generateSecretToken, hashSecretToken } from "../core/secret-token.ts";
import type { Database, TokenPurpose } from "../db/schema.ts";

/** The readable prefix of each kind of mailed token, so a leaked one is recognisable. */
const PREFIXES: Record<TokenPurpose, string> = {
  password_reset: "kpr_",
  invitation: "kpi_",
  email_change: "kpe_",
};

export interface IssuedToken {
  /** The raw token, to put in a link; only its SHA-256 is stored. */
  readonly token: string;
  readonly tokenId: string;
  readonly expiresAt: Date;
}

export interface UsableToken {
  readonly tokenId: string;
  readonly userId: string;
  readonly purpose: TokenPurpose;
  readonly data: Record<string, unknown>;
  readonly expiresAt: Date;
}

/**
 * Issues a single-use token for a mailed link (256 bits from the CSPRNG, stored
 * only hashed). Unused tokens of the same user and purpose are dropped, so only
 * the newest link works. Call it in the transaction that queues the mail.
 *
 * @example
 * const { token } = await issueOneTimeToken(trx, { userId, purpose: "password_reset", lifetimeMs: HOUR });
 */
export async function issueOneTimeToken(
  db: Kysely<Database>,
  {
    userId,
    purpose,
    lifetimeMs,
    data = {},
    now = new Date(),
  }: {
    userId: string;
    purpose: TokenPurpose;
    lifetimeMs: number;
    data?: Record<string, unknown>;
    now?: Date;
  },
): Promise<IssuedToken> {
  await db
    .deleteFrom("one_time_tokens")
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
  const token = generateSecretToken(PREFIXES[purpose]);
  const tokenId = createId("tok");
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db
    .insertInto("one_time_tokens")
    .values({
      id: tokenId,
      user_id: userId,
      purpose,
      token_hash: hashSecretToken(token),
      data: JSON.stringify(data),
      expires_at: expiresAt,
      created_at: now,
    })
    .execute();
  return { token, tokenId, expiresAt };
}

/**
 * The token's details when it exists, has one of `purposes`, is unused and has
 * not expired; `null` otherwise (the caller cannot tell which, by design). Reads
 * only: {@link useOneTimeToken} then claims it.
 */
export async function findUsableToken(
  db: Kysely<Database>,
  token: string,
  purposes: readonly TokenPurpose[],
  now: Date = new Date(),
): Promise<UsableToken | null> {
  const row = await db
    .selectFrom("one_time_tokens")
    .select(["id", "user_id", "purpose", "data", "expires_at"])
    .where("token_hash", "=", hashSecretToken(token))
    .where("purpose", "in", [...purposes])
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (!row) return null;
  return {
    tokenId: row.id,
    userId: row.user_id,
    purpose: row.purpose,
    data: row.data,
    expiresAt: row.expires_at,
  };
}

/**
 * Marks the token used, if it still is usable: a conditional update, so of two
 * concurrent requests with the same token exactly one gets `true`.
 */
export async function useOneTimeToken(
  db: Kysely<Database>,
  tokenId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable("one_time_tokens")
    .set({ used_at: now })
    .where("id", "=", tokenId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Drops every unused token of the user with one of `purposes` (once a password is set, older links must not work). */
export async function dropUnusedTokens(
  db: Kysely<Database>,
  userId: string,
  purposes: readonly TokenPurpose[],
): Promise<void> {
  await db
    .deleteFrom("one_time_tokens")
    .where("user_id", "=", userId)
    .where("purpose", "in", [...purposes])
    .where("used_at", "is", null)
    .execute();
}
