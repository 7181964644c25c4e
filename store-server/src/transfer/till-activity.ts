/** How the sync gives way to the tills (`TillActivity.giveWay`). */
export interface GiveWayPolicy {
  /** a sale that ended this recently still counts as the tills selling (the next one is coming) */
  recentMs: number;
  /** the pause after a step of the sync, as a share of how long that step took (1: the sync runs at most half the time) */
  share: number;
  /** the longest pause after one step, whatever the step took: the sync always moves on */
  maxPauseMs: number;
  /** how often a pause looks again whether the tills still sell (it ends early when they stopped) */
  pollMs: number;
}

export const GIVE_WAY: GiveWayPolicy = { recentMs: 500, share: 1, maxPauseMs: 1_000, pollMs: 25 };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
// a monotonic clock: the store PC's wall clock may be set back during a pause (a cashier fixing it,
// an NTP step), and a pause measured by it would then last as long as the clock moved
const now = () => performance.now();

/**
 * "The tills are selling": sales in flight and the end of the last one, noted by the sale path.
 * The store's sync asks it between its steps (pull and snapshot pages, push batches) and pauses
 * while the tills sell, so the sync's own work (its PostgreSQL statements, HQ's answers, JSON on
 * this thread) takes the cores the tills' sales need for at most about half the time. A pause is
 * bounded (`maxPauseMs` after each step): the sync is slowed, never stopped. One per process
 * (StoreTransferModule provides it).
 */
export class TillActivity {
  private inFlight = 0;
  private lastEnd = Number.NEGATIVE_INFINITY;
  /** when the sync's current step began (its start, or the end of its last pause); null before any sync */
  private stepStart: number | null = null;
  /** what the pauses cost the sync since the process started, for the sync's log line */
  private paused = { count: 0, ms: 0 };

  constructor(private readonly policy: GiveWayPolicy = GIVE_WAY) {}

  /** Wraps one sale: counted as in flight until it settles, however it ends. */
  async selling<T>(sale: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await sale();
    } finally {
      this.inFlight--;
      this.lastEnd = now();
    }
  }

  busy(at = now()): boolean {
    return this.inFlight > 0 || at - this.lastEnd < this.policy.recentMs;
  }

  /**
   * Called by the sync between two steps. While the tills sell, pauses for `share` × the time
   * the step just finished took (at most `maxPauseMs`), ending early when they stop; when they
   * are not selling, answers at once.
   */
  async giveWay(): Promise<void> {
    const start = now();
    const step = this.stepStart === null ? 0 : start - this.stepStart;
    const budget = Math.min(this.policy.maxPauseMs, step * this.policy.share);
    let waited = 0;
    while (waited < budget && this.busy()) {
      await sleep(Math.min(this.policy.pollMs, budget - waited));
      waited = now() - start;
    }
    if (waited > 0) {
      this.paused.count++;
      this.paused.ms += waited;
    }
    this.stepStart = now();
  }

  /** A sync starts: its first step begins now. */
  syncStarted(): void {
    this.stepStart = now();
  }

  /** Pauses so far (count and milliseconds), for the sync's log line. */
  pauses(): { count: number; ms: number } {
    return { ...this.paused };
  }
}
