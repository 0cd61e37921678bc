import type { deactivationMessages } from "./deactivation-messages.ts";
import type { FormatSettings } from "./format.ts";
import { formatDate } from "./format.ts";

/** Why the API refused a deactivation the customer could not have avoided by trying again. */
export type DeactivationRefusal =
  | { readonly reason: "protected" }
  /** `nextAllowedAt`: when the window has room again; `null`: only support can deactivate. */
  | { readonly reason: "limit_reached"; readonly nextAllowedAt: string | null };

interface ProblemLike {
  readonly status?: unknown;
  readonly code?: unknown;
  readonly problem?: { readonly nextAllowedAt?: unknown };
}

/**
 * Reads a 409 `ACTIVATION_PROTECTED` or a 429 `DEACTIVATION_LIMIT_REACHED` out
 * of an SDK error; anything else is `undefined`. Read by shape, not by class,
 * so a second copy of the SDK on the page (bundle and npm build) still counts.
 *
 * @example
 * readRefusal(error); // { reason: "limit_reached", nextAllowedAt: "2027-03-14T09:00:00.000Z" }
 */
export function readRefusal(error: unknown): DeactivationRefusal | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, code, problem } = error as ProblemLike;
  if (status === 409 && code === "ACTIVATION_PROTECTED") return { reason: "protected" };
  if (status === 429 && code === "DEACTIVATION_LIMIT_REACHED") {
    const next = problem?.nextAllowedAt;
    return { reason: "limit_reached", nextAllowedAt: typeof next === "string" ? next : null };
  }
  return undefined;
}

type Translate = (
  key: Parameters<typeof deactivationMessages>[1],
  params?: Record<string, string | number>,
) => string;

/** A failed deactivation in plain words: what happened and what the customer can do. */
export function describeDeactivationError(
  error: unknown,
  settings: FormatSettings,
  t: Translate,
): string {
  const refusal = readRefusal(error);
  if (refusal?.reason === "protected") return t("error.protected");
  if (refusal?.reason === "limit_reached") {
    if (refusal.nextAllowedAt === null) return t("error.limit.never");
    const date = formatDate(refusal.nextAllowedAt, settings);
    return `${t("error.limit")} ${t("error.limit.next", { date })}`;
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 401) return t("error.signed-out");
  if (status === 404) return t("error.not-found");
  return t("error.other");
}
