import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname, networkInterfaces, platform } from "node:os";

/** Where operating systems keep an id of the installation that survives reboots and updates. */
const MACHINE_ID_FILES = ["/etc/machine-id", "/var/lib/dbus/machine-id"];

/**
 * A stable fingerprint of this computer: SHA-256 of the app's name and the OS's machine id (or,
 * where there is none, the host name and the first hardware address). The same computer gives
 * the same fingerprint on every start and after updates; hashing keeps the raw id private and
 * differs per app, so two vendors' fingerprints of one computer cannot be matched.
 *
 * @example
 * const fingerprint = machineFingerprint(); // "4c1f0e9a…", 64 hex digits
 */
export function machineFingerprint({
  app = "acme-studio",
  machineId = readMachineId(),
}: {
  app?: string;
  machineId?: string;
} = {}): string {
  return createHash("sha256").update(`${app}\n${machineId}`).digest("hex");
}

/** The OS's id of this installation, or a stand-in built from what else is stable. */
export function readMachineId(): string {
  for (const file of MACHINE_ID_FILES) {
    try {
      const id = readFileSync(file, "utf8").trim();
      if (id !== "") return id;
    } catch {
      // Not Linux, or a container without one: try the next.
    }
  }
  // macOS has IOPlatformUUID and Windows the MachineGuid registry value; reading them needs a
  // child process, so this example falls back to what Node.js tells directly.
  const mac = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && !address.internal && address.mac !== "00:00:00:00:00:00")?.mac;
  return `${platform()}:${hostname()}:${mac ?? "no-mac"}`;
}
