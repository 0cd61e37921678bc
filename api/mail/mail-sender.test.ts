import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../app/server.ts";
import { loadConfig } from "../config/config.ts";
import { prepareDataDir } from "../config/data-dir.ts";
import { addDays, MINUTE_MS } from "../core/time.ts";
import { startMailDeliveryJob } from "../jobs/mail-delivery-job.ts";
import { createTestContext, createTestDatabaseUrl, type TestContext } from "../test/harness.ts";
import { waitUntil } from "../test/http-client.ts";
import { type SmtpSink, startSmtpSink } from "../test/smtp-sink.ts";
import { enqueueMail } from "./mail-outbox.ts";
import { backoffMs, MAIL_MAX_ATTEMPTS } from "./mail-sender.ts";

/** A logger whose JSON lines land in an array, to see what the sender wrote. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "info" },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

/** A local port that nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let sink: SmtpSink;
let t: TestContext;
let counter = 0;
const freshAddress = () => `mail${++counter}-${Date.now()}@example.com`;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestContext({ SMTP_URL: sink.url });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const outboxRow = (to: string) =>
  t.deps.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", to).execute();

/** A sender that only runs when flushed (the poll interval is far away). */
function flushingSender(
  config: { smtpUrl: string | undefined; mailFrom: string; mailConsole: boolean } = t.deps.config,
  options: { now?: () => Date } = {},
  logger = t.deps.logger,
) {
  return startMailDeliveryJob(
    { db: t.deps.db, config, logger },
    { intervalMs: 3_600_000, ...options },
  );
}

describe("mail sender over SMTP", () => {
  it("delivers a queued mail to a real SMTP server and marks it sent", async () => {
    const to = freshAddress();
    await enqueueMail(t.deps.db, {
      to,
      subject: "Grüße aus Keyport — a test",
      text: "Hello,\n\nopen http://localhost:8787/reset-password?token=kpr_abc-123_XYZ\n",
    });
    const sender = flushingSender();
    try {
      expect(await sender.flush()).toBeGreaterThanOrEqual(1);
    } finally {
      await sender.stop();
    }
    const mail = await sink.waitFor((m) => m.recipients.includes(to));
    expect(mail.subject).toBe("Grüße aus Keyport — a test");
    expect(mail.headers.to).toBe(to);
    expect(mail.headers.from).toBe(t.deps.config.mailFrom);
    expect(mail.link).toBe("http://localhost:8787/reset-password?token=kpr_abc-123_XYZ");
    const [row] = await outboxRow(to);
    expect(row?.sent_at).toBeInstanceOf(Date);
    expect(row?.attempts).toBe(0);
    expect(row?.last_error).toBeNull();
  });

  it("sends each mail once, even with two senders flushing at the same time", async () => {
    const addresses = Array.from({ length: 6 }, freshAddress);
    for (const to of addresses) await enqueueMail(t.deps.db, { to, subject: "Once", text: "x" });
    const first = flushingSender();
    const second = flushingSender();
    try {
      const [a, b] = await Promise.all([first.flush(), second.flush()]);
      expect(a + b).toBeGreaterThanOrEqual(addresses.length);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
    for (const to of addresses) await sink.waitFor((m) => m.recipients.includes(to));
    for (const to of addresses) {
      expect(sink.messages.filter((m) => m.recipients.includes(to))).toHaveLength(1);
    }
  });

  it("queues a mail with a dedupe key only once", async () => {
    const to = freshAddress();
    const dedupeKey = `expiry:${to}:2026-11-30`;
    expect(await enqueueMail(t.deps.db, { to, subject: "Expiring", text: "a", dedupeKey })).toBe(
      true,
    );
    expect(await enqueueMail(t.deps.db, { to, subject: "Expiring", text: "b", dedupeKey })).toBe(
      false,
    );
    expect(await outboxRow(to)).toHaveLength(1);
    const sender = flushingSender();
    await sender.flush();
    await sender.stop();
    await sink.waitFor((m) => m.recipients.includes(to));
    expect(sink.messages.filter((m) => m.recipients.includes(to))).toHaveLength(1);
    // Sent once, the key still holds: a later enqueue is dropped too.
    expect(await enqueueMail(t.deps.db, { to, subject: "Expiring", text: "c", dedupeKey })).toBe(
      false,
    );
  });

  it("backs off after a failed delivery and delivers on a later attempt", async () => {
    const to = freshAddress();
    await enqueueMail(t.deps.db, { to, subject: "Retry me", text: "retry" });
    // Taken after queueing: the mail is due from the moment it was queued.
    const start = new Date();
    const { logger, lines } = capturingLogger();
    const down = flushingSender(
      {
        smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
        mailFrom: t.deps.config.mailFrom,
        mailConsole: false,
      },
      { now: () => start },
      logger,
    );
    try {
      expect(await down.flush()).toBe(0);
    } finally {
      await down.stop();
    }
    let [row] = await outboxRow(to);
    expect(row?.sent_at).toBeNull();
    expect(row?.attempts).toBe(1);
    expect(row?.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(row?.next_attempt_at.getTime()).toBe(start.getTime() + 2 * MINUTE_MS);
    expect(lines.some((line) => line.msg === "mail delivery failed" && line.level === 40)).toBe(
      true,
    );

    // Not due yet: a sender with a working server leaves it alone a minute later…
    const early = flushingSender(t.deps.config, {
      now: () => new Date(start.getTime() + MINUTE_MS),
    });
    await early.flush();
    await early.stop();
    [row] = await outboxRow(to);
    expect(row?.sent_at).toBeNull();

    // …and delivers it once the back-off has passed.
    const later = flushingSender(t.deps.config, {
      now: () => new Date(start.getTime() + 3 * MINUTE_MS),
    });
    await later.flush();
    await later.stop();
    const mail = await sink.waitFor((m) => m.recipients.includes(to));
    expect(mail.subject).toBe("Retry me");
    [row] = await outboxRow(to);
    expect(row?.sent_at).toBeInstanceOf(Date);
    expect(row?.attempts).toBe(1);
  });

  it("gives up after the last attempt, keeping the error, and logs it as an error", async () => {
    const to = freshAddress();
    await enqueueMail(t.deps.db, { to, subject: "Doomed", text: "never" });
    await t.deps.db
      .updateTable("mail_outbox")
      .set({ attempts: MAIL_MAX_ATTEMPTS - 1 })
      .where("to_address", "=", to)
      .execute();
    const { logger, lines } = capturingLogger();
    let clock = new Date();
    const down = flushingSender(
      {
        smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
        mailFrom: t.deps.config.mailFrom,
        mailConsole: false,
      },
      { now: () => clock },
      logger,
    );
    await down.flush();
    await down.stop();
    const [row] = await outboxRow(to);
    expect(row?.attempts).toBe(MAIL_MAX_ATTEMPTS);
    expect(row?.sent_at).toBeNull();
    expect(row?.last_error).toBeTruthy();
    expect(lines.some((line) => line.level === 50 && String(line.msg).includes("giving up"))).toBe(
      true,
    );

    // Days later, with a working server, it is still not tried again.
    clock = addDays(new Date(), 7);
    const working = flushingSender(t.deps.config, { now: () => clock });
    await working.flush();
    await working.stop();
    expect((await outboxRow(to))[0]?.sent_at).toBeNull();
    expect(sink.messages.some((m) => m.recipients.includes(to))).toBe(false);
  });

  it("waits 2^attempts minutes between attempts, at most six hours", () => {
    expect([1, 2, 3, 8, 9, 10].map((n) => backoffMs(n) / MINUTE_MS)).toEqual([
      2, 4, 8, 256, 360, 360,
    ]);
  });

  it("delivers in the background without being flushed, and stops cleanly", async () => {
    const to = freshAddress();
    await enqueueMail(t.deps.db, { to, subject: "Background", text: "polled" });
    const sender = startMailDeliveryJob(t.deps, { intervalMs: 20 });
    try {
      await sink.waitFor((m) => m.recipients.includes(to));
    } finally {
      await sender.stop();
    }
    expect(await sender.flush()).toBe(0);
  });
});

describe("mail sender without SMTP_URL", () => {
  let local: TestContext;
  beforeAll(async () => {
    // The embedded demo's configuration: no DATABASE_URL, a loopback PUBLIC_URL.
    local = await createTestContext();
  });
  afterAll(() => local?.close());

  it("in console mode prints each mail with its link to the console, never into the log", async () => {
    expect(local.deps.config.mailConsole).toBe(true);
    const { logger, lines } = capturingLogger();
    const printed: string[] = [];
    const to = freshAddress();
    const link = "http://localhost:8787/reset-password?token=kpr_printed_not_logged";
    await enqueueMail(local.deps.db, { to, subject: "Reset your password", text: `Open ${link}` });
    const sender = startMailDeliveryJob(
      { ...local.deps, logger },
      { intervalMs: 3_600_000, console: { write: (text: string) => printed.push(text) } },
    );
    expect(await sender.flush()).toBe(1);
    await sender.stop();
    const output = printed.join("");
    expect(output).toContain(`To: ${to}`);
    expect(output).toContain("Subject: Reset your password");
    expect(output).toContain(link);
    // The structured log says a mail went out, not what it said nor whom to.
    const log = JSON.stringify(lines);
    expect(log).not.toContain("kpr_printed_not_logged");
    expect(log).not.toContain(to);
    const entry = lines.find((line) => line.msg === "mail printed to the console");
    expect(entry).toMatchObject({ level: 30, subject: "Reset your password" });
    expect(entry).not.toHaveProperty("mail");
    const row = await local.deps.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", to)
      .executeTakeFirstOrThrow();
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it("with console mode off delivers nothing: mails wait in the outbox, the log holds no text", async () => {
    const { logger, lines } = capturingLogger();
    const printed: string[] = [];
    const to = freshAddress();
    await enqueueMail(local.deps.db, {
      to,
      subject: "Reset your password",
      text: "Open http://localhost:8787/reset-password?token=kpr_waiting",
    });
    const sender = startMailDeliveryJob(
      { ...local.deps, config: { ...local.deps.config, mailConsole: false }, logger },
      { intervalMs: 3_600_000, console: { write: (text: string) => printed.push(text) } },
    );
    expect(await sender.flush()).toBe(0);
    await sender.stop();
    expect(printed).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain("kpr_waiting");
    expect(lines.find((line) => Number(line.level) === 40)?.msg).toMatch(/SMTP_URL/);
    const row = await local.deps.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", to)
      .executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
  });
});

describe("the server runs the mail sender", () => {
  it("prints a queued mail while running and stops the sender before closing the database", async () => {
    const scratch = await createTestDatabaseUrl();
    const dataDir = mkdtempSync(join(tmpdir(), "keyport-mail-"));
    const { logger, lines } = capturingLogger();
    const printed: string[] = [];
    const config = {
      ...prepareDataDir(
        loadConfig({
          DATA_DIR: dataDir,
          LOG_LEVEL: "info",
          DATABASE_URL: scratch.url ?? "",
          MAIL_CONSOLE: "true",
        }),
      ),
      port: 0,
      vendorPort: 0,
    };
    const server = await startServer(config, {
      logger,
      shutdownTimeoutMs: 2000,
      mailConsole: { write: (text: string) => printed.push(text) },
    });
    try {
      const to = freshAddress();
      await enqueueMail(server.runtime.deps.db, { to, subject: "From the server", text: "hi" });
      await waitUntil(() => printed.join("").includes(`To: ${to}`), "the mail on the console");
    } finally {
      await server.close();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const stopped = lines.findIndex((line) => line.msg === "stopped");
    expect(stopped).toBeGreaterThan(-1);
    // Nothing failed on the way down (a sender outliving the database would log errors).
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    // Starting and stopping a whole server (an on-disk database) is slow on a busy machine.
  }, 60_000);
});
