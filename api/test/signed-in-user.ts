import { createUser } from "../accounts/user-service.ts";
import { createSession } from "../auth/session-service.ts";
import { createId } from "../core/ids.ts";
import type { Role } from "../db/schema.ts";
import { insertAccount } from "./fixtures.ts";
import type { TestContext } from "./harness.ts";

/** A customer with a password and a live bearer session, for Customer API tests. */
export interface SignedInUser {
  readonly userId: string;
  readonly accountId: string;
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly token: string;
  readonly sessionId: string;
  /** Calls the public app as this user (bearer token; JSON body when given). */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Another live session of the same user. */
  newSession(): Promise<{ token: string; sessionId: string }>;
}

/**
 * A new account with one user who has a password, signed in through a session
 * made directly (not through the login route), so tests of other routes do not
 * depend on it.
 *
 * @example
 * const ada = await signedInUser(t, { name: "Ada" });
 * const res = await ada.call("GET", "/v1/me");
 */
export async function signedInUser(
  t: TestContext,
  {
    role = "owner",
    name = "Ada Lovelace",
    email = `${createId("usr").slice(-10).toLowerCase()}@example.com`,
    password = "correct horse battery staple",
    accountId,
  }: {
    role?: Role;
    name?: string;
    email?: string;
    password?: string;
    accountId?: string;
  } = {},
): Promise<SignedInUser> {
  const account = accountId ?? (await insertAccount(t.deps.db));
  const user = await createUser(t.deps.db, { accountId: account, email, name, role, password });
  const newSession = () =>
    createSession(t.deps.db, {
      userId: user.id,
      kind: "bearer",
      lifetimeMs: t.deps.config.sessionMaxMs,
    });
  const session = await newSession();
  return {
    userId: user.id,
    accountId: account,
    email: user.email,
    name,
    password,
    token: session.token,
    sessionId: session.sessionId,
    async call(method, path, body, headers = {}) {
      return t.publicApp.request(path, {
        method,
        headers: {
          authorization: `Bearer ${session.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    newSession,
  };
}
