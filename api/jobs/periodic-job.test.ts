import { describe, expect, it } from "vitest";
import { capturingLogger } from "../test/log-capture.ts";
import { startPeriodicJob } from "./periodic-job.ts";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startPeriodicJob", () => {
  it("runs after the first delay, then on its interval, and not after stop", async () => {
    const { logger } = capturingLogger();
    let runs = 0;
    const job = startPeriodicJob(logger, {
      name: "test job",
      run: async () => ++runs,
      intervalMs: 20,
      firstRunMs: 5,
    });
    await expect.poll(() => runs, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await job.stop();
    const stoppedAt = runs;
    await tick(100);
    expect(runs).toBe(stoppedAt);
    // On demand it still runs, and answers the run's result.
    expect(await job.runOnce()).toBe(stoppedAt + 1);
  });

  it("logs a failing run under the job's name and keeps its schedule", async () => {
    const { logger, lines } = capturingLogger();
    let runs = 0;
    const job = startPeriodicJob(logger, {
      name: "flaky job",
      run: async () => {
        runs++;
        if (runs === 1) throw new Error("database away");
        return runs;
      },
      intervalMs: 10,
    });
    try {
      await expect.poll(() => runs, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    } finally {
      await job.stop();
    }
    const failure = lines.find((line) => line.msg === "flaky job failed");
    expect(failure).toMatchObject({ level: 50, err: { message: "database away" } });
    expect(lines.filter((line) => line.msg === "flaky job failed")).toHaveLength(1);
  });

  it("never overlaps runs, and stop waits for the one in progress", async () => {
    const { logger } = capturingLogger();
    let active = 0;
    let most = 0;
    let finished = 0;
    const job = startPeriodicJob(logger, {
      name: "slow job",
      run: async () => {
        active++;
        most = Math.max(most, active);
        await tick(30);
        active--;
        return ++finished;
      },
      intervalMs: 60_000,
    });
    const runs = [job.runOnce(), job.runOnce(), job.runOnce()];
    const stopping = job.stop();
    await Promise.all(runs);
    await stopping;
    expect(most).toBe(1);
    expect(finished).toBe(3);
    expect(active).toBe(0);
  });

  it("reports a run's result through `report`", async () => {
    const { logger, lines } = capturingLogger();
    const job = startPeriodicJob(logger, {
      name: "reporting job",
      run: async () => 7,
      intervalMs: 60_000,
      report: (count, log) => log.info({ count }, "did things"),
    });
    await job.runOnce();
    await job.stop();
    expect(lines).toContainEqual(expect.objectContaining({ msg: "did things", count: 7 }));
  });
});
