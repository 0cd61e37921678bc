// A Web Test Runner plugin that gives the `*.server.test.ts` element tests a real Keyport: the
// server with the demo data (scripts/demo-server-process.ts, in a process of its own), started on
// first use, on another origin than the test page, with the page's origin allowed. The browser
// asks with `executeServerCommand("keyport-demo", { email, instance })` and gets
// `{ ready, apiBase, token }`: a widget token minted through the Vendor API, as a vendor's
// backend would. Each instance name is a server of its own, for tests that change the data.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const sleep = (ms) => new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());

/**
 * Starts one demo server process and resolves with what it announces.
 * @returns {Promise<{ announcement: import("./demo-server.ts").DemoServerAnnouncement, stop(): Promise<void> }>}
 */
function startProcess(origin) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", new URL("./demo-server-process.ts", import.meta.url).pathname, origin],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`the demo server exited (${code}) before it served`)),
    );
    // The server's own log lines (warnings, JSON) share stdout: the announcement is the line
    // that names the API base.
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      let announcement;
      try {
        announcement = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof announcement?.apiBase !== "string") return;
      lines.removeAllListeners("line");
      child.stdout.resume();
      resolve({
        announcement,
        async stop() {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
  });
}

/** A widget token for a demo customer, minted through the Vendor API. */
async function mintToken({ vendorUrl, vendorKey }, email) {
  const headers = { authorization: `Bearer ${vendorKey}`, "content-type": "application/json" };
  const users = await (await fetch(`${vendorUrl}/vendor/v1/users?limit=100`, { headers })).json();
  const user = users.data.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  const response = await fetch(`${vendorUrl}/vendor/v1/portal-sessions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ userId: user.id }),
  });
  if (!response.ok) throw new Error(`portal session for ${email}: HTTP ${response.status}`);
  return (await response.json()).token;
}

/** @returns {import("@web/test-runner").TestRunnerPlugin} */
export function demoServerPlugin() {
  /** @type {string | undefined} */
  let pageOrigin;
  /** @type {Map<string, ReturnType<typeof startProcess>>} */
  const servers = new Map();
  return {
    name: "keyport-demo-server",
    serverStart({ config }) {
      pageOrigin = `${config.protocol ?? "http:"}//${config.hostname}:${config.port}`;
    },
    async executeCommand({ command, payload }) {
      if (command !== "keyport-demo") return undefined;
      const instance = payload?.instance ?? "shared";
      if (!servers.has(instance)) servers.set(instance, startProcess(pageOrigin));
      // A command must answer within 20 s; a busy machine may need longer to start, so answer
      // "not yet" and let the test ask again (see connectToDemoServer in test-helpers.ts).
      const server = await Promise.race([servers.get(instance), sleep(15_000)]);
      if (server === undefined) return { ready: false };
      const email = payload?.email ?? "olivia.owner@example.com";
      const { apiBase } = server.announcement;
      return { ready: true, apiBase, token: await mintToken(server.announcement, email) };
    },
    async serverStop() {
      await Promise.all([...servers.values()].map(async (server) => (await server).stop()));
    },
  };
}
