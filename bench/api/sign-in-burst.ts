import { Worker } from "node:worker_threads";
import { type LoadSample, type LoadTarget, measure, median } from "./load.ts";

export interface SignInBurst {
  /** The other route's p99 without sign-ins, per round, and its median. */
  readonly quiet: readonly LoadSample[];
  /** The same route's p99 while bursts of sign-ins run back to back. */
  readonly burst: readonly LoadSample[];
  readonly quietP99: number;
  readonly burstP99: number;
  /** burstP99 ÷ quietP99: the goal is ≤ 1.2. */
  readonly ratio: number;
  /** Sign-ins answered 200 during the bursts, and how many bursts ran. */
  readonly signIns: number;
  readonly bursts: number;
  /** Sign-ins that did not answer 200. */
  readonly failedSignIns: number;
  /** The median time one burst of `size` concurrent sign-ins took, in ms. */
  readonly burstMs: number;
  readonly size: number;
}

/**
 * The bursts' client, on a thread of its own: sent from the thread that runs autocannon, fifty
 * answers at a time would delay its timers and show up as the measured route's latency.
 * Evaluated source, plain JavaScript, so it runs under tsx and without it.
 */
const BURST_CLIENT = `
const { parentPort, workerData } = require("node:worker_threads");
const { url, emails, password } = workerData;
let running = true;
parentPort.on("message", () => { running = false; });
async function signIn(email) {
  const res = await fetch(url + "/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, tokenType: "bearer" }),
  });
  await res.arrayBuffer();
  return res.status === 200;
}
(async () => {
  const burstTimes = [];
  let signIns = 0;
  let failedSignIns = 0;
  while (running) {
    const started = performance.now();
    const answers = await Promise.all(emails.map(signIn));
    burstTimes.push(performance.now() - started);
    signIns += answers.filter(Boolean).length;
    failedSignIns += answers.filter((ok) => !ok).length;
  }
  parentPort.postMessage({ burstTimes, signIns, failedSignIns });
})();`;

interface BurstTally {
  readonly burstTimes: number[];
  readonly signIns: number;
  readonly failedSignIns: number;
}

/** Starts bursts of concurrent sign-ins, one after the other; `stop()` ends them and tallies. */
function startBursts(url: string, emails: readonly string[], password: string) {
  const worker = new Worker(BURST_CLIENT, {
    eval: true,
    workerData: { url, emails: [...emails], password },
  });
  const tally = new Promise<BurstTally>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    async stop(): Promise<BurstTally> {
      worker.postMessage("stop");
      const result = await tally;
      await worker.terminate();
      return result;
    },
  };
}

/**
 * Measures `target`'s p99 alone and while `emails.length` concurrent sign-ins
 * (argon2id at Keyport's cost) run in bursts, one burst after the other, for the
 * whole measurement (sent from a thread of their own); alternates the two `rounds` times.
 */
export async function measureSignInBurst({
  url,
  target,
  emails,
  password,
  connections,
  seconds,
  rounds,
}: {
  url: string;
  target: LoadTarget;
  emails: readonly string[];
  password: string;
  connections: number;
  seconds: number;
  rounds: number;
}): Promise<SignInBurst> {
  const quiet: LoadSample[] = [];
  const burst: LoadSample[] = [];
  const burstTimes: number[] = [];
  let signIns = 0;
  let failedSignIns = 0;
  await measure(url, target, { connections, seconds: Math.min(2, seconds) });
  for (let round = 0; round < rounds; round++) {
    quiet.push(await measure(url, target, { connections, seconds }));
    const bursts = startBursts(url, emails, password);
    burst.push(await measure(url, target, { connections, seconds }));
    const tally = await bursts.stop();
    burstTimes.push(...tally.burstTimes);
    signIns += tally.signIns;
    failedSignIns += tally.failedSignIns;
  }
  const quietP99 = median(quiet.map((sample) => sample.p99));
  const burstP99 = median(burst.map((sample) => sample.p99));
  return {
    quiet,
    burst,
    quietP99,
    burstP99,
    ratio: burstP99 / quietP99,
    signIns,
    bursts: burstTimes.length,
    failedSignIns,
    burstMs: median(burstTimes),
    size: emails.length,
  };
}
