import { describeHostileInput } from "./support/hostile-suite.ts";

// A few generated requests per operation, inside `npm test`; the thorough run is
// hostile-input.reliability.ts (`npm run test:reliability`).
await describeHostileInput({ numRuns: Number(process.env.HOSTILE_RUNS ?? 4) });
