import type { User } from "../../db/schema.ts";
import type { AppDeps } from "../../deps.ts";
import {
  conflictResponse,
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  pageOf,
  problemResponses,
} from "../../http/openapi.ts";
import { decodeCursor, toPage } from "../../http/pagination.ts";
import { fieldProblem, notFound } from "../../http/problem.ts";
import { getAccount } from "../../services/account-service.ts";
import { isLocale, type Locale } from "../../services/user-preferences.ts";
import { createUser, getUser, listUsers, updateUser } from "../../services/user-service.ts";
import { UserCreateSchema, UserListQuery, UserSchema, UserUpdateSchema } from "./user-schemas.ts";

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

export function userRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/users",
      tags,
      summary: "Create a user in an account",
      description:
        "The email must be unused across all accounts (compared in lower case). " +
        "An unknown `accountId` answers 422 `UNKNOWN_REFERENCE`.",
      request: { body: jsonBody(UserCreateSchema) },
      responses: { 201: json(UserSchema, "Created"), ...problemResponses, ...conflictResponse },
    }),
    async (c) => c.json(userJson(await createUser(db, c.req.valid("json"))), 201),
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

  return app;
}
