import { describeHostileInput } from "./support/hostile-suite.ts";

// The thorough run of the hostile-input property: many generated requests per operation.
await describeHostileInput({ numRuns: Number(process.env.HOSTILE_RUNS ?? 100) });
