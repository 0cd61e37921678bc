import { getAccount } from "../../../accounts/account-service.ts";
import { inviteUser, resendInvitation } from "../../../accounts/invitation-service.ts";
import { createUser, getUser, listUsers, updateUser } from "../../../accounts/user-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  pageExample,
  pageOf,
  VENDOR_SECURITY,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { fieldProblem, notFound } from "../../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  problems,
  VENDOR_KEY_PROBLEMS,
} from "../../../http/problem-responses.ts";
import { CURSOR_EXAMPLE, USER_EXAMPLE } from "../examples.ts";
import {
  InvitationSchema,
  UserCreateSchema,
  UserListQuery,
  UserSchema,
  UserUpdateSchema,
  userJson,
} from "./user-schemas.ts";

const tags = ["Users"];
const security = VENDOR_SECURITY;
const emailTaken = { 409: { CONFLICT: 'body.email: "max.member@example.com" is already taken.' } };

export function userRoutes({ db, config }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/users",
      operationId: "createUser",
      tags,
      summary: "Create a user in an account",
      description:
        "The email must be unused across all accounts (compared in lower case). " +
        "An unknown `accountId` answers 422 `UNKNOWN_REFERENCE`. A user created without " +
        "`password` gets an invitation mail (unless `sendInvitation: false`) whose link " +
        "(`{PUBLIC_URL}/accept-invitation?token=…`, single use, 7 days) lets them choose " +
        "a password through `POST /v1/auth/password-reset/confirm`; user and mail are " +
        "written together or not at all.",
      security,
      request: {
        body: jsonBody(UserCreateSchema, {
          accountId: USER_EXAMPLE.accountId,
          email: USER_EXAMPLE.email,
          name: USER_EXAMPLE.name,
          role: "member",
          timezone: "Europe/Berlin",
          locale: "de",
        }),
      },
      responses: {
        201: json(UserSchema, "Created", { ...USER_EXAMPLE, passwordSet: false }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, emailTaken, {
          422: {
            UNKNOWN_REFERENCE: 'body.accountId: no account "acc_01M8RJKMNMW3AP3WZRS65SAPAM".',
          },
        }),
      },
    }),
    async (c) => {
      const { sendInvitation, ...input } = c.req.valid("json");
      const invite = sendInvitation ?? input.password === undefined;
      if (invite && input.password !== undefined) {
        throw fieldProblem(
          "body.sendInvitation",
          "an invitation lets the user choose a password; leave it out when you set one",
        );
      }
      const row = invite
        ? await db.transaction().execute(async (trx) => {
            const user = await createUser(trx, input);
            await inviteUser(trx, config, user);
            return user;
          })
        : await createUser(db, input);
      return c.json(userJson(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/users",
      operationId: "listUsers",
      tags,
      summary: "List users, newest first",
      description:
        "Every user, newest first; `accountId` keeps one account's (an unknown account " +
        "answers 422 `UNKNOWN_REFERENCE`).",
      security,
      request: { query: UserListQuery },
      responses: {
        200: json(
          pageOf(UserSchema, "UserPage"),
          "A page of users.",
          pageExample([USER_EXAMPLE], CURSOR_EXAMPLE),
        ),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, {
          422: {
            UNKNOWN_REFERENCE: 'query.accountId: no account "acc_01M8RJKMNMW3AP3WZRS65SAPAM".',
          },
        }),
      },
    }),
    async (c) => {
      const { cursor, limit, accountId } = c.req.valid("query");
      const after = decodeCursor(cursor);
      if (accountId !== undefined && !(await getAccount(db, accountId))) {
        throw fieldProblem("query.accountId", `no account "${accountId}"`, "UNKNOWN_REFERENCE");
      }
      const rows = await listUsers(db, { accountId, after, limit });
      return c.json(toPage(rows, limit, userJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/users/{id}",
      operationId: "getUser",
      tags,
      summary: "Get a user",
      description: "One user by id; an unknown or malformed id answers 404.",
      security,
      request: { params: idParam("usr") },
      responses: {
        200: json(UserSchema, "The user.", USER_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("user")),
      },
    }),
    async (c) => {
      const row = await getUser(db, c.req.valid("param").id);
      if (!row) throw notFound("user");
      return c.json(userJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/users/{id}",
      operationId: "updateUser",
      tags,
      summary: "Update a user",
      description:
        "Taking the owner role from an account's last owner answers 409 `INVALID_STATE`. " +
        "A changed email takes effect at once (no verification mail on the Vendor API).",
      security,
      request: {
        params: idParam("usr"),
        body: jsonBody(UserUpdateSchema, { role: "admin" }),
      },
      responses: {
        200: json(UserSchema, "The changed user.", { ...USER_EXAMPLE, role: "admin" }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, notFoundProblem("user"), {
          409: {
            ...emailTaken[409],
            INVALID_STATE: "body.role: the account's last owner must stay an owner.",
          },
        }),
      },
    }),
    async (c) => {
      const row = await updateUser(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("user");
      return c.json(userJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/users/{id}/invitation",
      operationId: "inviteUser",
      tags,
      summary: "Send a user a new invitation mail",
      description:
        "Mails a new invitation link (7 days, single use); an earlier unused one stops " +
        "working. A user who has set a password already answers 409 `INVALID_STATE`.",
      security,
      request: { params: idParam("usr") },
      responses: {
        202: json(InvitationSchema, "The invitation is queued for delivery.", {
          email: USER_EXAMPLE.email,
          expiresAt: "2026-12-08T10:32:32.556Z",
        }),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("user"), {
          409: {
            INVALID_STATE: "path.id: the user has set a password already; no invitation needed.",
          },
        }),
      },
    }),
    async (c) => {
      const invitation = await resendInvitation(db, config, c.req.valid("param").id);
      if (!invitation) throw notFound("user");
      return c.json(
        { email: invitation.email, expiresAt: invitation.expiresAt.toISOString() },
        202,
      );
    },
  );

  return app;
}
