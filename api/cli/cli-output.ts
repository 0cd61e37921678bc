import { join } from "node:path";
import type { Config } from "../config/config.ts";
import type { DemoInfo } from "../demo/demo-seed.ts";

/** Where the data lives, without credentials. */
export function describeDatabase(config: Pick<Config, "databaseUrl" | "dataDir">): string {
  if (!config.databaseUrl) return `embedded PGlite in ${join(config.dataDir, "pgdata")}`;
  const url = new URL(config.databaseUrl);
  const user = url.username ? `${decodeURIComponent(url.username)}@` : "";
  return `PostgreSQL ${user}${url.host}${url.pathname === "/" ? "" : url.pathname}`;
}

/** Rows as left-aligned columns, one line each. */
export function table(rows: readonly (readonly string[])[], indent = ""): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(
      (row) =>
        `${indent}${row
          .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
          .join("  ")}\n`,
    )
    .join("");
}

/** The demo logins and vendor key, as the start prints them. */
export function demoText(demo: DemoInfo, vendorUrl: string): string {
  const logins = demo.logins.map((login) => [login.email, `${login.role} of ${login.account}`]);
  return (
    `Demo logins (password "${demo.password}"):\n${table(logins, "  ")}\n` +
    `Demo vendor API key: ${demo.vendorKey}\n` +
    `  curl -H "Authorization: Bearer ${demo.vendorKey}" ${vendorUrl}/vendor/v1/licenses\n\n`
  );
}
