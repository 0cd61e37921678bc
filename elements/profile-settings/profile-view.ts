import type { Me, PublicApiComponents, Session } from "@keyport/sdk";
import type { FormatSettings } from "../internal/format.ts";
import type { MessageParams } from "../internal/i18n.ts";
import type { FormProblem } from "./profile-problems.ts";
import type { ProfileMessageKey } from "./profile-settings-messages.ts";

export type TotpSetup = PublicApiComponents["schemas"]["TotpSetup"];

/** What the element loads: the user and their sessions. */
export interface ProfileData {
  readonly me: Me;
  readonly sessions: readonly Session[];
}

/** The forms of the element, each with its own action. */
export type FormId = "name" | "email" | "password" | "setup" | "enable" | "disable";

/** Where two-factor sign-in stands on screen. */
export type TotpStage = "idle" | "setup" | "codes" | "disable";

/** What the section renderers read from the element and call back on it. */
export interface ProfileView {
  readonly me: Me;
  readonly settings: FormatSettings;
  readonly now: number;
  say(key: ProfileMessageKey, params?: MessageParams): string;
  problem(form: FormId): FormProblem;
  pending(form: FormId): boolean;
  /** The success sentence of a form's last run, while it is current. */
  notice(form: FormId): string | undefined;
  submit(form: FormId, event: SubmitEvent): void;

  readonly emailSentTo: string | undefined;
  anotherEmail(): void;
  readonly confirm: {
    readonly state: "none" | "pending" | "done" | "failed";
    readonly email?: string;
  };

  readonly sessions: readonly Session[];
  revoke(session: Session): void;
  revoking(sessionId: string): boolean;

  readonly totpStage: TotpStage;
  readonly totpSetup: TotpSetup | undefined;
  readonly recoveryCodes: readonly string[];
  readonly codesUrl: string | undefined;
  readonly copied: "secret" | "codes" | "failed" | undefined;
  cancelSetup(): void;
  copy(kind: "secret" | "codes"): void;
  codesSaved(): void;
  openDisable(): void;
}
