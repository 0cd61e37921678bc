// A fake Keyport for the element tests: answers /v1/me* like the real API (bodies, statuses, problem+json).
import type { Me, Session } from "@keyport/sdk";

export const PASSWORD = "correct horse battery";
export const GOOD_CODE = "123456";
export const GOOD_EMAIL_TOKEN = "email-token-ok";
export const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
export const RECOVERY_CODES = Array.from({ length: 10 }, (_, i) => `7xk2m-9qht${i}`);

/** A version-1-sized matrix with finder-like corners, enough to draw and count. */
export function testMatrix(size = 21): { size: number; rows: string[] } {
  const rows = Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => ((x * 7 + y * 3) % 5 === 0 || x === y ? "1" : "0")).join(
      "",
    ),
  );
  return { size, rows };
}

export function ada(overrides: Partial<Me> = {}): Me {
  return {
    id: "usr_ada",
    email: "ada@example.com",
    name: "Ada Lovelace",
    role: "owner",
    timezone: "Europe/Berlin",
    locale: "en",
    twoFactorEnabled: false,
    account: { id: "acc_1", name: "Analytical Engines", kind: "organization" },
    createdAt: "2025-01-01T09:00:00.000Z",
    ...overrides,
  };
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export function sessionsOf(): Session[] {
  const base = { createdAt: minutesAgo(600), expiresAt: "2099-01-01T00:00:00.000Z" };
  return [
    {
      ...base,
      id: "ses_phone",
      current: false,
      kind: "cookie",
      device: "Safari 17 on iOS",
      ip: "203.0.113.9",
      lastUsedAt: minutesAgo(3 * 24 * 60),
    },
    {
      ...base,
      id: "ses_here",
      current: true,
      kind: "portal",
      device: "Chrome 120 on macOS",
      ip: "198.51.100.4",
      lastUsedAt: minutesAgo(0),
    },
    {
      ...base,
      id: "ses_script",
      current: false,
      kind: "bearer",
      device: "Unknown device",
      ip: null,
      lastUsedAt: minutesAgo(90),
    },
  ];
}

export function problem(
  status: number,
  code: string,
  errors?: { field: string; message: string }[],
  extra: Record<string, unknown> = {},
) {
  return Response.json(
    {
      type: "about:blank",
      title: code,
      status,
      code,
      detail: errors?.[0] ? `${errors[0].field}: ${errors[0].message}` : code,
      ...(errors ? { errors } : {}),
      ...extra,
    },
    {
      status,
      headers: {
        "content-type": "application/problem+json",
        ...(status === 429 ? { "retry-after": "120" } : {}),
      },
    },
  );
}

const fieldProblem = (field: string, message: string) =>
  problem(422, "VALIDATION_FAILED", [{ field, message }]);

/** The fake API's state, which a test reads and changes; `requests` records every call. */
export class FakeProfileApi {
  me = ada();
  sessions = sessionsOf();
  totpPending = false;
  requests: { method: string; path: string; body: unknown }[] = [];
  /** Answer this instead, once, for the next request to `path`. */
  readonly overrides = new Map<string, () => Response | Promise<Response>>();

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const text = await request.text();
    const body = text ? JSON.parse(text) : undefined;
    this.requests.push({ method: request.method, path, body });
    const override = this.overrides.get(`${request.method} ${path}`);
    if (override) {
      this.overrides.delete(`${request.method} ${path}`);
      return override();
    }
    return this.#answer(request.method, path, body ?? {});
  };

  calls(method: string, path: string) {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  #answer(method: string, path: string, body: Record<string, string>): Response {
    const route = `${method} ${path}`;
    if (route === "GET /v1/me") return Response.json(this.me);
    if (route === "PATCH /v1/me") {
      if (!body.name?.trim()) return fieldProblem("body.name", "must not be empty");
      this.me = { ...this.me, name: body.name.trim() };
      return Response.json(this.me);
    }
    if (route === "POST /v1/me/email") {
      if (body.password !== PASSWORD)
        return fieldProblem("body.password", "is not your current password");
      if (body.newEmail === "taken@example.com") {
        return problem(409, "CONFLICT", [
          { field: "body.newEmail", message: `"taken@example.com" is already taken` },
        ]);
      }
      return Response.json(
        { newEmail: body.newEmail, expiresAt: "2026-12-01T09:00:00.000Z" },
        { status: 202 },
      );
    }
    if (route === "POST /v1/me/email/confirm") {
      if (body.token !== GOOD_EMAIL_TOKEN) return problem(400, "TOKEN_INVALID");
      this.me = { ...this.me, email: "new@example.com" };
      return Response.json(this.me);
    }
    if (route === "POST /v1/me/password") {
      if (body.currentPassword !== PASSWORD)
        return fieldProblem("body.currentPassword", "is not your current password");
      if ((body.newPassword ?? "").length < 12)
        return fieldProblem("body.newPassword", "at least 12 characters");
      if (body.newPassword === "password1234") {
        return fieldProblem(
          "body.newPassword",
          "is one of the most common passwords; choose one that is harder to guess",
        );
      }
      this.sessions = this.sessions.filter((s) => s.current);
      return new Response(null, { status: 204 });
    }
    if (route === "GET /v1/me/sessions")
      return Response.json({ data: this.sessions, nextCursor: null });
    const revoke = /^\/v1\/me\/sessions\/(ses_\w+)$/.exec(path);
    if (method === "DELETE" && revoke) {
      const before = this.sessions.length;
      this.sessions = this.sessions.filter((s) => s.id !== revoke[1]);
      return this.sessions.length < before
        ? new Response(null, { status: 204 })
        : problem(404, "NOT_FOUND");
    }
    if (route === "POST /v1/me/totp") {
      if (this.me.twoFactorEnabled) return problem(409, "INVALID_STATE");
      if (body.password !== PASSWORD)
        return fieldProblem("body.password", "is not your current password");
      this.totpPending = true;
      const uri = `otpauth://totp/Keyport:ada%40example.com?issuer=Keyport&algorithm=SHA1&secret=${SECRET}&period=30&digits=6`;
      return Response.json({ secret: SECRET, uri, qr: testMatrix() });
    }
    if (route === "POST /v1/me/totp/enable") {
      if (!this.totpPending) return problem(409, "INVALID_STATE");
      if (body.code !== GOOD_CODE)
        return fieldProblem("body.code", "is not the current code of the app");
      this.totpPending = false;
      this.me = { ...this.me, twoFactorEnabled: true };
      return Response.json({ recoveryCodes: RECOVERY_CODES });
    }
    if (route === "DELETE /v1/me/totp") {
      if (!this.me.twoFactorEnabled) return problem(409, "INVALID_STATE");
      if (body.password !== PASSWORD)
        return fieldProblem("body.password", "is not your current password");
      if (body.code !== GOOD_CODE && !RECOVERY_CODES.includes(body.code ?? "")) {
        return fieldProblem("body.code", "is neither a current code nor an unused recovery code");
      }
      this.me = { ...this.me, twoFactorEnabled: false };
      return new Response(null, { status: 204 });
    }
    return problem(404, "NOT_FOUND");
  }
}
