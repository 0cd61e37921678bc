import { domainToASCII } from "node:url";

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Characters that mean the input is a URL, a host with a port, or an IPv6 literal. */
const NOT_A_HOST = /[\s/\\:@?#[\]%]/;

/**
 * The canonical form of a domain the software reports: lower case, IDN as
 * punycode, without a trailing dot or a leading `www.`; `null` when it is not a
 * host name (a URL, a path, a port, an IP address, an empty or single-label name).
 *
 * @example
 * normalizeDomain("WWW.Bücher.Example."); // "xn--bcher-kva.example"
 * normalizeDomain("example.com:8080"); // null
 */
export function normalizeDomain(input: string): string | null {
  if (input.length === 0 || input.length > 300 || NOT_A_HOST.test(input)) return null;
  let host = domainToASCII(input.endsWith(".") ? input.slice(0, -1) : input);
  // `www.example.com` and `example.com` are one site; `www.com` stays as it is.
  if (host.startsWith("www.") && host.indexOf(".", 4) > 0) host = host.slice(4);
  if (host.length === 0 || host.length > 253) return null;
  const labels = host.split(".");
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  // A numeric top-level label is an IPv4 address (or a part of one), never a domain.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return null;
  return host;
}

/**
 * A machine fingerprint: 1–256 printable ASCII characters, not starting or
 * ending with a space (the length is checked separately, for a clearer message).
 */
export const FINGERPRINT_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
