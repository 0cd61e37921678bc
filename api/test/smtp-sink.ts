import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message as the SMTP server received it, with the parts tests look at decoded. */
export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  readonly recipients: readonly string[];
  /** The envelope's sender (MAIL FROM). */
  readonly sender: string;
  /** The message exactly as it came over the wire. */
  readonly raw: string;
  /** Header names in lower case, values unfolded and decoded. */
  readonly headers: Readonly<Record<string, string>>;
  readonly subject: string;
  /** The text/plain body, transfer encoding undone. */
  readonly text: string;
  /** The first http(s) link in the text, if any. */
  readonly link: string | null;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for `SMTP_URL`. */
  readonly url: string;
  readonly messages: readonly ReceivedMail[];
  /** The first message (received or still to come) that matches, or a timeout error. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free local port that keeps every message it receives,
 * so tests see mail exactly as a mail server would (no STARTTLS, no auth needed).
 *
 * @example
 * const sink = await startSmtpSink();
 * const t = await createTestContext({ SMTP_URL: sink.url });
 * const mail = await sink.waitFor((m) => m.recipients.includes("ada@example.com"));
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push(
          parseMessage(
            raw,
            session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            session.envelope.rcptTo.map((rcpt) => rcpt.address),
          ),
        );
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`),
          );
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Enough of RFC 5322 / MIME for single-part text mails as nodemailer writes them. */
export function parseMessage(
  raw: string,
  sender: string,
  recipients: readonly string[],
): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(
        line.slice(colon + 1).trim(),
      );
    }
  }
  // A mail with an HTML part is multipart/alternative: its text is that of the text/plain part.
  const boundary = headers["content-type"]?.match(
    /^multipart\/[^;]+;.*boundary="?([^";]+)"?/i,
  )?.[1];
  if (boundary) {
    const parts = body.split(`--${boundary}`).map((part) => part.replace(/^\r\n/, ""));
    const plain = parts.find((part) =>
      /^content-type:\s*text\/plain/im.test(part.split("\r\n\r\n")[0] ?? ""),
    );
    const inner = plain ? parseMessage(plain, sender, recipients) : null;
    return {
      recipients,
      sender,
      raw,
      headers,
      subject: headers.subject ?? "",
      text: inner?.text ?? "",
      link: inner?.link ?? null,
    };
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(body)
      : encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : body;
  const normalized = text.replace(/\r\n/g, "\n");
  return {
    recipients,
    sender,
    raw,
    headers,
    subject: headers.subject ?? "",
    text: normalized,
    link: normalized.match(/https?:\/\/\S+/)?.[0] ?? null,
  };
}

/** Undoes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, kind: string, data) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}

function decodeQuotedPrintable(value: string): string {
  const bytes: number[] = [];
  const soft = value.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    const char = soft[i]!;
    const hex = soft.slice(i + 1, i + 3);
    if (char === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
