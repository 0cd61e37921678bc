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

async function signIn(url: string, email: string, password: string): Promise<boolean> {
  const res = await fetch(`${url}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, tokenType: "bearer" }),
  });
  await res.arrayBuffer();
  return res.status === 200;
}

/**
 * Measures `target`'s p99 alone and while `emails.length` concurrent sign-ins
 * (argon2id at Keyport's cost) run in bursts, one burst after the other, for the
 * whole measurement; alternates the two `rounds` times.
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
    let running = true;
    const bursts = (async () => {
      while (running) {
        const started = performance.now();
        const answers = await Promise.all(emails.map((email) => signIn(url, email, password)));
        burstTimes.push(performance.now() - started);
        signIns += answers.filter(Boolean).length;
        failedSignIns += answers.filter((ok) => !ok).length;
      }
    })();
    burst.push(await measure(url, target, { connections, seconds }));
    running = false;
    await bursts;
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
