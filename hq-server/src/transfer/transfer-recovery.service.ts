import { Injectable, Logger } from '@nestjs/common';
import { CheckRequest, CheckResult, compareCursors, incarnationInfo, ReconcilePage, ReconcileRequest, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { ChangeFeedRepository } from './change-feed.repository';
import { TransferCaller } from './transfer-auth.service';
import { TransferRecoveryRepository } from './transfer-recovery.repository';

/**
 * Restores on either side (docs/backup.md, docs/transfer.md §7): `check`, asked at the start of
 * every sync run, tells the store HQ's incarnation (a new one: HQ was restored, the store sends again
 * what HQ lost), whether the store's outbox is behind what HQ received from it (the store lost
 * records: it must reconcile before it pushes or sells), and whether its cursor is ahead of HQ's
 * feed (HQ lost changes). `reconcile` gives a restored store, page by page, what HQ holds of it.
 * Both answer for the signing store only.
 */
@Injectable()
export class TransferRecoveryService {
  private readonly logger = new Logger('TransferRecovery');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly feed: ChangeFeedRepository,
    private readonly repo: TransferRecoveryRepository,
  ) {}

  async check(ctx: RequestContext, caller: TransferCaller, req: CheckRequest): Promise<CheckResult> {
    const m = this.connection.manager(ctx);
    const [incarnation, maxSeq, stable] = [await this.repo.incarnation(m), await this.repo.maxSeq(m, caller.storeId), await this.feed.stablePosition(m)];
    const storeBehind = maxSeq !== null && (req.outboxSeq === null || req.outboxSeq === undefined || BigInt(req.outboxSeq) < BigInt(maxSeq));
    const hqBehind = !!req.cursor && compareCursors(req.cursor, stable) > 0;
    if (storeBehind) this.logger.warn({ store: caller.storeCode, outboxSeq: req.outboxSeq, received: maxSeq }, 'store outbox is behind what HQ received: it must reconcile');
    if (hqBehind) this.logger.warn({ store: caller.storeCode, cursor: req.cursor, feed: stable }, 'store cursor is ahead of the change feed: HQ went back in time');
    return { hqIncarnation: incarnation ? incarnationInfo(incarnation) : null, storeBehind, hqBehind };
  }

  async reconcile(ctx: RequestContext, caller: TransferCaller, req: ReconcileRequest): Promise<ReconcilePage> {
    // one snapshot: the page, the marks and the seq agree with each other
    return this.connection.withTransaction(
      ctx,
      async (tx) => {
        const m = this.connection.manager(tx);
        const page: ReconcilePage = await this.repo.records(m, caller.storeId, req.since, req.after, req.limit);
        if (!req.after) {
          page.highWater = await this.repo.highWater(m, caller.storeId, req.since);
          page.maxSeq = await this.repo.maxSeq(m, caller.storeId);
          await this.repo.markReconciled(m, caller.storeId);
          this.logger.warn({ store: caller.storeCode, since: req.since, series: page.highWater.length, maxSeq: page.maxSeq }, 'restored store reconciling');
        }
        return page;
      },
      { isolation: 'REPEATABLE READ' },
    );
  }
}
