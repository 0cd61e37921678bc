// A Web Test Runner plugin that gives the `*.server.test.ts` element tests a real Keyport: the
// server with the demo data, started on first use, on another origin than the test page, with
// the page's origin allowed. The browser asks for it with
// `executeServerCommand("keyport-demo", { email })` and gets `{ ready, apiBase, token }`, a widget token
// minted through the Vendor API as a vendor's backend would.

const sleep = (ms) => new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());

/** @returns {import("@web/test-runner").TestRunnerPlugin} */
export function demoServerPlugin() {
  /** @type {string | undefined} */
  let pageOrigin;
  /** @type {Promise<import("./demo-server.ts").DemoServer> | undefined} */
  let starting;
  return {
    name: "keyport-demo-server",
    serverStart({ config }) {
      pageOrigin = `${config.protocol ?? "http:"}//${config.hostname}:${config.port}`;
    },
    async executeCommand({ command, payload }) {
      if (command !== "keyport-demo") return undefined;
      starting ??= (async () => {
        // The server is TypeScript; tsx loads it in this process only when a test asks for it.
        const { register } = await import("tsx/esm/api");
        register();
        const { startDemoServer } = await import("./demo-server.ts");
        return startDemoServer({ allowedOrigins: [pageOrigin] });
      })();
      // A command must answer within 20 s; a busy machine may need longer to start, so answer
      // "not yet" and let the test ask again (see connectToDemoServer in test-helpers.ts).
      const keyport = await Promise.race([starting, sleep(15_000)]);
      if (keyport === undefined) return { ready: false };
      const email = payload?.email ?? "olivia.owner@example.com";
      return { ready: true, apiBase: keyport.apiBase, token: await keyport.mintToken(email) };
    },
    async serverStop() {
      if (starting) await (await starting).close();
    },
  };
}
