import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, compareCursors, Cursor, JobName, JobQueue, OnJob, parseCursor, queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';

const HOUR_MS = 3600_000;

export interface PruneOptions {
  /** rows younger than this stay, even when every store has read them (recent history to look at) */
  keepMs?: number;
  /** rows older than this go, even when a store has not read them (it takes a snapshot instead) */
  maxAgeMs?: number;
  batch?: number;
}

function hoursFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw !== undefined && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : fallback;
}

/**
 * Keeps the change feed from growing forever: deletes rows every active store has confirmed (below
 * the smallest confirmed cursor) once they are older than TRANSFER_FEED_KEEP_HOURS (24), and rows
 * older than TRANSFER_FEED_MAX_DAYS (30) whoever still needs them. What goes is always a prefix in
 * (xid, seq) order; its end is kept in change_feed_horizon, and a store whose cursor is behind it is
 * told to take a snapshot. Hourly (the transfer.prune-feed job), off in tests.
 */
@Injectable()
export class ChangeFeedPruner implements OnApplicationBootstrap {
  private readonly logger = new Logger('ChangeFeedPruner');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv !== 'test') await this.jobs.repeat(JobName.TransferPruneFeed, HOUR_MS, {});
  }

  @OnJob(JobName.TransferPruneFeed)
  async onJob(): Promise<void> {
    const r = await this.prune();
    if (r.deleted) this.logger.log(r, 'change feed pruned');
  }

  async prune(options: PruneOptions = {}): Promise<{ deleted: number; horizon: Cursor }> {
    const keepMs = options.keepMs ?? hoursFromEnv('TRANSFER_FEED_KEEP_HOURS', 24) * HOUR_MS;
    const maxAgeMs = options.maxAgeMs ?? hoursFromEnv('TRANSFER_FEED_MAX_DAYS', 30) * 24 * HOUR_MS;
    const batch = options.batch ?? 50_000;
    let deleted = 0;
    for (;;) {
      const step = await this.connection.withTransaction(new RequestContext(null, 'job:prune-feed'), async (tx) => {
        const m = this.connection.manager(tx);
        // one pruner at a time (several HQ instances share the schedule, a manual run may overlap)
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('change_feed_prune'))`);
        const confirmed = await queryRows<{ c: string }>(m, `SELECT confirmed_cursor AS c FROM store_transfer WHERE status = 'active' AND confirmed_cursor IS NOT NULL`);
        const read = confirmed.map((r) => r.c).sort(compareCursors)[0] ?? null;
        const young = await this.firstYoungerThan(tx, keepMs);
        const recent = await this.firstYoungerThan(tx, maxAgeMs);
        const p = (c: Cursor | null) => (c ? [parseCursor(c).xid, parseCursor(c).seq] : [null, null]);
        const rows = await queryRows<{ n: number; xid: string; seq: string }>(
          m,
          `WITH d AS (
             DELETE FROM change_feed WHERE seq IN (
               SELECT f.seq FROM change_feed f
                WHERE f.xid < pg_snapshot_xmin(pg_current_snapshot())
                  AND (($1::xid8 IS NOT NULL AND (f.xid, f.seq) <= ($1::xid8, $2::bigint) AND ($3::xid8 IS NULL OR (f.xid, f.seq) < ($3::xid8, $4::bigint)))
                       OR $5::xid8 IS NULL OR (f.xid, f.seq) < ($5::xid8, $6::bigint))
                ORDER BY f.xid, f.seq LIMIT $7)
             RETURNING xid, seq)
           SELECT count(*) OVER ()::int AS n, xid::text, seq::text FROM d ORDER BY xid DESC, seq DESC LIMIT 1`,
          [...p(read), ...p(young), ...p(recent), batch],
        );
        if (!rows.length) return 0;
        const end = `${rows[0].xid}:${rows[0].seq}`;
        await m.query(`UPDATE change_feed_horizon SET position = $1, pruned_at = now() WHERE NOT (position = $1)`, [end]);
        return rows[0].n;
      });
      deleted += step;
      if (step < batch) break;
    }
    const [h] = await queryRows<{ position: string }>(this.connection.manager(new RequestContext(null)), `SELECT position FROM change_feed_horizon`);
    return { deleted, horizon: h.position };
  }

  /**
   * The first feed row (by time) younger than `ms`, as a position: rows before it are about that old
   * (a row's time is its transaction's start, close to but not exactly in feed order — a window, not
   * a bound the protocol relies on). null when no row is that young: all of them are older.
   */
  private async firstYoungerThan(ctx: RequestContext, ms: number): Promise<Cursor | null> {
    const [r] = await queryRows<{ xid: string; seq: string }>(
      this.connection.manager(ctx),
      `SELECT xid::text, seq::text FROM change_feed WHERE at >= now() - make_interval(secs => $1::double precision / 1000) ORDER BY at, seq LIMIT 1`,
      [ms],
    );
    return r ? `${r.xid}:${r.seq}` : null;
  }
}
