/**
 * What the guard learned about a sign-in, kept for a few seconds (AUTH_CACHE_SECONDS) so a till's
 * requests do not each cost a database round trip. The bound is the point: another HQ instance's
 * change reaches this one within `ttlMs`. A change made here is seen at once: `bypass` makes every
 * request of those users read the database until the change has surely committed and been read.
 */
export class SessionCache<T extends { userId: string }> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  private readonly bypassUntil = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(sessionId: string): T | undefined {
    if (this.ttlMs <= 0) return undefined;
    const e = this.entries.get(sessionId);
    if (!e) return undefined;
    if (this.now() - e.at >= this.ttlMs || this.bypassed(e.value.userId)) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return e.value;
  }

  set(sessionId: string, value: T): void {
    if (this.ttlMs <= 0 || this.bypassed(value.userId)) return;
    if (this.entries.size >= this.maxEntries) {
      // the oldest first (a Map iterates in insertion order)
      const first = this.entries.keys().next().value;
      if (first !== undefined) this.entries.delete(first);
    }
    this.entries.set(sessionId, { value, at: this.now() });
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  /**
   * These users' state is changing in a transaction that has not committed yet: read it from the
   * database for the next `forMs` (the transaction's commit lies inside that window), cache nothing.
   */
  bypass(userIds: Iterable<string>, forMs: number): void {
    const until = this.now() + forMs;
    const users = new Set(userIds);
    for (const id of users) this.bypassUntil.set(id, Math.max(until, this.bypassUntil.get(id) ?? 0));
    for (const [sid, e] of this.entries) if (users.has(e.value.userId)) this.entries.delete(sid);
    if (this.bypassUntil.size > this.maxEntries) for (const [id, t] of this.bypassUntil) if (t <= this.now()) this.bypassUntil.delete(id);
  }

  /** Everything may have changed (e.g. a sync brought new users, roles and grants). */
  clear(): void {
    this.entries.clear();
  }

  private bypassed(userId: string): boolean {
    const t = this.bypassUntil.get(userId);
    if (t === undefined) return false;
    if (t > this.now()) return true;
    this.bypassUntil.delete(userId);
    return false;
  }
}
