import type { Me, SignedIn } from "@keyport/sdk";

/** `cookie` for the standalone portal (same origin), `bearer` for an embedded page. */
export type LoginTokenType = "cookie" | "bearer";

/** Detail of `signed-in`. */
export interface SignedInDetail {
  /** The user as the sign-in answered. */
  readonly user: SignedIn["user"];
  /** `GET /v1/me` right after the sign-in; absent if that call failed. */
  readonly me?: Me;
  /** Bearer mode only: the session token, for the page to keep in memory (never in storage). */
  readonly token?: string;
  /** Bearer mode only: when the token ends, however busy. */
  readonly expiresAt?: string;
  readonly tokenType: LoginTokenType;
}

/** Detail of `password-reset`: a reset or invitation link set the password. */
export interface PasswordResetDetail {
  readonly mode: "reset" | "invitation";
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "signed-in": CustomEvent<SignedInDetail>;
    "password-reset": CustomEvent<PasswordResetDetail>;
  }
}
