/**
 * The transfer channel's lockout policy, as a pure calculator (docs/security.md §3). Failed
 * signatures are counted per *source* — the client address, per store code it claimed, and across
 * codes — never per store: an attacker's failures lock the attacker's address, and a correctly
 * signed request from anywhere else is served.
 */

/** A store code standing for "every code this address tried" (the address-wide counter). */
export const ANY_STORE = '*';

export interface LockoutLimits {
  /** failures of one address claiming one store code before that pair is locked */
  perStore: number;
  /** failures of one address across all codes before the address is locked for every code */
  perSource: number;
  /** failures older than this are forgotten (a fresh count starts) */
  windowMs: number;
  /** the first lock; each further lock doubles, up to maxLockMs */
  baseLockMs: number;
  maxLockMs: number;
  /** a quiet day (after the last failure or lock) forgives the earlier locks: the next lock is short again */
  lockMemoryMs: number;
}

export const LOCKOUT_LIMITS: LockoutLimits = {
  perStore: 5,
  perSource: 20,
  windowMs: 60 * 60_000,
  baseLockMs: 15 * 60_000,
  maxLockMs: 24 * 3600_000,
  lockMemoryMs: 24 * 3600_000,
};

/** One counter (an address × a code, or an address across codes). */
export interface FailureCounter {
  failures: number;
  totalFailures: number;
  lockCount: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  lockedUntil: Date | null;
}

/**
 * The counter after one more failure at `now`, with `limit` failures allowed before a lock. The
 * back-off is in the locks: 15 minutes, then 30, 60 … up to a day for an address that keeps failing.
 */
export function recordFailure(prev: FailureCounter | null, now: Date, limit: number, l: LockoutLimits = LOCKOUT_LIMITS): FailureCounter & { triesLeft: number } {
  const t = now.getTime();
  const fresh = !prev || t - prev.lastFailedAt.getTime() > l.windowMs || (prev.lockedUntil !== null && prev.lockedUntil.getTime() <= t);
  // quiet since the last failure or the end of the last lock, whichever is later
  const forgiven = !prev || t - Math.max(prev.lastFailedAt.getTime(), prev.lockedUntil?.getTime() ?? 0) > l.lockMemoryMs;
  const failures = fresh ? 1 : prev.failures + 1;
  let lockCount = forgiven ? 0 : prev.lockCount;
  let lockedUntil: Date | null = null;
  if (failures >= limit) {
    lockCount += 1;
    lockedUntil = new Date(t + Math.min(l.baseLockMs * 2 ** (lockCount - 1), l.maxLockMs));
  }
  return {
    failures,
    totalFailures: (prev?.totalFailures ?? 0) + 1,
    lockCount,
    firstFailedAt: fresh || !prev ? now : prev.firstFailedAt,
    lastFailedAt: now,
    lockedUntil,
    triesLeft: Math.max(limit - failures, 0),
  };
}
