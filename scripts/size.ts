// `npm run size`: the elements' bundle sizes against their budgets; exits non-zero over budget.
import { run } from "../bench/elements-size.ts";

process.exitCode = (await run()) ? 0 : 1;
