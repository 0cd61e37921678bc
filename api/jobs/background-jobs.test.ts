import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { capturingLogger } from "../test/log-capture.ts";
import { startJobs } from "./background-jobs.ts";
import { JOB_SCHEDULE, type JobName } from "./job-schedule.ts";

const names = Object.keys(JOB_SCHEDULE) as JobName[];

describe("the job schedule", () => {
  it("gives each job that must run alone a lock id of its own", () => {
    const locked = names.filter((name) => JOB_SCHEDULE[name].lockId !== null);
    expect(locked.sort()).toEqual([
      "expiryNotices",
      "heartbeat",
      "releaseNotices",
      "validationPartitions",
    ]);
    const ids = locked.map((name) => JOB_SCHEDULE[name].lockId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(Number.isSafeInteger(id)).toBe(true);
  });

  it("runs every job at least once a day", () => {
    for (const name of names) {
      expect(JOB_SCHEDULE[name].intervalMs, name).toBeGreaterThan(0);
      expect(JOB_SCHEDULE[name].intervalMs, name).toBeLessThanOrEqual(86_400_000);
    }
  });
});

describe("startJobs", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t?.close());

  it("starts every job of the schedule, and after stop none runs again", async () => {
    const { logger, lines } = capturingLogger("debug");
    const runs = () => lines.filter((line) => line.msg === "job ran");
    const runsOf = (name: JobName) =>
      runs().filter((line) => line.job === JOB_SCHEDULE[name].name).length;
    const fast = Object.fromEntries(names.map((name) => [name, { intervalMs: 20, firstRunMs: 1 }]));
    const running = startJobs(
      { ...t.deps, config: { ...t.deps.config, mailConsole: true }, logger },
      { timing: fast, mailConsole: { write: () => true } },
    );
    try {
      expect(Object.keys(running.jobs).sort()).toEqual([...names].sort());
      // Each job runs on its own timer, several times, and none fails.
      await expect
        .poll(() => names.filter((name) => runsOf(name) < 2), { timeout: 10_000 })
        .toEqual([]);
    } finally {
      await running.stop({ deadlineMs: 5000 });
    }
    const afterStop = runs().length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(runs().length).toBe(afterStop);
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
