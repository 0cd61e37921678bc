import type { AppDeps } from "../../../core/deps.ts";
import { resetUserTotp } from "../../../credentials/two-factor-change-service.ts";
import {
  createRoute,
  createRouter,
  idParam,
  json,
  VENDOR_SECURITY,
  z,
} from "../../../http/openapi.ts";
import { notFound } from "../../../http/problem.ts";
import {
  INPUT_PROBLEMS,
  notFoundProblem,
  problems,
  VENDOR_KEY_PROBLEMS,
} from "../../../http/problem-responses.ts";
import { USER_EXAMPLE } from "../examples.ts";
import { UserSchema, userJson } from "./user-schemas.ts";

const tags = ["Users"];

const TotpResetSchema = z
  .object({
    user: UserSchema,
    reset: z.boolean().openapi({
      description:
        "`false` when the user had no two-factor key (on or being set up): nothing changed.",
    }),
    sessionsEnded: z
      .number()
      .int()
      .openapi({ description: "How many of the user's sessions ended." }),
  })
  .openapi("TotpReset");

/** `DELETE /vendor/v1/users/{id}/totp`: the recovery path for a customer locked out of two-factor sign-in. */
export function userTotpRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "delete",
      path: "/users/{id}/totp",
      operationId: "resetUserTotp",
      tags,
      summary: "Reset a user's two-factor sign-in",
      description:
        "For a customer who lost their authenticator app and recovery codes, or who finds " +
        "two-factor sign-in turned on by someone else: forgets the key (on or being set up) " +
        "and every recovery code, ends every session of the user and mails them a notice. " +
        "The account's activity records it as the vendor's `totp.reset`. Confirm who is " +
        "asking before you call it: afterwards the password alone signs in. A user without " +
        "a key answers `reset: false` and nothing changes.",
      security: VENDOR_SECURITY,
      request: { params: idParam("usr") },
      responses: {
        200: json(TotpResetSchema, "Reset (or nothing to reset).", {
          user: USER_EXAMPLE,
          reset: true,
          sessionsEnded: 2,
        }),
        ...problems(VENDOR_KEY_PROBLEMS, INPUT_PROBLEMS, notFoundProblem("user")),
      },
    }),
    async (c) => {
      const result = await resetUserTotp(deps, c.req.valid("param").id);
      if (!result) throw notFound("user");
      return c.json(
        { user: userJson(result.user), reset: result.reset, sessionsEnded: result.sessionsEnded },
        200,
      );
    },
  );

  return app;
}
