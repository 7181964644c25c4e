/** How a store's inbox processing waits for its run of pushes to pause (`PushArrivals.settled`). */
export interface PushQuietPolicy {
  /** the store's pushes count as a run while the last one arrived this recently */
  quietMs: number;
  /** the longest wait, whatever the store does: its records are always processed */
  maxWaitMs: number;
  /** how often the wait looks again */
  pollMs: number;
}

export const PUSH_QUIET: PushQuietPolicy = { quietMs: 400, maxWaitMs: 10_000, pollMs: 50 };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
// monotonic: a wall clock set back during a wait would stretch it
const now = () => performance.now();

/**
 * When this HQ instance last took a push of each store. A store sends a backlog as a run of
 * batches back to back; the inbox job of that store waits until the run pauses before processing
 * it, so the job's PostgreSQL work (its handler's rows, the status marks) does not compete on the
 * database with the batches still arriving — the store's sync ends sooner, and the records are
 * then processed in full batches. A wait is bounded (`maxWaitMs`). Per instance: pushes another HQ
 * instance takes are not seen here (processing then overlaps them, as it did before). One per
 * process (HqTransferModule provides it).
 */
export class PushArrivals {
  /** per store: pushes being taken, and when the last one ended */
  private readonly stores = new Map<string, { inFlight: number; lastEnd: number }>();

  constructor(private readonly policy: PushQuietPolicy = PUSH_QUIET) {}

  /** Wraps the taking of one push of this store: in flight until it settles, however it ends. */
  async taking<T>(storeId: string, push: () => Promise<T>): Promise<T> {
    let s = this.stores.get(storeId);
    if (!s) this.stores.set(storeId, (s = { inFlight: 0, lastEnd: Number.NEGATIVE_INFINITY }));
    s.inFlight++;
    try {
      return await push();
    } finally {
      s.inFlight--;
      s.lastEnd = now();
    }
  }

  /** Whether the store's pushes are still arriving: one is being taken, or one ended `quietMs` ago or less. */
  arriving(storeId: string, at = now()): boolean {
    const s = this.stores.get(storeId);
    return !!s && (s.inFlight > 0 || at - s.lastEnd < this.policy.quietMs);
  }

  /** Waits until the store's pushes paused (at most `maxWaitMs`); answers how long it waited. */
  async settled(storeId: string): Promise<number> {
    const start = now();
    let waited = 0;
    while (waited < this.policy.maxWaitMs && this.arriving(storeId)) {
      await sleep(Math.min(this.policy.pollMs, this.policy.maxWaitMs - waited));
      waited = now() - start;
    }
    // an entry is needed only while the store's pushes arrive
    if (!this.arriving(storeId)) this.stores.delete(storeId);
    return waited;
  }
}
