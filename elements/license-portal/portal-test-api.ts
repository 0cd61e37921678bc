// Test-only: the whole Customer API as the portal's pages call it, answering like the real one,
// built from the fixtures the elements' own tests use.
import type { Me, NotificationPreferences, Session } from "@keyport/sdk";
import { ownerDashboard } from "../account-dashboard/account-dashboard.fixtures.ts";
import { demoCustomer, FakePortalApi } from "../activation-manager/test-helpers.ts";
import { studioDownloads } from "../download-center/download-center.fixtures.ts";

export const API = "https://api.example";
export const PASSWORD = "correct horse battery staple";

export const olivia: Me = {
  id: "usr_olivia",
  email: "olivia.owner@example.com",
  name: "Olivia Owner",
  role: "owner",
  timezone: "Europe/Berlin",
  locale: "en",
  twoFactorEnabled: false,
  account: { id: "acc_northwind", name: "Northwind Traders", kind: "organization" },
  createdAt: "2026-01-01T00:00:00.000Z",
};

const notifications: NotificationPreferences = {
  licenseExpiring: true,
  licenseExpiringDays: 30,
  newRelease: true,
  activationChanges: false,
  securityNotices: true,
};

/** The token of the email confirmation link the tests follow, and the address it confirms. */
export const EMAIL_TOKEN = "mail-7";
export const CONFIRMED_EMAIL = "olivia@northwind.example";

const thisDevice: Session = {
  id: "ses_here",
  current: true,
  kind: "bearer",
  device: "Chrome on Linux",
  ip: "198.51.100.4",
  createdAt: "2026-01-01T00:00:00.000Z",
  lastUsedAt: "2026-01-01T00:00:00.000Z",
  expiresAt: "2099-01-01T00:00:00.000Z",
};

const problem = (status: number, code: string) =>
  Response.json(
    { type: "about:blank", title: code, status, code },
    { status, headers: { "content-type": "application/problem+json" } },
  );

/**
 * Bearer sessions as the API keeps them: a token is valid until it expires or
 * is signed out; a sign-in with the right password issues a new one.
 */
export class PortalTestApi {
  readonly licensesApi = new FakePortalApi();
  readonly requests: Request[] = [];
  readonly validTokens = new Set(["tok-1"]);
  me: Me = olivia;
  #issued = 1;

  constructor() {
    demoCustomer(this.licensesApi);
  }

  /** Every token stops working, as when the session times out. */
  expireSessions(): void {
    this.validTokens.clear();
  }

  calls(path: string, method = "GET"): Request[] {
    return this.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    this.requests.push(request.clone());
    const path = new URL(request.url).pathname;
    if (request.method === "POST" && path === "/v1/auth/login") return this.#login(request);
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "");
    if (token === undefined || !this.validTokens.has(token)) return problem(401, "UNAUTHORIZED");
    if (request.method === "POST" && path === "/v1/auth/logout") {
      this.validTokens.delete(token);
      return new Response(null, { status: 204 });
    }
    if (path === "/v1/me") return Response.json(this.me);
    if (path === "/v1/me/notifications") return Response.json(notifications);
    if (path === "/v1/me/sessions") return Response.json({ data: [thisDevice], nextCursor: null });
    if (request.method === "POST" && path === "/v1/me/email/confirm") {
      const { token: emailToken } = (await request.json()) as { token: string };
      if (emailToken !== EMAIL_TOKEN) return problem(400, "TOKEN_INVALID");
      this.me = { ...this.me, email: CONFIRMED_EMAIL };
      return Response.json(this.me);
    }
    if (path === "/v1/dashboard") return Response.json(ownerDashboard());
    if (path === "/v1/downloads") return Response.json(studioDownloads());
    if (/^\/v1\/licenses\/[^/]+\/validations$/.test(path)) {
      return Response.json({ data: [], nextCursor: null });
    }
    return this.licensesApi.fetch(request);
  };

  async #login(request: Request): Promise<Response> {
    const body = (await request.json()) as { email: string; password: string; tokenType?: string };
    if (body.email !== this.me.email || body.password !== PASSWORD) {
      return problem(401, "INVALID_CREDENTIALS");
    }
    this.#issued += 1;
    const token = `tok-${this.#issued}`;
    this.validTokens.add(token);
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const { id, email, name, role } = this.me;
    return Response.json({
      user: { id, email, name, role, accountId: this.me.account.id },
      session: { id: `ses_${this.#issued}`, expiresAt },
      ...(body.tokenType === "bearer" ? { token, expiresAt } : {}),
    });
  }
}
