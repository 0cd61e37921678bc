import { pino } from "pino";

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stdout (or `destination`); one line per event.
 *
 * @example
 * const logger = createLogger("info");
 * logger.error({ err }, "unhandled error"); // no SQL text or parameters in the line
 */
export function createLogger(
  level: pino.LevelWithSilent = "info",
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "keyport" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.key"],
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * What a database error carries beside its message, from either driver, that
 * holds the statement or the values bound to it: PGlite attaches `query`,
 * `params` and `queryOptions`, pg's `detail` quotes the offending values
 * (`Key (email)=(ada@example.com) already exists.`), `where` and
 * `internalQuery` quote SQL. None of it may reach a log: parameters are names,
 * emails and IP addresses.
 */
const STATEMENT_FIELDS = [
  "query",
  "params",
  "parameters",
  "queryOptions",
  "detail",
  "where",
  "internalQuery",
  "hint",
] as const;

/** A quoted value inside a database message (`invalid input syntax for type uuid: "…"`). */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/**
 * pino's error serialiser (type, message with causes, stack, own fields) minus
 * the statement and its parameters. The SQLSTATE `code`, `constraint`, `table`
 * and `column` stay: they say what failed without saying whose data it was.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (!serialized || typeof serialized !== "object") return serialized;
  return scrub(serialized as Record<string, unknown>, error, 0);
}

function scrub(
  serialized: Record<string, unknown>,
  original: unknown,
  depth: number,
): Record<string, unknown> {
  for (const field of STATEMENT_FIELDS) delete serialized[field];
  // A data exception's message quotes the value it refused; the cause chain's messages are joined in.
  if (typeof serialized.message === "string" && chainHasDataException(original)) {
    serialized.message = serialized.message.replace(QUOTED, '"…"');
  }
  if (depth < 5) {
    for (const [key, value] of Object.entries(serialized)) {
      if (value && typeof value === "object" && !Array.isArray(value)) {
        scrub(
          value as Record<string, unknown>,
          (original as Record<string, unknown>)?.[key],
          depth + 1,
        );
      }
    }
    const aggregate = serialized.aggregateErrors;
    if (Array.isArray(aggregate)) {
      const originals = (original as { errors?: unknown[] } | null)?.errors ?? [];
      aggregate.forEach((item, index) => {
        if (item && typeof item === "object") {
          scrub(item as Record<string, unknown>, originals[index], depth + 1);
        }
      });
    }
  }
  return serialized;
}

function chainHasDataException(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
  return chainHasDataException(cause, depth + 1);
}
