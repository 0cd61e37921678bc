import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer } from "../app/server.ts";
import { ConfigError, loadConfig } from "../config/config.ts";
import { prepareDataDir } from "../config/data-dir.ts";
import { createLogger } from "../core/logger.ts";
import { assertMailDeliverable } from "./mail-sender.ts";

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function load(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "keyport-mail-console-"));
  temporary.push(dir);
  return loadConfig({ DATA_DIR: dir, ...env });
}

const POSTGRES = "postgres://keyport@db.internal:5432/keyport";

describe("MAIL_CONSOLE", () => {
  it("is on by default only for the embedded demo: no DATABASE_URL and a loopback PUBLIC_URL", () => {
    expect(load({}).mailConsole).toBe(true);
    expect(load({ PUBLIC_URL: "http://127.0.0.1:9000" }).mailConsole).toBe(true);
    expect(load({ DATABASE_URL: POSTGRES }).mailConsole).toBe(false);
    expect(load({ PUBLIC_URL: "https://portal.acme.example" }).mailConsole).toBe(false);
    expect(load({ PUBLIC_URL: "http://10.0.0.5:8787" }).mailConsole).toBe(false);
  });

  it("can be set either way explicitly, and names itself when the value is wrong", () => {
    expect(load({ MAIL_CONSOLE: "false" }).mailConsole).toBe(false);
    expect(load({ MAIL_CONSOLE: "true", DATABASE_URL: POSTGRES }).mailConsole).toBe(true);
    expect(() => load({ MAIL_CONSOLE: "yes please" })).toThrow(
      /MAIL_CONSOLE: expected true or false/,
    );
  });
});

describe("a start whose mails could go nowhere", () => {
  it("stops with a message naming SMTP_URL when PUBLIC_URL is not a loopback address", async () => {
    const config = {
      ...prepareDataDir(load({ PUBLIC_URL: "https://portal.acme.example", LOG_LEVEL: "silent" })),
      port: 0,
      vendorPort: 0,
    };
    const started = startServer(config, { logger: createLogger("silent") });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/SMTP_URL: required when PUBLIC_URL/);
    await expect(started).rejects.toThrow(/MAIL_CONSOLE=true/);
  });

  it("goes ahead with SMTP_URL, with console mode asked for, or on this machine", () => {
    const remote = "https://portal.acme.example";
    expect(() =>
      assertMailDeliverable(
        load({
          PUBLIC_URL: remote,
          SMTP_URL: "smtp://mail.acme.example:587",
          DATABASE_URL: POSTGRES,
        }),
      ),
    ).not.toThrow();
    expect(() =>
      assertMailDeliverable(load({ PUBLIC_URL: remote, MAIL_CONSOLE: "true" })),
    ).not.toThrow();
    // Loopback with PostgreSQL: console mode is off, mails wait in the outbox, the start goes on.
    expect(() => assertMailDeliverable(load({ DATABASE_URL: POSTGRES }))).not.toThrow();
    expect(() =>
      assertMailDeliverable(load({ PUBLIC_URL: remote, MAIL_CONSOLE: "false" })),
    ).toThrow(ConfigError);
  });
});
