import { getAccount } from "../../../accounts/account-service.ts";
import { inviteUser, resendInvitation } from "../../../accounts/invitation-service.ts";
import { isLocale, type Locale } from "../../../accounts/user-preferences.ts";
import { createUser, getUser, listUsers, updateUser } from "../../../accounts/user-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import type { User } from "../../../db/schema.ts";
import {
  conflictResponse,
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  ProblemSchema,
  pageOf,
  problemResponses,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { fieldProblem, notFound } from "../../../http/problem.ts";
import {
  InvitationSchema,
  UserCreateSchema,
  UserListQuery,
  UserSchema,
  UserUpdateSchema,
} from "./user-schemas.ts";

const tags = ["Users"];

/** The public view of a user: never the password hash or the TOTP secret. */
export function userJson(row: User) {
  return {
    id: row.id,
    accountId: row.account_id,
    email: row.email,
    name: row.name,
    role: row.role,
    timezone: row.timezone,
    locale: (isLocale(row.locale) ? row.locale : "en") satisfies Locale,
    twoFactorEnabled: row.totp_enabled_at !== null,
    passwordSet: row.password_hash !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function userRoutes({ db, config }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/users",
      tags,
      summary: "Create a user in an account",
      description:
        "The email must be unused across all accounts (compared in lower case). " +
        "An unknown `accountId` answers 422 `UNKNOWN_REFERENCE`. A user created without " +
        "`password` gets an invitation mail (unless `sendInvitation: false`) whose link " +
        "(`{PUBLIC_URL}/accept-invitation?token=…`, single use, 7 days) lets them choose " +
        "a password through `POST /v1/auth/password-reset/confirm`; user and mail are " +
        "written together or not at all.",
      request: { body: jsonBody(UserCreateSchema) },
      responses: { 201: json(UserSchema, "Created"), ...problemResponses, ...conflictResponse },
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
      tags,
      summary: "List users, newest first",
      request: { query: UserListQuery },
      responses: { 200: json(pageOf(UserSchema, "UserPage")), ...problemResponses },
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
      tags,
      summary: "Get a user",
      request: { params: idParam("usr") },
      responses: { 200: json(UserSchema), ...problemResponses },
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
      tags,
      summary: "Update a user",
      description:
        "Taking the owner role from an account's last owner answers 409 `INVALID_STATE`. " +
        "A changed email takes effect at once (no verification mail on the Vendor API).",
      request: { params: idParam("usr"), body: jsonBody(UserUpdateSchema) },
      responses: { 200: json(UserSchema), ...problemResponses, ...conflictResponse },
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
      tags,
      summary: "Send a user a new invitation mail",
      description:
        "Mails a new invitation link (7 days, single use); an earlier unused one stops " +
        "working. A user who has set a password already answers 409 `INVALID_STATE`.",
      request: { params: idParam("usr") },
      responses: {
        202: json(InvitationSchema, "The invitation is queued for delivery."),
        ...problemResponses,
        409: {
          description: "`INVALID_STATE`: the user has set a password already.",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
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
