import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, compareCursors, Cursor, JobName, JobQueue, OnJob, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { ChangeFeedRepository } from './change-feed.repository';

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
    private readonly feed: ChangeFeedRepository,
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
        await this.feed.lockPrune(m);
        const read = (await this.feed.confirmedCursors(m)).sort(compareCursors)[0] ?? null;
        const young = await this.feed.firstYoungerThan(m, keepMs);
        const recent = await this.feed.firstYoungerThan(m, maxAgeMs);
        const pruned = await this.feed.prunePrefix(m, read, young, recent, batch);
        if (!pruned) return 0;
        await this.feed.setHorizon(m, pruned.end);
        return pruned.deleted;
      });
      deleted += step;
      if (step < batch) break;
    }
    return { deleted, horizon: await this.feed.horizon(this.connection.manager(new RequestContext(null))) };
  }
}
