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
  pageExample,
  pageOf,
  Timestamp,
  VENDOR_SECURITY,
  z,
} from "../../../http/openapi.ts";
import { decodeCursor, toPage } from "../../../http/pagination.ts";
import { notFound } from "../../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  JSON_BODY_PROBLEMS,
  notFoundProblem,
  problems,
  VENDOR_KEY_PROBLEMS,
} from "../../../http/problem-responses.ts";
import { Name } from "../../field-schemas.ts";
import { ACCOUNT_EXAMPLE, CURSOR_EXAMPLE } from "../examples.ts";

const tags = ["Accounts"];
const security = VENDOR_SECURITY;

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
      operationId: "createAccount",
      tags,
      summary: "Create a customer account",
      description: "Creates the account only; add its users with `POST /vendor/v1/users`.",
      security,
      request: {
        body: jsonBody(AccountCreateSchema, {
          name: ACCOUNT_EXAMPLE.name,
          kind: ACCOUNT_EXAMPLE.kind,
          expiryWarningDays: 30,
        }),
      },
      responses: {
        201: json(AccountSchema, "Created", ACCOUNT_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS),
      },
    }),
    async (c) => c.json(accountJson(await createAccount(db, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/accounts",
      operationId: "listAccounts",
      tags,
      summary: "List accounts, newest first",
      description: "Every customer account, newest first.",
      security,
      request: { query: PageQuery },
      responses: {
        200: json(
          pageOf(AccountSchema, "AccountPage"),
          "A page of accounts.",
          pageExample([ACCOUNT_EXAMPLE], CURSOR_EXAMPLE),
        ),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS),
      },
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
      operationId: "getAccount",
      tags,
      summary: "Get an account",
      description: "One account by id; an unknown or malformed id answers 404.",
      security,
      request: { params: idParam("acc") },
      responses: {
        200: json(AccountSchema, "The account.", ACCOUNT_EXAMPLE),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("account")),
      },
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
      operationId: "updateAccount",
      tags,
      summary: "Update an account",
      description:
        "Changes the fields given; `expiryWarningDays` moves when its licenses show as " +
        "`expiring`.",
      security,
      request: {
        params: idParam("acc"),
        body: jsonBody(AccountUpdateSchema, { expiryWarningDays: 45 }),
      },
      responses: {
        200: json(AccountSchema, "The changed account.", {
          ...ACCOUNT_EXAMPLE,
          expiryWarningDays: 45,
        }),
        ...problems(VENDOR_KEY_PROBLEMS, JSON_BODY_PROBLEMS, notFoundProblem("account")),
      },
    }),
    async (c) => {
      const row = await updateAccount(db, c.req.valid("param").id, c.req.valid("json"));
      if (!row) throw notFound("account");
      return c.json(accountJson(row), 200);
    },
  );

  return app;
}
