import { LOCKOUT_LIMITS, recordFailure } from './source-lockout';

describe('recordFailure (the transfer lockout policy)', () => {
  const t0 = new Date('2026-12-01T08:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const run = (n: number, start = 0, limit = 5) => {
    let c = null as ReturnType<typeof recordFailure> | null;
    for (let i = 0; i < n; i++) c = recordFailure(c, at(start + i * 1000), limit);
    return c!;
  };

  it('counts down the tries and locks at the limit for 15 minutes', () => {
    expect([1, 2, 3, 4].map((n) => run(n).triesLeft)).toEqual([4, 3, 2, 1]);
    expect(run(4).lockedUntil).toBeNull();
    const fifth = run(5);
    expect(fifth.triesLeft).toBe(0);
    expect(fifth.lockedUntil!.getTime() - at(4000).getTime()).toBe(LOCKOUT_LIMITS.baseLockMs);
  });

  it('doubles the next lock when the address keeps failing, up to a day', () => {
    let c = run(5);
    const lengths: number[] = [];
    for (let round = 0; round < 9; round++) {
      const start = c.lockedUntil!.getTime() - t0.getTime() + 1000;
      for (let i = 0; i < 5; i++) c = recordFailure(c, at(start + i * 1000), 5);
      lengths.push((c.lockedUntil!.getTime() - c.lastFailedAt.getTime()) / 60_000);
    }
    expect(lengths).toEqual([30, 60, 120, 240, 480, 960, 1440, 1440, 1440]);
  });

  it('forgets failures after an hour of quiet, and the locks after a quiet day', () => {
    const two = run(2);
    expect(recordFailure(two, at(61 * 60_000), 5).triesLeft).toBe(4);
    const locked = run(5);
    const sameDay = recordFailure(
      recordFailure(recordFailure(recordFailure(recordFailure(locked, at(2 * 3600_000), 5), at(2 * 3600_000 + 1), 5), at(2 * 3600_000 + 2), 5), at(2 * 3600_000 + 3), 5),
      at(2 * 3600_000 + 4),
      5,
    );
    expect(sameDay.lockCount).toBe(2);
    let nextDay = recordFailure(locked, at(25 * 3600_000), 5);
    for (let i = 1; i < 5; i++) nextDay = recordFailure(nextDay, at(25 * 3600_000 + i), 5);
    expect(nextDay.lockCount).toBe(1);
    expect(nextDay.lockedUntil!.getTime() - nextDay.lastFailedAt.getTime()).toBe(LOCKOUT_LIMITS.baseLockMs);
  });
});
