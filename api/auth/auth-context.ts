import type { ValidSession } from "./session-service.ts";

/** How the request carried its session: the `Authorization: Bearer` header or the session cookie. */
export type AuthVia = "cookie" | "bearer";

/** What an authenticated request knows of its caller (`c.var.auth`, set by `requireSession`). */
export interface AuthContext extends ValidSession {
  readonly via: AuthVia;
}
