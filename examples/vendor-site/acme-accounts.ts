// Acme's own customer accounts and sign-in, apart from Keyport's: a small table in memory and a
// session cookie of Acme's origin. A real site has its own user database; what matters here is
// that each Acme customer maps to a Keyport user, whose widgets Acme's backend opens for them.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

export const ACME_PASSWORD = "acme-demo";

export interface AcmeCustomer {
  readonly email: string;
  readonly name: string;
  /** The Keyport user this customer is; here the same address as in Keyport's demo. */
  readonly keyportEmail: string;
}

interface StoredCustomer extends AcmeCustomer {
  readonly salt: Buffer;
  readonly passwordHash: Buffer;
}

const hashPassword = (password: string, salt: Buffer) => scryptSync(password, salt, 32);

/** The demo customers of `npm start`, each with Acme's own password. */
export const DEMO_CUSTOMERS: readonly Omit<AcmeCustomer, "keyportEmail">[] = [
  { email: "olivia.owner@example.com", name: "Olivia Owner" },
  { email: "adam.admin@example.com", name: "Adam Admin" },
  { email: "mia.member@example.com", name: "Mia Member" },
  { email: "max.member@example.com", name: "Max Member" },
  { email: "ivan.indie@example.com", name: "Ivan Indie" },
];

export interface AcmeSession {
  readonly customer: AcmeCustomer;
  readonly expiresAt: number;
}

export interface AcmeAccounts {
  /** The customer for this email and password, or `null`. */
  verify(email: string, password: string): AcmeCustomer | null;
  /** A new session; the returned token goes into the cookie, only its hash is kept. */
  startSession(customer: AcmeCustomer): string;
  session(token: string | undefined): AcmeSession | null;
  endSession(token: string | undefined): void;
}

/**
 * Acme's accounts, in memory (a restart signs everyone out).
 *
 * @example
 * const accounts = createAcmeAccounts();
 * const customer = accounts.verify("olivia.owner@example.com", ACME_PASSWORD);
 */
export function createAcmeAccounts({
  customers = DEMO_CUSTOMERS.map((customer) => ({ ...customer, keyportEmail: customer.email })),
  password = ACME_PASSWORD,
  sessionHours = 8,
}: {
  customers?: readonly AcmeCustomer[];
  password?: string;
  sessionHours?: number;
} = {}): AcmeAccounts {
  const table = new Map<string, StoredCustomer>();
  for (const customer of customers) {
    const salt = randomBytes(16);
    table.set(customer.email, { ...customer, salt, passwordHash: hashPassword(password, salt) });
  }
  const sessions = new Map<string, AcmeSession>();
  const digest = (token: string) => createHash("sha256").update(token).digest("hex");
  // Compared against even for unknown emails, so a wrong email costs as long as a wrong password.
  const decoy = { salt: randomBytes(16), passwordHash: randomBytes(32) };

  return {
    verify(email, candidate) {
      const stored = table.get(email.trim().toLowerCase());
      const { salt, passwordHash } = stored ?? decoy;
      const matches = timingSafeEqual(hashPassword(candidate, salt), passwordHash);
      if (!stored || !matches) return null;
      const { salt: _salt, passwordHash: _hash, ...customer } = stored;
      return customer;
    },
    startSession(customer) {
      const token = randomBytes(32).toString("base64url");
      sessions.set(digest(token), { customer, expiresAt: Date.now() + sessionHours * 3_600_000 });
      return token;
    },
    session(token) {
      if (!token) return null;
      const found = sessions.get(digest(token));
      if (!found) return null;
      if (found.expiresAt <= Date.now()) {
        sessions.delete(digest(token));
        return null;
      }
      return found;
    },
    endSession(token) {
      if (token) sessions.delete(digest(token));
    },
  };
}
