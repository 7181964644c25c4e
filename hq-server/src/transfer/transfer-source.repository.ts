import { Injectable } from '@nestjs/common';
import { queryRows, sqlStatements } from '@chain-erp/shared';
import { EntityManager } from 'typeorm';
import { ANY_STORE, FailureCounter, LOCKOUT_LIMITS, recordFailure } from './source-lockout';

/** What verifying a signed request needs, in one round trip: the claimed store (if it exists) and the source's state. */
export interface SignedRequestStateRow {
  store_id: string | null;
  code: string | null;
  status: string | null;
  key: Buffer | null;
  previous_key: Buffer | null;
  previous_key_until: Date | null;
  /** this source is locked (for this code, or across codes) until then */
  locked_until: Date | null;
}

interface CounterRow {
  failures: number;
  total_failures: number;
  lock_count: number;
  first_failed_at: Date;
  last_failed_at: Date;
  locked_until: Date | null;
}

/** A failure as counted: tries left before a lock (the fewer of the two counters), or the lock. */
export interface FailureOutcome {
  triesLeft: number;
  lockedUntil: Date | null;
}

const SQL = sqlStatements(
  'transfer.source',
  {
    requestState: `SELECT s.store_id, s.code, s.status, s.key, s.previous_key, s.previous_key_until, f.locked_until
         FROM (SELECT max(locked_until) AS locked_until FROM transfer_source_failure WHERE source = $2 AND store_code IN ($1, '*') AND locked_until > now()) f
         LEFT JOIN LATERAL (SELECT t.store_id, o.code, t.status, t.key, t.previous_key, t.previous_key_until
                              FROM store_transfer t JOIN org_unit o ON o.id = t.store_id WHERE o.code = $1 AND o.kind = 'store') s ON true`,
    insertFailure: `INSERT INTO transfer_source_failure (source, store_code, first_failed_at, last_failed_at, last_reason) VALUES ($1, $2, $3, $3, $4) ON CONFLICT DO NOTHING`,
    counter: `SELECT failures, total_failures, lock_count, first_failed_at, last_failed_at, locked_until FROM transfer_source_failure WHERE source = $1 AND store_code = $2 FOR UPDATE`,
    updateCounter: `UPDATE transfer_source_failure SET failures = $3, total_failures = $4, lock_count = $5, first_failed_at = $6, last_failed_at = $7, locked_until = $8, last_reason = $9
          WHERE source = $1 AND store_code = $2`,
    lockedUntilFor: `SELECT max(locked_until) AS until FROM transfer_source_failure WHERE store_code = $1 AND locked_until > now()`,
    releaseStore: `DELETE FROM transfer_source_failure WHERE store_code = $1 RETURNING source`,
    releaseSource: `DELETE FROM transfer_source_failure WHERE source = $1 RETURNING source`,
    prune: `DELETE FROM transfer_source_failure WHERE greatest(last_failed_at, coalesce(locked_until, last_failed_at)) < now() - make_interval(secs => $1)`,
    nonce: `INSERT INTO transfer_nonce (store_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING nonce`,
    contact: `UPDATE store_transfer SET last_contact_at = now() WHERE store_id = $1 AND (last_contact_at IS NULL OR last_contact_at < now() - interval '5 seconds')`,
    pruneNonces: `DELETE FROM transfer_nonce WHERE seen_at < now() - make_interval(secs => $1)`,
  },
  ['hq'],
);

/** SQL of the transfer channel's signed requests: per-source lockout (transfer_source_failure), nonces, contact. */
@Injectable()
export class TransferSourceRepository {
  /** The claimed store and the source's lock, on every signed request: prepared, planned once per connection. */
  async requestState(m: EntityManager, storeCode: string, source: string): Promise<SignedRequestStateRow> {
    const [row] = await queryRows<SignedRequestStateRow>(m, SQL.requestState, [storeCode, source], { prepared: true });
    return row;
  }

  /**
   * Counts one failure of `source` claiming `storeCode`, on both counters (the pair, and the address
   * across codes), each row locked while it is updated so concurrent failures all count.
   */
  async recordFailure(m: EntityManager, source: string, storeCode: string, reason: string, now = new Date()): Promise<FailureOutcome> {
    const outcomes: FailureOutcome[] = [];
    for (const [code, limit] of [
      [storeCode, LOCKOUT_LIMITS.perStore],
      [ANY_STORE, LOCKOUT_LIMITS.perSource],
    ] as const) {
      await m.query(SQL.insertFailure, [source, code, now, reason]);
      const [prev] = await queryRows<CounterRow>(m, SQL.counter, [source, code]);
      const before: FailureCounter | null =
        prev.total_failures === 0
          ? null
          : {
              failures: prev.failures,
              totalFailures: prev.total_failures,
              lockCount: prev.lock_count,
              firstFailedAt: prev.first_failed_at,
              lastFailedAt: prev.last_failed_at,
              lockedUntil: prev.locked_until,
            };
      const next = recordFailure(before, now, limit);
      await m.query(SQL.updateCounter, [source, code, next.failures, next.totalFailures, next.lockCount, next.firstFailedAt, next.lastFailedAt, next.lockedUntil, reason]);
      outcomes.push({ triesLeft: next.triesLeft, lockedUntil: next.lockedUntil });
    }
    const locks = outcomes.map((o) => o.lockedUntil).filter((d): d is Date => d !== null);
    return { triesLeft: Math.min(...outcomes.map((o) => o.triesLeft)), lockedUntil: locks.length ? new Date(Math.max(...locks.map((d) => d.getTime()))) : null };
  }

  /** The latest lock of any source on this store code, if one holds now. */
  async lockedUntilFor(m: EntityManager, storeCode: string): Promise<Date | null> {
    const [r] = await queryRows<{ until: Date | null }>(m, SQL.lockedUntilFor, [storeCode]);
    return r?.until ?? null;
  }

  /**
   * HQ lifts the locks and counts of every source on this store's code (reinstate). An address
   * locked across codes (it tried many stores: a scanner, not a store) stays locked: release it
   * by its address.
   */
  async releaseStore(m: EntityManager, storeCode: string): Promise<number> {
    return (await queryRows(m, SQL.releaseStore, [storeCode])).length;
  }

  /** HQ lifts the lock and counts of one address, for every code. */
  async releaseSource(m: EntityManager, source: string): Promise<number> {
    return (await queryRows(m, SQL.releaseSource, [source])).length;
  }

  /** Counters quiet for longer than the lock memory have nothing left to say. */
  async prune(m: EntityManager): Promise<void> {
    await m.query(SQL.prune, [LOCKOUT_LIMITS.lockMemoryMs / 1000]);
  }

  /** Records a signed request's nonce; false: seen before (a replay). */
  async claimNonce(m: EntityManager, storeId: string, nonce: string): Promise<boolean> {
    return (await queryRows<{ nonce: string }>(m, SQL.nonce, [storeId, nonce])).length > 0;
  }

  /** Contact bookkeeping, at most every few seconds per store. */
  async touchContact(m: EntityManager, storeId: string): Promise<void> {
    await m.query(SQL.contact, [storeId]);
  }

  /** Nonces older than `seconds` can no longer come back (their timestamps are refused). */
  async pruneNonces(m: EntityManager, seconds: number): Promise<void> {
    await m.query(SQL.pruneNonces, [seconds]);
  }
}
