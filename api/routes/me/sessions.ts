import type { Selectable } from "kysely";
import type { Locale } from "../../accounts/user-preferences.ts";
import { endOwnSession } from "../../auth/auth-service.ts";
import { describeDevice } from "../../auth/device-label.ts";
import { listLiveSessions } from "../../auth/session-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import type { SessionsTable } from "../../db/schema.ts";
import { clientIp } from "../../http/client-ip.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  PageQuery,
  pageExample,
  pageOf,
  SESSION_SECURITY,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { decodeCursor, toPage } from "../../http/pagination.ts";
import { notFound } from "../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  notFoundProblem,
  ORIGIN_PROBLEMS,
  problems,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { localized, wordingOf } from "../../http/request-wording.ts";
import { clearSessionCookie, sessionOf } from "../../http/session-auth.ts";

const tags = ["Sessions"];
const security = SESSION_SECURITY;

const SessionSchema = z
  .object({
    id: z.string().openapi({ example: "ses_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    current: z.boolean().openapi({ description: "Whether this request came with this session." }),
    kind: z.enum(["cookie", "bearer", "portal"]).openapi({
      description:
        "`cookie`: the standalone portal; `bearer`: a sign-in by the SDK; `portal`: a widget " +
        "session the vendor's site opened.",
    }),
    device: z.string().openapi({ example: "Chrome 120 on macOS" }),
    ip: z.string().nullable(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp,
    expiresAt: Timestamp,
  })
  .openapi("Session");

/** A session as its owner sees it: never the token or its hash. */
export function sessionJson(
  row: Selectable<SessionsTable>,
  currentSessionId: string,
  locale: Locale = "en",
) {
  return {
    id: row.id,
    current: row.id === currentSessionId,
    kind: row.kind,
    device: describeDevice(row.user_agent, locale),
    ip: row.ip,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

export function sessionRoutes({ db, config }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/sessions",
      operationId: "listSessions",
      tags,
      summary: "List my live sessions, newest first",
      description:
        "Sessions that are not signed out, revoked, past their end or idle too long. The one " +
        "this request came with has `current: true`.",
      security,
      request: { query: PageQuery },
      responses: {
        200: json(
          pageOf(SessionSchema, "SessionPage"),
          "A page of sessions.",
          pageExample([
            {
              id: "ses_01M8RJKPBNFMYWADCPJ2CVBAJ4",
              current: true,
              kind: "cookie",
              device: "Firefox 133 on Windows",
              ip: "203.0.113.24",
              createdAt: "2026-12-01T10:32:35.854Z",
              lastUsedAt: "2026-12-01T10:40:12.118Z",
              expiresAt: "2026-12-08T10:32:35.854Z",
            },
          ]),
        ),
        ...problems(SESSION_PROBLEMS, INPUT_PROBLEMS),
      },
    }),
    async (c) => {
      const auth = sessionOf(c);
      const { cursor, limit } = c.req.valid("query");
      const rows = await listLiveSessions(
        db,
        auth.userId,
        { idleMs: config.sessionIdleMs },
        { after: decodeCursor(cursor), limit },
      );
      c.header("Cache-Control", "no-store");
      const wording = wordingOf(c);
      return localized(c, wording).json(
        toPage(rows, limit, (row) => sessionJson(row, auth.sessionId, wording.locale)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/me/sessions/{id}",
      operationId: "revokeSession",
      tags,
      summary: "End one of my sessions",
      description:
        "Signs that device out. Ending the current session signs this client out too. A session " +
        "that is not one of mine, or already ended, answers 404.",
      security,
      request: { params: idParam("ses") },
      responses: {
        204: { description: "Ended." },
        ...problems(SESSION_PROBLEMS, ORIGIN_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("session")),
      },
    }),
    async (c) => {
      const auth = sessionOf(c);
      const { id } = c.req.valid("param");
      if (!(await endOwnSession(db, auth, id, clientIp(c)))) throw notFound("session");
      if (id === auth.sessionId && auth.via === "cookie") clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  return app;
}
