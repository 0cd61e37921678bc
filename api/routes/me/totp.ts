import type { AppDeps } from "../../core/deps.ts";
import { encodeQrMatrix } from "../../credentials/qr-matrix.ts";
import {
  beginTotpSetup,
  regenerateRecoveryCodes,
  turnOffTotp,
  turnOnTotp,
} from "../../credentials/two-factor-change-service.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  SESSION_SECURITY,
  z,
} from "../../http/openapi.ts";
import { ProblemError } from "../../http/problem.ts";
import {
  JSON_BODY_PROBLEMS,
  ORIGIN_PROBLEMS,
  problems,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { CurrentPassword } from "../field-schemas.ts";
import {
  REVERIFY_PROBLEMS,
  SECURITY_CHANGE_PROBLEMS,
  securityCallerOf,
  throttledProblem,
} from "./me-shared.ts";

const tags = ["Profile & Security"];
const security = SESSION_SECURITY;

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

const TotpSetupStartSchema = z
  .object({ password: CurrentPassword })
  .strict()
  .openapi("TotpSetupStart");

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
    password: CurrentPassword,
    code: z
      .string()
      .min(1, "must not be empty")
      .max(32, "at most 32 characters")
      .openapi({ description: "A code from the authenticator app, or a recovery code." }),
  })
  .strict()
  .openapi("TotpDisable");

/** The answers of every two-factor change, beyond its own 409. */
const changeProblems = [
  SESSION_PROBLEMS,
  ORIGIN_PROBLEMS,
  JSON_BODY_PROBLEMS,
  SECURITY_CHANGE_PROBLEMS,
  REVERIFY_PROBLEMS,
] as const;
const invalidState = (detail: string) => ({ 409: { INVALID_STATE: detail } });
const notOn = invalidState("Two-factor sign-in is not on.");

// Examples: the demo's Olivia setting up an authenticator app.
const SETUP_URI =
  "otpauth://totp/Keyport:olivia.owner%40example.com?issuer=Keyport&algorithm=SHA1&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&period=30&digits=6";
const SETUP_QR = encodeQrMatrix(SETUP_URI);
const RECOVERY_CODES_EXAMPLE = {
  recoveryCodes: [
    "7xk2m-9qhta",
    "0b4wz-de5rn",
    "p1c8f-3vj6t",
    "h5n2q-w8ys4",
    "r7d3k-m0gb9",
    "e2t6x-c4fa1",
    "u9l5p-j3zk7",
    "s8w1v-n6qd2",
    "a4y7h-b0me5",
    "k3g9r-t5xc8",
  ],
} as const;

function totpProblem(detail: string): ProblemError {
  return new ProblemError(409, "INVALID_STATE", { detail });
}

const RecoveryCodesReplaceSchema = TotpDisableSchema.openapi("TotpRecoveryCodesReplace");

/**
 * `POST /v1/me/totp`, `POST /v1/me/totp/enable`, `DELETE /v1/me/totp` and
 * `POST /v1/me/totp/recovery-codes`: two-factor sign-in.
 */
export function meTotpRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/totp",
      operationId: "beginTotpSetup",
      tags,
      summary: "Start setting up two-factor sign-in",
      description:
        "Needs the password. Makes a new key, pending until enabled with a code; starting " +
        "again replaces a pending key. Answers the key as text, as an `otpauth://` URI and " +
        "as that URI's QR code (a matrix of modules to draw); only this answer shows the key, " +
        "so only someone who gave the password can enable it. 409 when two-factor sign-in " +
        "is already on. A widget token needs `allowSecurityChanges` (else 403).",
      security,
      request: { body: jsonBody(TotpSetupStartSchema, { password: "demo-password" }) },
      responses: {
        200: json(TotpSetupSchema, "The new key, pending until enabled.", {
          secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
          uri: SETUP_URI,
          qr: { size: SETUP_QR.size, rows: [...SETUP_QR.rows] },
        }),
        ...problems(
          ...changeProblems,
          invalidState("Two-factor sign-in is already on. Turn it off first."),
        ),
      },
    }),
    async (c) => {
      const result = await beginTotpSetup(deps, securityCallerOf(c), c.req.valid("json").password);
      if (result.status === "throttled") throw throttledProblem(result);
      if (result.status === "already_on") {
        throw totpProblem("Two-factor sign-in is already on. Turn it off first.");
      }
      const qr = encodeQrMatrix(result.setup.uri);
      return c.json({ ...result.setup, qr: { size: qr.size, rows: [...qr.rows] } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/totp/enable",
      operationId: "enableTotp",
      tags,
      summary: "Turn two-factor sign-in on",
      description:
        "With a current code from the app set up with `POST /v1/me/totp` (which asked for " +
        "the password and alone showed the key). Answers 10 single-use recovery codes, shown " +
        "only this once. A widget token needs `allowSecurityChanges` (else 403).",
      security,
      request: { body: jsonBody(TotpEnableSchema, { code: "492039" }) },
      responses: {
        200: json(RecoveryCodesSchema, "On; keep the recovery codes safe.", RECOVERY_CODES_EXAMPLE),
        ...problems(
          ...changeProblems,
          invalidState("Start the setup with POST /v1/me/totp first."),
        ),
      },
    }),
    async (c) => {
      const result = await turnOnTotp(deps, securityCallerOf(c), c.req.valid("json").code);
      if (result.status === "throttled") throw throttledProblem(result);
      if (result.status === "not_pending") {
        throw totpProblem("Start the setup with POST /v1/me/totp first.");
      }
      return c.json({ recoveryCodes: [...result.recoveryCodes] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/me/totp",
      operationId: "disableTotp",
      tags,
      summary: "Turn two-factor sign-in off",
      description:
        "Needs the password and a code from the app or a recovery code. Forgets the key " +
        "and every recovery code. A widget token needs `allowSecurityChanges` (else 403).",
      security,
      request: { body: jsonBody(TotpDisableSchema, { password: "demo-password", code: "492039" }) },
      responses: {
        204: { description: "Off." },
        ...problems(...changeProblems, notOn),
      },
    }),
    async (c) => {
      const result = await turnOffTotp(deps, securityCallerOf(c), c.req.valid("json"));
      if (result.status === "throttled") throw throttledProblem(result);
      if (result.status === "not_on") throw totpProblem("Two-factor sign-in is not on.");
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/totp/recovery-codes",
      operationId: "replaceRecoveryCodes",
      tags,
      summary: "Replace the recovery codes",
      description:
        "Needs the password and a code from the app or an unused recovery code. Answers 10 " +
        "new single-use recovery codes, shown only this once; the old ones stop working. " +
        "Mails a security notice. A widget token needs `allowSecurityChanges` (else 403).",
      security,
      request: {
        body: jsonBody(RecoveryCodesReplaceSchema, { password: "demo-password", code: "492039" }),
      },
      responses: {
        200: json(
          RecoveryCodesSchema,
          "Replaced; keep the new codes safe.",
          RECOVERY_CODES_EXAMPLE,
        ),
        ...problems(...changeProblems, notOn),
      },
    }),
    async (c) => {
      const result = await regenerateRecoveryCodes(deps, securityCallerOf(c), c.req.valid("json"));
      if (result.status === "throttled") throw throttledProblem(result);
      if (result.status === "not_on") throw totpProblem("Two-factor sign-in is not on.");
      return c.json({ recoveryCodes: [...result.recoveryCodes] }, 200);
    },
  );

  return app;
}
