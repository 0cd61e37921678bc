import { getUser } from "../../accounts/user-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import { PASSWORD_MAX_LENGTH } from "../../credentials/password.ts";
import { encodeQrMatrix } from "../../credentials/qr-matrix.ts";
import {
  disableTotp,
  enableTotp,
  startTotpSetup,
  verifyTotpForLogin,
} from "../../credentials/totp-service.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  ProblemSchema,
  problemResponses,
  z,
} from "../../http/openapi.ts";
import { notFound, ProblemError } from "../../http/problem.ts";
import { sessionOf } from "../../http/session-auth.ts";
import {
  assertNotThrottled,
  assertPassword,
  failedCheck,
  meProblemResponses,
  recordMyActivity,
  sendSecurityNotice,
} from "./me-shared.ts";

const tags = ["Profile & Security"];
const security: Record<string, string[]>[] = [{ sessionCookie: [] }, { sessionBearer: [] }];

const QrMatrixSchema = z
  .object({
    size: z.number().int().openapi({ description: "Modules per side.", example: 49 }),
    rows: z.array(z.string()).openapi({
      description:
        "`size` rows, top first, each `size` characters: `1` a dark module, `0` a light one. " +
        "The quiet zone is not included: draw a light margin of 4 modules around the code.",
    }),
  })
  .openapi("QrMatrix");

const TotpSetupSchema = z
  .object({
    secret: z.string().openapi({
      description: "The key in base32 without padding, to type into an authenticator app.",
      example: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    }),
    uri: z.string().openapi({
      description: "An `otpauth://totp/…` URI (SHA-1, 6 digits, 30 s), for a QR code.",
      example:
        "otpauth://totp/Keyport:ada%40example.com?issuer=Keyport&algorithm=SHA1&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&period=30&digits=6",
    }),
    qr: QrMatrixSchema.openapi({
      description:
        "`uri` as a QR code's module matrix (error correction M), for a client to draw " +
        "without a QR library.",
    }),
  })
  .openapi("TotpSetup");

const TotpEnableSchema = z
  .object({
    code: z
      .string()
      .regex(/^\s*\d{3}\s?\d{3}\s*$/, "must be the 6-digit code from the authenticator app")
      .openapi({ example: "492039" }),
  })
  .strict()
  .openapi("TotpEnable");

const RecoveryCodesSchema = z
  .object({
    recoveryCodes: z.array(z.string()).openapi({
      description: "10 single-use codes (`xxxxx-xxxxx`) for when the app is lost. Shown only now.",
      example: ["7xk2m-9qhta", "0b4wz-de5rn"],
    }),
  })
  .openapi("TotpRecoveryCodes");

const TotpDisableSchema = z
  .object({
    password: z
      .string()
      .min(1, "must not be empty")
      .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`),
    code: z
      .string()
      .min(1, "must not be empty")
      .max(32, "at most 32 characters")
      .openapi({ description: "A code from the authenticator app, or a recovery code." }),
  })
  .strict()
  .openapi("TotpDisable");

const invalidState = {
  409: {
    description: "`INVALID_STATE`: two-factor sign-in is already on (or not being set up).",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
} as const;

function totpProblem(detail: string): ProblemError {
  return new ProblemError(409, "INVALID_STATE", { detail });
}

/** `POST /v1/me/totp`, `POST /v1/me/totp/enable` and `DELETE /v1/me/totp`: two-factor sign-in. */
export function meTotpRoutes(deps: AppDeps) {
  const { db, secrets } = deps;
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/totp",
      tags,
      summary: "Start setting up two-factor sign-in",
      description:
        "Makes a new key, pending until enabled with a code; starting again replaces a " +
        "pending key. Answers the key as text, as an `otpauth://` URI and as that URI's QR " +
        "code (a matrix of modules to draw). 409 when two-factor sign-in is already on.",
      security,
      responses: { 200: json(TotpSetupSchema), ...invalidState, 401: problemResponses[401] },
    }),
    async (c) => {
      const auth = sessionOf(c);
      const setup = await db.transaction().execute(async (trx) => {
        const started = await startTotpSetup(trx, secrets, { id: auth.userId, email: auth.email });
        if (started) await recordMyActivity(trx, c, "totp.setup_started");
        return started;
      });
      if (!setup) throw totpProblem("Two-factor sign-in is already on. Turn it off first.");
      const qr = encodeQrMatrix(setup.uri);
      return c.json({ ...setup, qr: { size: qr.size, rows: [...qr.rows] } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/totp/enable",
      tags,
      summary: "Turn two-factor sign-in on",
      description:
        "With a current code from the app set up with `POST /v1/me/totp`. Answers 10 " +
        "single-use recovery codes, shown only this once.",
      security,
      request: { body: jsonBody(TotpEnableSchema) },
      responses: {
        200: json(RecoveryCodesSchema, "On; keep the recovery codes safe."),
        ...problemResponses,
        ...invalidState,
        ...meProblemResponses,
      },
    }),
    async (c) => {
      const auth = sessionOf(c);
      const { code } = c.req.valid("json");
      await assertNotThrottled(db, auth.userId);
      const result = await db.transaction().execute(async (trx) => {
        const enabled = await enableTotp(trx, secrets, auth.userId, code);
        if (enabled.status === "enabled") {
          const user = await getUser(trx, auth.userId);
          if (!user) throw notFound("user");
          await recordMyActivity(trx, c, "totp.enabled");
          await sendSecurityNotice(trx, deps, user, "totp_enabled");
        }
        return enabled;
      });
      if (result.status === "not_pending") {
        throw totpProblem("Start the setup with POST /v1/me/totp first.");
      }
      if (result.status === "invalid_code") {
        throw await failedCheck(db, auth.userId, "body.code", "is not the current code of the app");
      }
      return c.json({ recoveryCodes: [...result.recoveryCodes] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/me/totp",
      tags,
      summary: "Turn two-factor sign-in off",
      description:
        "Needs the password and a code from the app or a recovery code. Forgets the key " +
        "and every recovery code.",
      security,
      request: { body: jsonBody(TotpDisableSchema) },
      responses: {
        204: { description: "Off." },
        ...problemResponses,
        ...invalidState,
        ...meProblemResponses,
      },
    }),
    async (c) => {
      const auth = sessionOf(c);
      const { password, code } = c.req.valid("json");
      const user = await getUser(db, auth.userId);
      if (!user) throw notFound("user");
      if (!user.totp_enabled_at) throw totpProblem("Two-factor sign-in is not on.");
      await assertPassword(db, user, password, "body.password");
      const verified = await verifyTotpForLogin(db, secrets, user, code);
      if (verified === "invalid") {
        throw await failedCheck(
          db,
          user.id,
          "body.code",
          "is neither a current code nor an unused recovery code",
        );
      }
      await db.transaction().execute(async (trx) => {
        if (verified === "recovery") await recordMyActivity(trx, c, "recovery_code.used");
        await disableTotp(trx, user.id);
        await recordMyActivity(trx, c, "totp.disabled");
        await sendSecurityNotice(trx, deps, user, "totp_disabled");
      });
      return c.body(null, 204);
    },
  );

  return app;
}
