// The demo server in a process of its own (`tsx scripts/demo-server-process.ts [origin …]`):
// prints one JSON line (DemoServerAnnouncement) when it serves, and stops on SIGTERM. The browser
// test runner starts it this way, so compiling and seeding never block the runner's own work.
import { type DemoServerAnnouncement, startDemoServer } from "./demo-server.ts";

const keyport = await startDemoServer({ allowedOrigins: process.argv.slice(2) });
const announcement: DemoServerAnnouncement = {
  apiBase: keyport.apiBase,
  vendorUrl: keyport.vendorUrl,
  vendorKey: keyport.demo.vendorKey,
};
process.stdout.write(`${JSON.stringify(announcement)}\n`);

const stop = async () => {
  await keyport.close();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
