// The licensing loop of an installed app: validate at start (activating when the machine is
// new), then a heartbeat every interval; a refused heartbeat is followed by a full validation,
// so the app learns within one interval that its machine was deactivated in the portal.
import { setTimeout as sleep } from "node:timers/promises";
import { KeyportError, type LicensingAnswer, type LicensingClient } from "@keyport/sdk";
import { type GraceStore, offlineMessage } from "./offline-grace.ts";
import { messageFor, type UserMessage } from "./validation-messages.ts";

export type LicenseCall = "validate" | "activate" | "heartbeat";

/** One thing that happened, for the app to show. */
export interface LicenseEvent {
  readonly at: Date;
  readonly call: LicenseCall;
  /** The API's answer; absent when Keyport could not be reached. */
  readonly answer?: LicensingAnswer;
  readonly message: UserMessage;
}

export interface LicenseWatchOptions {
  readonly licensing: LicensingClient;
  readonly key: string;
  readonly fingerprint: string;
  /** The running version, so a version the license does not cover is refused. */
  readonly version: string;
  /** Your product's id (`prd_…`), so a key of another of your products is refused. */
  readonly productId?: string;
  /** Shown in the customer portal for this machine. */
  readonly machine?: { name?: string; hostname?: string; platform?: string };
  /** Seconds between heartbeats: at most the policy's `heartbeatSeconds`. */
  readonly heartbeatSeconds?: number;
  /** Where the last successful check is kept, for working offline. */
  readonly grace: GraceStore;
  readonly onEvent: (event: LicenseEvent) => void;
  /** Ends the loop; the promise then resolves with the last event. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

/**
 * Checks the license now and keeps checking until it is no longer valid or `signal` aborts.
 * Resolves with the event that ended it (the refusal, or the last event before the abort).
 *
 * @example
 * const last = await watchLicense({ licensing, key, fingerprint, version: "3.0.0", grace, onEvent: print });
 * process.exitCode = last.message.next === "stop" ? 2 : 0;
 */
export async function watchLicense(options: LicenseWatchOptions): Promise<LicenseEvent> {
  const { heartbeatSeconds = 60, signal } = options;
  let last = await checkLicense(options, "validate");
  while (last.message.next !== "stop" && !signal?.aborted) {
    try {
      await sleep(heartbeatSeconds * 1000, undefined, { signal });
    } catch {
      break; // aborted: the app is closing
    }
    last = await checkLicense(options, "heartbeat");
  }
  return last;
}

// #region check
/**
 * One round: the call, then what its answer asks for. A refused heartbeat is followed by a
 * validation (the whole story, and an entry in the portal's validation history); `NOT_ACTIVATED`
 * and `HEARTBEAT_DEAD` by an activation.
 */
export async function checkLicense(
  options: LicenseWatchOptions,
  call: LicenseCall,
): Promise<LicenseEvent> {
  let event = await send(options, call);
  if (call === "heartbeat" && event.answer && !event.answer.valid) {
    event = await send(options, "validate");
  }
  if (event.message.next === "activate") event = await send(options, "activate");
  if (event.answer?.valid) {
    options.grace.save({
      validatedAt: event.at.toISOString(),
      licenseId: event.answer.license?.id,
    });
  }
  return event;
}
// #endregion check

async function send(options: LicenseWatchOptions, call: LicenseCall): Promise<LicenseEvent> {
  const { onEvent, now = () => new Date() } = options;
  let answer: LicensingAnswer;
  try {
    answer = await callOnce(options, call).catch(async (error: unknown) => {
      // 60 calls a minute per key: wait as told, once, then give up on this round.
      if (!(error instanceof KeyportError && error.status === 429)) throw error;
      const seconds = Number(error.problem.retryAfter ?? 1);
      await sleep(Math.min(seconds, 60) * 1000, undefined, { signal: options.signal });
      return callOnce(options, call);
    });
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    const at = now();
    const offline: LicenseEvent = { at, call, message: offlineMessage(options.grace, at) };
    onEvent(offline);
    return offline;
  }
  const event: LicenseEvent = { at: now(), call, answer, message: messageFor(answer) };
  onEvent(event);
  return event;
}

function callOnce(
  { licensing, key, fingerprint, version, productId, machine = {} }: LicenseWatchOptions,
  call: LicenseCall,
): Promise<LicensingAnswer> {
  if (call === "activate") return licensing.activate({ key, fingerprint, version, ...machine });
  if (call === "heartbeat") return licensing.sendHeartbeat({ key, fingerprint });
  return licensing.validate({ key, fingerprint, version, ...(productId ? { productId } : {}) });
}

/** No answer (network) or the service failing: the app may run on its grace period. */
function isUnreachable(error: unknown): boolean {
  return error instanceof KeyportError && (error.status === 0 || error.status >= 500);
}
