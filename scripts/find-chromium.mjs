// Locates a Chromium (or Chrome) binary for the browser tests. Playwright's own
// download (`npx playwright install`) does not work everywhere, so the tests run
// against a browser installed by the system package manager instead.
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

/** The places system packages (Debian, Ubuntu, snap, Google's .deb) put the binary. */
export const knownChromiumPaths = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
];

const installHint =
  "Install one with `apt-get install chromium` (Debian/Ubuntu), " +
  "or set CHROMIUM_PATH to the path of a Chromium or Chrome executable.";

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function lookUpOnPath(command) {
  try {
    const found = execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim();
    return found === "" ? undefined : found;
  } catch {
    return undefined;
  }
}

/**
 * Returns the path of a Chromium executable: `CHROMIUM_PATH` when set, else the
 * first of the usual install locations, else `chromium` found on PATH.
 * Throws when there is none, so a missing browser never skips the tests silently.
 *
 * @example
 * const executablePath = findChromium();
 */
export function findChromium({
  env = process.env,
  candidates = knownChromiumPaths,
  isUsable = isExecutable,
  lookUp = lookUpOnPath,
} = {}) {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    // An explicit choice that is wrong is an error, not a reason to pick another browser.
    if (!isUsable(configured)) {
      throw new Error(`CHROMIUM_PATH is set to ${configured}, which is not an executable file.`);
    }
    return configured;
  }
  const found = candidates.find(isUsable) ?? lookUp("chromium");
  if (found === undefined) {
    throw new Error(
      `No Chromium found for the browser tests (looked at ${candidates.join(", ")} and PATH). ${installHint}`,
    );
  }
  return found;
}
