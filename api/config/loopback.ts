// Addresses of this machine: what the embedded demo may trust by default, and the other
// spellings a loopback PUBLIC_URL is reached by.

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** Whether a URL points at this machine (`localhost`, `127.0.0.1`, `[::1]`). */
export function isLoopbackUrl(url: string): boolean {
  return LOOPBACK_HOSTS.includes(new URL(url).hostname);
}

/**
 * The other spellings of a loopback public origin: `http://localhost:8787`
 * is also reached as `http://127.0.0.1:8787` (the address the banner prints)
 * and `http://[::1]:8787`. Empty for any other host, so a real deployment
 * allows exactly its own origin.
 *
 * @example
 * loopbackAliases("http://localhost:8787"); // ["http://127.0.0.1:8787", "http://[::1]:8787"]
 */
export function loopbackAliases(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return [];
  return LOOPBACK_HOSTS.filter((host) => host !== url.hostname).map((host) => {
    const alias = new URL(url.origin);
    alias.hostname = host;
    return alias.origin;
  });
}
