import { type LevelWithSilent, pino } from "pino";
import type { Logger } from "../core/logger.ts";

/**
 * A logger whose JSON lines land in `lines`, parsed, to see what the code under
 * test wrote.
 *
 * @example
 * const { logger, lines } = capturingLogger();
 * expect(lines.find((line) => line.msg === "job ran")).toBeDefined();
 */
export function capturingLogger(level: LevelWithSilent = "info"): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}
