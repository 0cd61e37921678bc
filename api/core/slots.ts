/**
 * At most `size` tasks at once; the others wait their turn in the order they
 * came. For work that would otherwise take every core or every database
 * connection in a burst (password hashing, sign-ins).
 */
export interface Slots {
  /** Runs `work` in a slot, waiting for one first if all are taken. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Tasks running and waiting now (tests, diagnostics). */
  readonly running: number;
  readonly waiting: number;
}

/**
 * @example
 * const hashing = createSlots(2);
 * const stored = await hashing.run(() => hash(password));
 */
export function createSlots(size: number): Slots {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size: ${size} is not ≥ 1`);
  let inUse = 0;
  const waiting: (() => void)[] = [];
  return {
    get running() {
      return inUse;
    },
    get waiting() {
      return waiting.length;
    },
    async run(work) {
      if (inUse < size) inUse++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        // Hand the slot to the next in line, or give it back.
        const next = waiting.shift();
        if (next) next();
        else inUse--;
      }
    },
  };
}
