/// <reference types="mocha" />
// Test-only helpers shared by the element tests; never imported by shipped code.

/**
 * Web Test Runner sends a failed assertion's `actual` and `expected` to Node
 * with `structuredClone`, which throws on DOM nodes: the run then hangs until
 * `testsFinishTimeout` instead of reporting the failure
 * (modernweb-dev/web#2967, open-wc/open-wc#2880). This root hook turns such
 * values into text first, so `expect(node).to.equal(other)` fails readably.
 */
afterEach(function makeFailureReportable(this: Mocha.Context) {
  const error = this.currentTest?.err as { actual?: unknown; expected?: unknown } | undefined;
  if (error === undefined) return;
  for (const key of ["actual", "expected"] as const) {
    if (key in error && !isCloneable(error[key])) error[key] = describeValue(error[key]);
  }
});

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function describeValue(value: unknown): string {
  if (value instanceof Element) return value.outerHTML.slice(0, 300);
  if (value instanceof Node) return value.nodeName;
  return String(value);
}

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A promise the test settles by hand, to hold an element in its loading state. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An error shaped like the SDK's: an HTTP status and a problem `code`. */
export function httpError(
  status: number,
  code = "TEST_ERROR",
): Error & { status: number; code: string } {
  return Object.assign(new Error(`HTTP ${status}`), { status, code });
}

/** The real Keyport of the `*.server.test.ts` files, as the WTR plugin hands it out. */
export interface DemoServer {
  /** Origin of the Customer API, another origin than the test page. */
  readonly apiBase: string;
  /** A widget token for the demo customer, minted through the Vendor API. */
  readonly token: string;
}

/**
 * Connects to the real server with the demo data (scripts/wtr-demo-server-plugin.mjs), waiting
 * while it starts; call it from a `before` hook with a long timeout.
 *
 * @example
 * before(async function () { this.timeout(120_000); keyport = await connectToDemoServer(); });
 */
export async function connectToDemoServer(
  email = "olivia.owner@example.com",
  {
    instance = "shared",
  }: {
    /** A name of its own gives the test file its own server, for tests that change the data. */
    readonly instance?: string;
  } = {},
): Promise<DemoServer> {
  const { executeServerCommand } = await import("@web/test-runner-commands");
  for (;;) {
    const answer = await executeServerCommand<
      { ready: boolean; apiBase?: string; token?: string },
      { email: string; instance: string }
    >("keyport-demo", { email, instance });
    if (answer.ready) return { apiBase: answer.apiBase!, token: answer.token! };
  }
}
