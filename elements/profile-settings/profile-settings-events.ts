import type { Me, Session } from "@keyport/sdk";

/** Detail of `profile-updated`: the user as the API answered after the change. */
export interface ProfileUpdatedDetail {
  readonly me: Me;
}
/** Detail of `password-changed`: how many other sessions the list showed, now signed out. */
export interface PasswordChangedDetail {
  readonly sessionsSignedOut: number;
}
/** Detail of `session-revoked`: the session that was ended. */
export interface SessionRevokedDetail {
  readonly session: Session;
}
/** Detail of `two-factor-changed`: whether two-factor sign-in is on now. */
export interface TwoFactorChangedDetail {
  readonly enabled: boolean;
}

declare module "../internal/events.ts" {
  interface KeyportEventMap {
    "profile-updated": CustomEvent<ProfileUpdatedDetail>;
    "password-changed": CustomEvent<PasswordChangedDetail>;
    "session-revoked": CustomEvent<SessionRevokedDetail>;
    "two-factor-changed": CustomEvent<TwoFactorChangedDetail>;
  }
}
