/**
 * Lets other requests in between parts of a long synchronous loop (an import batch of thousands of
 * rows): a request waiting on HQ's event loop waits one part, not the whole batch.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** rows between two yields in a batch loop (a power of two, minus one: `(i & YIELD_MASK) === YIELD_MASK`) */
export const YIELD_MASK = 127;
