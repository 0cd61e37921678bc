import {
  createAccount,
  getAccount,
  listAccounts,
  updateAccount,
} from "../../../accounts/account-service.ts";
import type { AppDeps } from "../../../core/deps.ts";
import type { Account } from "../../../db/schema.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  PageQuery,
  pageOf,
  problemResponses,
  Timestamp,
  z,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { notFound } from "../../../http/problem.ts";
import { Name } from "../schemas.ts";

const tags = ["Accounts"];

const AccountKind = z.enum(["organization", "individual"]).openapi({
  description: "A customer organisation, or a single person buying for themselves.",
});

const ExpiryWarningDays = z
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(365, "at most 365")
  .openapi({
    description: "Days before expiry that a license shows as `expiring`. Default 30.",
    example: 30,
  });

export const AccountSchema = z
  .object({
    id: z.string().openapi({ example: "acc_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    name: z.string(),
    kind: AccountKind,
    expiryWarningDays: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Account");

export const AccountCreateSchema = z
  .object({ name: Name, kind: AccountKind, expiryWarningDays: ExpiryWarningDays.optional() })
  .strict()
  .openapi("AccountCreate");

export const AccountUpdateSchema = z
  .object({ name: Name, kind: AccountKind, expiryWarningDays: ExpiryWarningDays })
  .partial()
  .strict()
  .openapi("AccountUpdate");

export function accountJson(row: Account) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    expiryWarningDays: row.expiry_warning_days,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function accountRoutes({ db }: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/accounts",
      tags,
      summary: "Create a customer account",
      description: "Creates the account only; add its users with `POST /vendor/v1/users`.",
      request: { body: jsonBody(AccountCreateSchema) },
      responses: { 201: json(AccountSchema, "Created"), ...problemResponses },
    }),
    async (c) => c.json(accountJson(await createAccount(db, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/accounts",
      tags,
      summary: "List accounts, newest first",
      request: { query: PageQuery },
      responses: { 200: json(pageOf(AccountSchema, "AccountPage")), ...problemResponses },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const rows = await listAccounts(db, { after: decodeCursor(cursor), limit });
      return c.json(toPage(rows, limit, accountJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/accounts/{id}",
      tags,
      summary: "Get an account",
      request: { params: idParam("acc") },
      responses: { 200: json(AccountSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await getAccount(db, c.req.valid("param").id);
      if (!row) throw notFound("account");
      return c.json(accountJson(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/accounts/{id}",
      tags,
      summary: "Update an account",
      request: { params: idParam("acc"), body: jsonBody(AccountUpdateSchema) },
      responses: { 200: json(AccountSchema), ...problemResponses },
    }),
    async (c) => {
      const row = await updateAccount(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("account");
      return c.json(accountJson(row), 200);
    },
  );

  return app;
}
