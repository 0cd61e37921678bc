// Two `keyport start` processes on one PostgreSQL database, the way a deployment grows past one
// machine: whatever one instance knows (sessions, throttles, the work of the background jobs,
// buffered writes) the other must see, and nothing may happen twice or go missing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SmtpSink, startSmtpSink } from "../api/test/smtp-sink.ts";
import {
  createDatabase,
  type Deployment,
  type KeyportInstance,
  queryDatabase,
  startDeployment,
} from "./support/instances.ts";
import { type PgCluster, startPgCluster } from "./support/pg-cluster.ts";
import {
  call,
  createCustomer,
  customerRead,
  runLoad,
  send,
  signIn,
  tally,
  validation,
} from "./support/traffic.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The heartbeat job's first run after start (jobs/job-schedule.ts: one minute), plus slack. */
const HEARTBEAT_JOB_DUE_MS = 60_000 + 4_000;

let cluster: PgCluster;
let smtp: SmtpSink;
let databaseUrl: string;
let deployment: Deployment;
let a: KeyportInstance;
let b: KeyportInstance;

beforeAll(async () => {
  [cluster, smtp] = await Promise.all([startPgCluster(), startSmtpSink()]);
  databaseUrl = (await createDatabase(cluster.url())).url;
  deployment = await startDeployment(2, {
    databaseUrl,
    // Debug logs tell each run of each job ("job ran"), also the runs that found the lock taken.
    env: { SMTP_URL: smtp.url, LOG_LEVEL: "debug" },
  });
  [a, b] = deployment.instances as [KeyportInstance, KeyportInstance];
});

afterAll(async () => {
  await deployment?.dispose();
  await Promise.all([cluster?.destroy(), smtp?.close()]);
});

const vendorKey = () => deployment.demo.vendorKey;

describe("two instances on one database", () => {
  it("accepts a session made on one instance on the other, and ends it on both", async () => {
    const customer = await createCustomer(a.vendorUrl, vendorKey(), { name: "session" });
    const token = await signIn(a.url, customer.email, customer.password);
    const onB = await send(customerRead(b.url, "/v1/licenses", token));
    expect(onB.status).toBe(200);
    expect((await send(customerRead(a.url, "/v1/dashboard", token))).status).toBe(200);

    await call(b.url, "POST", "/v1/auth/logout", { token });
    expect((await send(customerRead(a.url, "/v1/licenses", token))).status).toBe(401);
    expect((await send(customerRead(b.url, "/v1/licenses", token))).status).toBe(401);
  });

  it("counts failed sign-ins on both instances against one limit", async () => {
    const customer = await createCustomer(a.vendorUrl, vendorKey(), { name: "throttle" });
    const attempt = (instance: KeyportInstance, password: string) =>
      send({
        kind: "login",
        url: `${instance.url}/v1/auth/login`,
        init: {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: customer.email, password, tokenType: "bearer" }),
        },
      });
    // Ten failures in all, five on each: neither instance alone reaches the limit of ten.
    const failures = [];
    for (let i = 0; i < 10; i++) failures.push(await attempt(i % 2 ? b : a, `wrong ${i}`));
    expect(failures.map((outcome) => outcome.status)).toEqual(Array(10).fill(401));
    // Blocked on both, even with the right password.
    for (const instance of [a, b]) {
      const blocked = await attempt(instance, customer.password);
      expect(blocked).toMatchObject({
        status: 429,
        code: "RATE_LIMITED",
        retryAfter: expect.stringMatching(/^\d+$/),
      });
    }
  });

  it("delivers each queued mail once, although both instances run the mail job", async () => {
    const customer = await createCustomer(a.vendorUrl, vendorKey(), { name: "mail" });
    const emails = [customer.email];
    for (let i = 0; i < 7; i++) {
      const email = `member-${i}-${customer.email}`;
      await call(a.vendorUrl, "POST", "/vendor/v1/users", {
        token: vendorKey(),
        body: {
          accountId: customer.accountId,
          email,
          name: `Member ${i}`,
          role: "member",
          password: customer.password,
        },
      });
      emails.push(email);
    }
    // Each reset request queues one mail, half of them on each instance.
    for (const [i, email] of emails.entries()) {
      await call(i % 2 ? b.url : a.url, "POST", "/v1/auth/password-reset", { body: { email } });
    }
    const isReset = (recipient: string) => (mail: SmtpSink["messages"][number]) =>
      mail.recipients.includes(recipient) && /reset-password/.test(mail.link ?? mail.text);
    for (const email of emails) await smtp.waitFor(isReset(email), 20_000);
    // Three more runs of both mail jobs (every 2 s): a second delivery would have come by now.
    await sleep(6_000);
    for (const email of emails) {
      expect(smtp.messages.filter(isReset(email)), email).toHaveLength(1);
    }
  });

  it("ends a dead activation once, although both instances run the heartbeat job", async () => {
    const customer = await createCustomer(a.vendorUrl, vendorKey(), { name: "heartbeat" });
    const [license] = await queryDatabase<{ policy_id: string; id: string }>(
      databaseUrl,
      "select id, policy_id from licenses where account_id = $1",
      [customer.accountId],
    );
    await call(a.vendorUrl, "PATCH", `/vendor/v1/policies/${license?.policy_id}`, {
      token: vendorKey(),
      body: { heartbeatSeconds: 60 },
    });
    const activated = await call<{ activation: { id: string } }>(
      b.url,
      "POST",
      "/v1/licensing/activate",
      { body: { key: customer.keys[0], fingerprint: "f".repeat(32), name: "silent machine" } },
    );
    const activationId = activated.activation.id;
    // Silent for an hour: dead by the policy's rule (twice the interval), for the job to end.
    await queryDatabase(
      databaseUrl,
      "update activations set last_seen_at = now() - interval '1 hour' where id = $1",
      [activationId],
    );
    const due = Math.max(a.readyAt, b.readyAt) + HEARTBEAT_JOB_DUE_MS - Date.now();
    if (due > 0) await sleep(due);

    const [activation] = await queryDatabase<{ deactivated_by: string | null }>(
      databaseUrl,
      "select deactivated_by from activations where id = $1",
      [activationId],
    );
    expect(activation?.deactivated_by).toBe("system");
    const entries = await queryDatabase<{ id: string }>(
      databaseUrl,
      "select id from activity where subject_id = $1 and action = 'activation.deactivated'",
      [activationId],
    );
    expect(entries).toHaveLength(1);
    // Both processes ran the job by now; one of them did the work.
    for (const instance of [a, b]) {
      expect(instance.output()).toMatch(/"job":"heartbeat job"[^\n]*"msg":"job ran"/);
    }
    const reports = [a, b].map(
      (instance) =>
        instance.output().match(/ended activations that missed their heartbeats/g)?.length ?? 0,
    );
    expect(
      reports.reduce((sum, count) => sum + count, 0),
      JSON.stringify(reports),
    ).toBe(1);
  });

  it("has every validation answered by either instance in the database once both stop", async () => {
    const customer = await createCustomer(a.vendorUrl, vendorKey(), {
      licenses: 60,
      name: "validations",
    });
    const stop = new AbortController();
    const load = runLoad(
      6,
      (worker, index) =>
        validation(worker % 2 ? b.url : a.url, customer.keys[index % 60] as string),
      stop.signal,
      { pauseMs: 2 },
    );
    await sleep(2_000);
    // Both stop while validations still arrive; what they answered must all be stored.
    const [exitA, exitB] = await Promise.all([a.stop(), b.stop()]);
    stop.abort();
    const outcomes = await load;

    expect([exitA, exitB]).toEqual([0, 0]);
    const counts = JSON.stringify(tally(outcomes));
    const answered = outcomes.filter((outcome) => outcome.status === 200).length;
    const unanswered = outcomes.filter((outcome) => outcome.status === undefined).length;
    expect(
      outcomes.every((o) => o.status === 200 || o.status === undefined),
      counts,
    ).toBe(true);
    expect(answered, counts).toBeGreaterThan(20);
    const [row] = await queryDatabase<{ count: string }>(
      databaseUrl,
      "select count(*) as count from validation_events where account_id = $1",
      [customer.accountId],
    );
    const recorded = Number(row?.count);
    expect(recorded, counts).toBeGreaterThanOrEqual(answered);
    expect(recorded, counts).toBeLessThanOrEqual(answered + unanswered);
  });
});
